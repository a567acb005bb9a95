"""claimEscalate: the buyer may escalate after the shop missed its deadline, or after a
rejection, once."""

from __future__ import annotations

import httpx

from saleor_foresight.runtime import AppState
from tests.graphql.claims.flow import CLAIM_FIELDS, call, filed, overdue, staff_token
from tests.saleor_double import SaleorDouble

ESCALATE = (
    """
mutation Escalate($id: ID!, $email: String) {
  claimEscalate(id: $id, email: $email, message: "Nobody answers.") {
    claim { ...ClaimFields } errors { field code message }
  }
}
"""
    + CLAIM_FIELDS
)
REJECT = """
mutation Reject($id: ID!) {
  claimReject(id: $id, code: DELIVERED, message: "Tracking shows it delivered.") {
    errors { code }
  }
}
"""


async def test_escalation_waits_for_the_missed_deadline(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    claim = await filed(client, installed)
    variables = {"id": claim["id"], "email": "buyer@example.com"}

    early = await call(client, installed, ESCALATE, variables)
    await overdue(state, claim["number"])
    late = await call(client, installed, ESCALATE, variables)

    assert early["errors"][0]["code"] == "NOT_ALLOWED"
    assert late["errors"] == [] and late["claim"]["status"] == "ESCALATED"
    assert late["claim"]["escalatedAt"] is not None and late["claim"]["overdue"] is False


async def test_a_rejection_may_be_escalated_once(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)
    variables = {"id": claim["id"], "email": "buyer@example.com"}
    staff = staff_token(installed)

    await call(client, installed, REJECT, {"id": claim["id"]}, token=staff)
    first = await call(client, installed, ESCALATE, variables)
    await call(client, installed, REJECT, {"id": claim["id"]}, token=staff)
    second = await call(client, installed, ESCALATE, variables)

    assert first["claim"]["status"] == "ESCALATED"
    assert second["errors"][0]["code"] == "NOT_ALLOWED"
    assert "already escalated once" in second["errors"][0]["message"]
