"""claimOfferDecline: the buyer declines; the claim is open again and the shop's deadline
starts anew."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import CLAIM_FIELDS, call, filed
from tests.graphql.claims.offers import offered
from tests.saleor_double import SaleorDouble

DECLINE = (
    """
mutation Decline($id: ID!, $offerId: ID!, $email: String, $message: String) {
  claimOfferDecline(id: $id, offerId: $offerId, email: $email, message: $message) {
    claim { ...ClaimFields } errors { field code message }
  }
}
"""
    + CLAIM_FIELDS
)


async def test_declining_reopens_the_claim_with_a_new_deadline(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)
    offer_id = await offered(client, installed, claim, kind="PARTIAL_REFUND", amount="2.00")

    payload = await call(client, installed, DECLINE, {
        "id": claim["id"], "offerId": offer_id, "email": "buyer@example.com",
        "message": "Two dollars is not enough.",
    })  # fmt: skip

    declined = payload["claim"]
    assert declined["status"] == "OPEN" and declined["dueAt"] is not None
    assert declined["offer"] is None
    assert declined["messages"][-1]["body"] == "Two dollars is not enough."
    assert declined["messages"][-1]["action"] == "DECLINE_OFFER"


async def test_there_is_nothing_to_decline_without_an_offer(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)

    payload = await call(client, installed, DECLINE, {
        "id": claim["id"], "offerId": claim["id"], "email": "buyer@example.com",
    })  # fmt: skip

    assert payload["errors"][0]["field"] == "offerId"
    assert payload["errors"][0]["code"] == "INVALID"
