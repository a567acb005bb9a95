"""claimRequestInfo: staff ask the buyer for more; the deadline stops until the buyer
answers. Staff only."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import CLAIM_FIELDS, filed, staff_token
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble

REQUEST_INFO = (
    """
mutation Ask($id: ID!, $message: String!) {
  claimRequestInfo(id: $id, message: $message) {
    claim { ...ClaimFields } errors { field code message }
  }
}
"""
    + CLAIM_FIELDS
)


async def test_asking_the_buyer_stops_the_deadline(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)

    response = await gql(
        client, installed, REQUEST_INFO, {"id": claim["id"], "message": "A photo of the seam?"},
        token=staff_token(installed),
    )  # fmt: skip

    asked = response.json()["data"]["claimRequestInfo"]["claim"]
    assert asked["status"] == "WAITING_FOR_BUYER" and asked["dueAt"] is None
    assert asked["messages"][-1] == {
        "id": asked["messages"][-1]["id"], "action": "REQUEST_INFO", "author": "STAFF",
        "body": "A photo of the seam?", "internal": False, "photos": [],
    }  # fmt: skip


async def test_a_buyer_cannot_ask(client: httpx.AsyncClient, installed: SaleorDouble) -> None:
    claim = await filed(client, installed)

    response = await gql(
        client, installed, REQUEST_INFO, {"id": claim["id"], "message": "?"},
        token=installed.customer_token(),
    )  # fmt: skip

    assert response.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
