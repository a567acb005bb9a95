"""claimReject: staff reject a claim with a reason code and a message; the buyer sees both
and may escalate it."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import CLAIM_FIELDS, call, filed, staff_token
from tests.saleor_double import SaleorDouble

REJECT = (
    """
mutation Reject($id: ID!, $code: ClaimRejectionCode!, $message: String!) {
  claimReject(id: $id, code: $code, message: $message) {
    claim { ...ClaimFields } errors { field code message }
  }
}
"""
    + CLAIM_FIELDS
)
AS_BUYER = (
    """
query Claim($id: ID!) { claim(id: $id, email: "buyer@example.com") { ...ClaimFields } }
"""
    + CLAIM_FIELDS
)


async def test_a_rejected_claim_tells_the_buyer_why_and_may_be_escalated(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)

    payload = await call(client, installed, REJECT, {
        "id": claim["id"], "code": "DISCLOSED",
        "message": "The colour difference was disclosed at checkout.",
    }, token=staff_token(installed))  # fmt: skip
    seen = await call(client, installed, AS_BUYER, {"id": claim["id"]})

    assert payload["claim"]["status"] == "REJECTED" and payload["claim"]["closedAt"]
    assert seen["rejectionCode"] == "DISCLOSED"
    assert seen["messages"][-1]["body"] == "The colour difference was disclosed at checkout."
    assert seen["availableActions"] == ["ESCALATE"]


async def test_a_rejection_needs_a_message(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)

    payload = await call(
        client, installed, REJECT, {"id": claim["id"], "code": "OTHER", "message": ""},
        token=staff_token(installed),
    )  # fmt: skip

    assert payload["errors"] == [
        {"field": "message", "code": "REQUIRED", "message": "Write a message."}
    ]
