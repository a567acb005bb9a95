"""claimMessageSend: the buyer's message hands the claim back to the shop (restarting its
deadline); staff's leaves the deadline running; nobody else may write."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import CLAIM_FIELDS, call, filed, staff_token
from tests.saleor_double import SaleorDouble

SEND = (
    """
mutation Send($id: ID!, $message: String!, $email: String) {
  claimMessageSend(id: $id, message: $message, email: $email) {
    claim { ...ClaimFields } errors { field code message }
  }
}
"""
    + CLAIM_FIELDS
)
REQUEST_INFO = """
mutation Ask($id: ID!) {
  claimRequestInfo(id: $id, message: "A photo, please?") { errors { code } }
}
"""


async def test_the_buyer_answering_a_request_reopens_the_claim(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)
    staff = staff_token(installed)
    await call(client, installed, REQUEST_INFO, {"id": claim["id"]}, token=staff)

    answer = await call(client, installed, SEND, {
        "id": claim["id"], "message": "Here it is.", "email": "buyer@example.com",
    })  # fmt: skip

    assert answer["errors"] == []
    assert answer["claim"]["status"] == "OPEN" and answer["claim"]["dueAt"] is not None
    assert [m["body"] for m in answer["claim"]["messages"]] == [
        "The seam is torn.",
        "A photo, please?",
        "Here it is.",
    ]


async def test_staff_reply_without_stopping_the_clock(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)

    reply = await call(
        client, installed, SEND, {"id": claim["id"], "message": "Looking into it."},
        token=staff_token(installed),
    )  # fmt: skip

    assert reply["claim"]["status"] == "OPEN"
    assert reply["claim"]["dueAt"] == claim["dueAt"]
    assert reply["claim"]["messages"][-1]["author"] == "STAFF"


async def test_an_empty_message_or_a_stranger_is_refused(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)

    empty = await call(client, installed, SEND, {
        "id": claim["id"], "message": "  ", "email": "buyer@example.com"
    })  # fmt: skip
    stranger = await call(client, installed, SEND, {
        "id": claim["id"], "message": "Hi", "email": "eve@example.com"
    })  # fmt: skip

    assert empty["errors"] == [
        {"field": "message", "code": "REQUIRED", "message": "Write a message."}
    ]
    assert stranger["errors"][0] == {
        "field": "id",
        "code": "NOT_FOUND",
        "message": "No such claim.",
    }
