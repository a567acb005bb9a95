"""The buyer's and staff's claim flows as a storefront and the Dashboard run them, for the
API tests: an order shipped through Saleor's webhook, a claim filed, a step taken."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import update

from saleor_foresight.claims.models import Claim
from saleor_foresight.db import utcnow
from saleor_foresight.jobs.models import Job, JobStatus
from saleor_foresight.runtime import AppState
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import deliver
from tests.saleor_double import SaleorDouble, global_id

CUSTOMER = global_id("User", 46)  # the user id of SaleorDouble.customer_token()
EMAIL = "buyer@example.com"

CLAIM_FIELDS = """
fragment ClaimFields on Claim {
  id number status reason wishedResolution orderId orderNumber channel dueAt overdue
  escalatedAt rejectionCode closedAt availableActions
  lines { orderLineId productName quantity }
  offer { id kind status amount currency includeShipping refundedAmount
          lines { orderLineId productName quantity } }
  resolution { id kind status refundedAmount replacementOrderNumber }
  messages { id action author body internal photos { id sha256 url } }
}
"""

CLAIM_CREATE = (
    """
mutation File($input: ClaimCreateInput!) {
  claimCreate(input: $input) { claim { ...ClaimFields } errors { field code message } }
}
"""
    + CLAIM_FIELDS
)


def staff_token(saleor: SaleorDouble) -> str:
    return saleor.staff_token(user_permissions=("MANAGE_ORDERS",))


async def shipped_order(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    *,
    quantity: int = 2,
    user_id: str | None = None,
    email: str = EMAIL,
    channel: str = "default-channel",
    tracking_number: str = "DHL-00340434161094042557",
    created: str | None = None,
) -> dict[str, Any]:
    """An order of ``quantity`` shirts, paid through a transaction and shipped in one parcel;
    Foresight heard of it from FULFILLMENT_CREATED."""
    order = saleor.add_order(
        [(saleor.add_product(price="20.00"), quantity)],
        user_id=user_id,
        email=email,
        channel=channel,
    )
    fulfillment = saleor.add_fulfillment(order, tracking_number=tracking_number)
    if created is not None:
        fulfillment["created"] = created
    await deliver(client, saleor, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment)
    return order


def line_of(order: dict[str, Any]) -> str:
    return str(order["lines"][0]["id"])


async def file_claim(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    order: dict[str, Any],
    *,
    token: str | None = None,
    email: str | None = EMAIL,
    reason: str = "DAMAGED",
    quantity: int = 1,
    message: str = "The seam is torn.",
    wished: str = "REFUND",
    photo_upload_ids: tuple[str, ...] = (),
    confirm_early: bool = False,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    """claimCreate as the storefront sends it; the payload."""
    variables = {
        "input": {
            "orderId": order["id"],
            "email": None if token else email,
            "reason": reason,
            "lines": [{"orderLineId": line_of(order), "quantity": quantity}] if quantity else [],
            "message": message,
            "wishedResolution": wished,
            "photoUploadIds": list(photo_upload_ids),
            "confirmEarly": confirm_early,
            **({"idempotencyKey": idempotency_key} if idempotency_key is not None else {}),
        }
    }
    response = await gql(client, saleor, CLAIM_CREATE, variables, token=token)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["claimCreate"]
    return payload


async def filed(client: httpx.AsyncClient, saleor: SaleorDouble, **options: Any) -> dict[str, Any]:
    """A shipped order and a claim about one of its shirts, filed by a guest."""
    order = await shipped_order(client, saleor)
    payload = await file_claim(client, saleor, order, **options)
    assert payload["errors"] == [], payload
    claim: dict[str, Any] = payload["claim"]
    return claim


async def call(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    document: str,
    variables: dict[str, Any],
    token: str | None = None,
) -> dict[str, Any]:
    """A mutation's payload (its only root field), asserting no GraphQL error."""
    response = await gql(client, saleor, document, variables, token=token)
    body = response.json()
    assert "errors" not in body, body
    payload: dict[str, Any] = next(iter(body["data"].values()))
    return payload


async def overdue(state: AppState, claim_number: int) -> None:
    """As if the claim's deadline had passed a minute ago."""
    async with state.sessionmaker.begin() as session:
        await session.execute(
            update(Claim)
            .where(Claim.number == claim_number)
            .values(due_at=utcnow().replace(microsecond=0))
        )


async def run_later_jobs(state: AppState) -> None:
    """Run every pending job as if its time had come (a confirmation check, a retry)."""
    for _ in range(10):
        async with state.sessionmaker.begin() as session:
            await session.execute(
                update(Job)
                .where(Job.status == JobStatus.PENDING)
                .values(run_after=utcnow() - timedelta(seconds=1))
            )
        report = await state.worker.run_once()
        if not (report.done or report.retried or report.failed):
            return
