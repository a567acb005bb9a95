"""claimNoteAdd: staff keep internal notes on a claim; the buyer never sees them."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import CLAIM_FIELDS, call, filed, staff_token
from tests.saleor_double import SaleorDouble

NOTE = """
mutation Note($id: ID!, $note: String!) {
  claimNoteAdd(id: $id, note: $note) {
    claim { messages { body internal author authorEmail } } errors { field code message }
  }
}
"""
AS_BUYER = (
    """
query Claim($id: ID!) { claim(id: $id, email: "buyer@example.com") { ...ClaimFields } }
"""
    + CLAIM_FIELDS
)


async def test_a_note_is_for_staff_only(client: httpx.AsyncClient, installed: SaleorDouble) -> None:
    claim = await filed(client, installed)

    payload = await call(
        client, installed, NOTE, {"id": claim["id"], "note": "Third claim this month."},
        token=staff_token(installed),
    )  # fmt: skip
    seen = await call(client, installed, AS_BUYER, {"id": claim["id"]})

    assert payload["claim"]["messages"][-1] == {
        "body": "Third claim this month.", "internal": True, "author": "STAFF",
        "authorEmail": "staff@example.com",
    }  # fmt: skip
    assert [m["body"] for m in seen["messages"]] == ["The seam is torn."]
    assert seen["status"] == "OPEN"
