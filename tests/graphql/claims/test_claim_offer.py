"""claimOffer: staff offer a resolution for claimed lines; a partial refund names an amount
(never above the order's total), a full refund lets Saleor compute it; a new offer replaces
the old."""

from __future__ import annotations

from typing import Any

import httpx

from tests.graphql.claims.flow import CLAIM_FIELDS, call, filed, staff_token
from tests.saleor_double import SaleorDouble

OFFER = (
    """
mutation Offer($id: ID!, $input: ClaimResolutionInput!, $message: String) {
  claimOffer(id: $id, input: $input, message: $message) {
    claim { ...ClaimFields } errors { field code message }
  }
}
"""
    + CLAIM_FIELDS
)


async def offer(
    client: httpx.AsyncClient, saleor: SaleorDouble, claim: dict[str, Any], **input: Any
) -> dict[str, Any]:
    variables = {"id": claim["id"], "input": input, "message": "Would this help?"}
    return await call(client, saleor, OFFER, variables, token=staff_token(saleor))


async def test_staff_offer_a_partial_refund_and_the_clock_stops(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)

    payload = await offer(client, installed, claim, kind="PARTIAL_REFUND", amount="7.50")

    made = payload["claim"]
    assert payload["errors"] == []
    assert made["status"] == "OFFER_MADE" and made["dueAt"] is None
    assert made["offer"]["kind"] == "PARTIAL_REFUND" and made["offer"]["status"] == "OFFERED"
    assert (made["offer"]["amount"], made["offer"]["currency"]) == ("7.5000", "USD")
    assert made["offer"]["refundedAmount"] is None
    assert made["messages"][-1]["body"] == "Would this help?"


async def test_a_new_offer_replaces_the_old_one(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)
    first = await offer(client, installed, claim, kind="REPLACEMENT")

    second = await offer(client, installed, claim, kind="REFUND", includeShipping=True)

    assert second["claim"]["offer"]["id"] != first["claim"]["offer"]["id"]
    assert second["claim"]["offer"]["kind"] == "REFUND"
    assert second["claim"]["offer"]["lines"] == first["claim"]["offer"]["lines"]


async def test_an_offer_must_fit_the_claim(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)
    line = claim["lines"][0]["orderLineId"]

    no_amount = await offer(client, installed, claim, kind="PARTIAL_REFUND")
    too_much = await offer(client, installed, claim, kind="PARTIAL_REFUND", amount="40.01")
    amount_on_refund = await offer(client, installed, claim, kind="REFUND", amount="5")
    more_lines = await offer(
        client, installed, claim, kind="REFUND", lines=[{"orderLineId": line, "quantity": 2}]
    )

    assert no_amount["errors"][0] == {
        "field": "amount", "code": "REQUIRED", "message": "Name the amount to refund."
    }  # fmt: skip
    assert too_much["errors"][0]["field"] == "amount"
    assert amount_on_refund["errors"][0]["code"] == "INVALID"
    assert more_lines["errors"][0]["code"] == "QUANTITY_EXCEEDED"
