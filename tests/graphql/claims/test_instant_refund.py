"""The instant-refund rule through the API: a guest reports a small order not received after
its expected delivery, gets a refund offer in claimCreate's answer and accepts it; staff see
which rule decided it."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import call, file_claim, shipped_order, staff_token
from tests.graphql.rules.test_channel_rules import UPDATE, owner
from tests.saleor_double import SaleorDouble

ACCEPT = """
mutation Accept($id: ID!, $offerId: ID!, $email: String) {
  claimOfferAccept(id: $id, offerId: $offerId, email: $email) {
    claim { status resolution { kind status } } errors { field code message }
  }
}
"""
STAFF_VIEW = """
query Claim($id: ID!) {
  claim(id: $id) { status offer { decidedByRule } resolution { decidedByRule } }
}
"""
LONG_AGO = "2026-09-01T10:00:00+00:00"  # shipped months ago: its delivery date has passed


async def set_instant_refund_below(
    client: httpx.AsyncClient, saleor: SaleorDouble, amount: str
) -> None:
    changed = await call(client, saleor, UPDATE, {
        "channel": "default-channel", "input": {"instantRefundBelow": amount},
    }, token=owner(saleor))  # fmt: skip
    assert changed["errors"] == [], changed


async def test_a_small_parcel_not_received_is_refunded_in_one_step(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a channel refunding orders below 100 at once, and an order of 40 shipped long ago
    order = await shipped_order(client, installed, created=LONG_AGO)
    await set_instant_refund_below(client, installed, "100")

    # when the guest reports it not received
    filed = await file_claim(client, installed, order, reason="NOT_RECEIVED", quantity=2)

    # then the answer already holds the refund offer, for the shirts and the shipping
    claim = filed["claim"]
    assert filed["errors"] == [] and claim["status"] == "OFFER_MADE"
    assert claim["offer"]["kind"] == "REFUND" and claim["offer"]["includeShipping"]
    assert "ACCEPT_OFFER" in claim["availableActions"]
    assert [m["author"] for m in claim["messages"]] == ["BUYER", "SYSTEM"]

    # when the guest accepts it
    accepted = await call(client, installed, ACCEPT, {
        "id": claim["id"], "offerId": claim["offer"]["id"], "email": "buyer@example.com",
    })  # fmt: skip

    # then the refund is on its way through Saleor, and staff see the rule decided it
    assert accepted["errors"] == []
    assert accepted["claim"]["status"] in ("RESOLVING", "RESOLVED")
    seen = await call(
        client, installed, STAFF_VIEW, {"id": claim["id"]}, token=staff_token(installed)
    )
    assert seen["resolution"]["decidedByRule"] == "instant_refund_below"


async def test_an_order_at_the_threshold_waits_for_staff(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = await shipped_order(client, installed, created=LONG_AGO)
    total = order["total"]["gross"]["amount"]
    await set_instant_refund_below(client, installed, str(total))

    filed = await file_claim(client, installed, order, reason="NOT_RECEIVED", quantity=2)

    assert filed["claim"]["status"] == "OPEN" and filed["claim"]["offer"] is None
