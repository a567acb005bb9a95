"""claimAssign: staff give a claim to a staff member (or to nobody); buyers never see who."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import call, filed, staff_token
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble

ASSIGN = """
mutation Assign($id: ID!, $assigneeId: ID, $assigneeEmail: String) {
  claimAssign(id: $id, assigneeId: $assigneeId, assigneeEmail: $assigneeEmail) {
    claim { id assignee { userId email } messages { body } } errors { field code message }
  }
}
"""
AS_BUYER = """
query Claim($id: ID!, $email: String) { claim(id: $id, email: $email) { assignee { userId } } }
"""


async def test_staff_assign_and_unassign_a_claim(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)
    staff = staff_token(installed)

    given = await call(client, installed, ASSIGN, {
        "id": claim["id"], "assigneeId": "VXNlcjoyMQ==", "assigneeEmail": "ann@example.com",
    }, token=staff)  # fmt: skip
    taken_back = await call(client, installed, ASSIGN, {"id": claim["id"]}, token=staff)

    assert given["claim"]["assignee"] == {"userId": "VXNlcjoyMQ==", "email": "ann@example.com"}
    assert taken_back["claim"]["assignee"] is None
    # an assignment is not a message the buyer sees
    assert [m["body"] for m in given["claim"]["messages"]] == ["The seam is torn."]


async def test_buyers_neither_assign_nor_see_the_assignee(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)

    assign = await gql(client, installed, ASSIGN, {"id": claim["id"]}, token=None)
    seen = await gql(client, installed, AS_BUYER, {"id": claim["id"], "email": "buyer@example.com"})

    assert assign.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    body = seen.json()
    assert body["data"]["claim"]["assignee"] is None
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
