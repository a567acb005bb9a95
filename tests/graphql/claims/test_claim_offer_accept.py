"""claimOfferAccept: the buyer accepts the offer on the table; the refund starts in Saleor
at once, and the claim shows no refund until Saleor confirms it."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import CLAIM_FIELDS, call, filed, staff_token
from tests.graphql.claims.offers import offered
from tests.saleor_double import SaleorDouble

ACCEPT = (
    """
mutation Accept($id: ID!, $offerId: ID!, $email: String) {
  claimOfferAccept(id: $id, offerId: $offerId, email: $email) {
    claim { ...ClaimFields } errors { field code message }
  }
}
"""
    + CLAIM_FIELDS
)


async def test_accepting_a_refund_asks_saleor_and_waits_for_its_confirmation(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)
    offer_id = await offered(client, installed, claim)

    payload = await call(client, installed, ACCEPT, {
        "id": claim["id"], "offerId": offer_id, "email": "buyer@example.com",
    })  # fmt: skip

    accepted = payload["claim"]
    assert payload["errors"] == []
    assert accepted["status"] == "RESOLVING" and accepted["offer"] is None
    assert accepted["resolution"]["id"] == offer_id
    assert accepted["resolution"]["status"] == "WAITING_FOR_SALEOR"
    assert accepted["resolution"]["refundedAmount"] is None
    assert len(installed.calls_to("transactionRequestRefundForGrantedRefund")) == 1


async def test_a_replaced_or_foreign_offer_is_refused(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)
    old = await offered(client, installed, claim, kind="REPLACEMENT")
    current = await offered(client, installed, claim)

    stale = await call(client, installed, ACCEPT, {
        "id": claim["id"], "offerId": old, "email": "buyer@example.com",
    })  # fmt: skip
    by_staff = await call(
        client, installed, ACCEPT, {"id": claim["id"], "offerId": current},
        token=staff_token(installed),
    )  # fmt: skip

    assert stale["errors"][0]["code"] == "STALE_OFFER"
    assert stale["errors"][0]["field"] == "offerId"
    assert by_staff["errors"][0]["code"] == "NOT_ALLOWED"
    assert installed.calls_to("orderGrantRefundCreate") == []
