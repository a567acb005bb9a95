"""claimResolutionRetry: a refund the payment provider refused is visible to staff, and
retried on the same granted refund until Saleor confirms it."""

from __future__ import annotations

from typing import Any

import httpx

from saleor_foresight.runtime import AppState
from tests.graphql.claims.flow import call, filed, run_later_jobs, staff_token
from tests.saleor_double import SaleorDouble

RESOLVE = """
mutation Resolve($id: ID!) {
  claimResolve(id: $id, input: {kind: REFUND}) { claim { id } errors { code } }
}
"""
RETRY = """
mutation Retry($id: ID!) {
  claimResolutionRetry(id: $id) {
    claim { status resolution { status lastError attempts } } errors { field code message }
  }
}
"""
STAFF_VIEW = """
query Claim($id: ID!) {
  claim(id: $id) { status resolution { status lastError grantedRefundId refundedAmount } }
}
"""


async def staff_view(
    client: httpx.AsyncClient, saleor: SaleorDouble, claim: dict[str, Any]
) -> dict[str, Any]:
    return await call(client, saleor, STAFF_VIEW, {"id": claim["id"]}, staff_token(saleor))


async def test_a_refused_refund_is_shown_and_retried(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a refund staff decided, which the payment provider then refused
    claim = await filed(client, installed)
    staff = staff_token(installed)
    await call(client, installed, RESOLVE, {"id": claim["id"]}, token=staff)
    granted = (await staff_view(client, installed, claim))["resolution"]["grantedRefundId"]
    installed.complete_refund(granted, success=False)
    await run_later_jobs(state)

    # then staff see it failed, and why
    failed = await staff_view(client, installed, claim)
    assert failed["status"] == "RESOLVING"
    assert failed["resolution"]["status"] == "FAILED"
    assert "refused the refund" in failed["resolution"]["lastError"]

    # when staff retry, the same grant is requested again; this time the refund goes through
    retried = await call(client, installed, RETRY, {"id": claim["id"]}, token=staff)
    installed.complete_refund(granted)
    await run_later_jobs(state)

    assert retried["claim"]["resolution"]["status"] == "WAITING_FOR_SALEOR"
    done = await staff_view(client, installed, claim)
    assert done["status"] == "RESOLVED" and done["resolution"]["refundedAmount"] == "20.0000"
    assert len(installed.calls_to("orderGrantRefundCreate")) == 1
    assert len(installed.calls_to("transactionRequestRefundForGrantedRefund")) == 2


async def test_only_a_failed_resolution_is_retried(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)

    payload = await call(
        client, installed, RETRY, {"id": claim["id"]}, token=staff_token(installed)
    )

    assert payload["errors"][0]["code"] == "NOT_ALLOWED"
