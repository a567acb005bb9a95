"""claimWithdraw: the buyer takes the claim back; an open offer goes with it, and the items
may be claimed again."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import CLAIM_FIELDS, call, file_claim, shipped_order
from tests.graphql.claims.offers import offered
from tests.saleor_double import SaleorDouble

WITHDRAW = (
    """
mutation Withdraw($id: ID!, $email: String) {
  claimWithdraw(id: $id, email: $email) { claim { ...ClaimFields } errors { field code message } }
}
"""
    + CLAIM_FIELDS
)


async def test_withdrawing_closes_the_claim_and_frees_its_items(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = await shipped_order(client, installed)
    claim = (await file_claim(client, installed, order, quantity=2))["claim"]
    await offered(client, installed, claim)

    payload = await call(client, installed, WITHDRAW, {
        "id": claim["id"], "email": "buyer@example.com",
    })  # fmt: skip
    again = await file_claim(client, installed, order, quantity=2)

    withdrawn = payload["claim"]
    assert withdrawn["status"] == "WITHDRAWN" and withdrawn["closedAt"] is not None
    assert withdrawn["offer"] is None and withdrawn["availableActions"] == []
    assert again["errors"] == []


async def test_a_closed_claim_cannot_be_withdrawn(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = await shipped_order(client, installed)
    claim = (await file_claim(client, installed, order))["claim"]
    variables = {"id": claim["id"], "email": "buyer@example.com"}
    await call(client, installed, WITHDRAW, variables)

    twice = await call(client, installed, WITHDRAW, variables)

    assert twice["errors"][0]["code"] == "NOT_ALLOWED"
