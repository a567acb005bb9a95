"""Carrying resolutions out in Saleor (the double): the calls made, what waits for Saleor's
confirmation, what is retried, what fails for staff to see, and that nothing runs twice."""

from __future__ import annotations

import uuid
from decimal import Decimal

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from saleor_foresight.claims import resolution as resolutions
from saleor_foresight.claims.models import (
    Claim,
    ClaimEvent,
    ClaimResolution,
    ResolutionKind,
    ResolutionStatus,
)
from saleor_foresight.claims.resolution import ResolutionRequest
from saleor_foresight.claims.states import ClaimStatus
from saleor_foresight.plugin.state import AppState
from tests.claims.saleor_shop import SaleorShop, saleor_shop
from tests.saleor_double import SaleorDouble

REFUND = ResolutionRequest(ResolutionKind.REFUND)


async def load(shop: SaleorShop, resolution_id: uuid.UUID) -> ClaimResolution:
    async with shop.state.sessionmaker() as session:
        row = await session.get(ClaimResolution, resolution_id)
        assert row is not None
        return row


async def claim_status(session: AsyncSession, claim_id: uuid.UUID) -> str:
    return str(await session.scalar(select(Claim.status).where(Claim.id == claim_id)))


async def test_a_refund_waits_for_saleor_to_confirm_it(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a claim for one of two shirts, resolved by staff with a refund
    shop = await saleor_shop(client, installed, state)
    claim = await shop.claim()
    resolution_id = await shop.resolve(claim, ResolutionRequest(ResolutionKind.REFUND))

    # when the job runs
    await shop.run_jobs()

    # then Saleor granted the line on the order's transaction and was asked to refund it
    (grant,) = installed.calls_to("orderGrantRefundCreate")
    transaction_id = shop.order["transactions"][0]["id"]
    assert grant["input"]["transactionId"] == transaction_id
    assert grant["input"]["lines"] == [{"id": shop.line_id, "quantity": 1}]
    assert str(resolution_id) in grant["input"]["reason"]
    (request,) = installed.calls_to("transactionRequestRefundForGrantedRefund")
    waiting = await load(shop, resolution_id)
    assert waiting.status == ResolutionStatus.WAITING_FOR_SALEOR
    assert request["grantedRefundId"] == waiting.granted_refund_id
    async with state.sessionmaker() as session:
        assert await claim_status(session, claim.id) == ClaimStatus.RESOLVING

    # and once the payment app reports the refund, the next check resolves the claim
    assert waiting.granted_refund_id is not None
    installed.complete_refund(waiting.granted_refund_id)
    await shop.run_jobs(later=True)
    done = await load(shop, resolution_id)
    assert done.status == ResolutionStatus.DONE and done.granted_amount == Decimal("20")
    async with state.sessionmaker() as session:
        assert await claim_status(session, claim.id) == ClaimStatus.RESOLVED
    notes = [c["input"]["message"] for c in installed.calls_to("orderNoteAdd")]
    assert any("refund of 1 x Linen shirt confirmed by Saleor" in n for n in notes)
    assert len(installed.calls_to("orderGrantRefundCreate")) == 1


async def test_a_replacement_is_done_when_saleor_answers(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    shop = await saleor_shop(client, installed, state)
    claim = await shop.claim(quantity=2)
    resolution_id = await shop.resolve(claim, ResolutionRequest(ResolutionKind.REPLACEMENT))

    await shop.run_jobs()

    (call,) = installed.calls_to("orderFulfillmentReturnProducts")
    shipped_line = shop.order["fulfillments"][0]["lines"][0]["id"]
    assert call["input"]["fulfillmentLines"] == [
        {"fulfillmentLineId": shipped_line, "quantity": 2, "replace": True}
    ]
    done = await load(shop, resolution_id)
    assert done.status == ResolutionStatus.DONE and done.replace_order_number is not None
    assert installed.calls_to("orderGrantRefundCreate") == []


async def test_a_grant_made_before_a_crash_is_adopted_not_repeated(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a resolution Saleor already granted (the run crashed before recording it)
    shop = await saleor_shop(client, installed, state)
    claim = await shop.claim()
    resolution_id = await shop.resolve(claim, ResolutionRequest(ResolutionKind.REFUND))
    order = installed.objects[shop.order["id"]]
    transaction = order["transactions"][0]
    earlier = {
        "__typename": "OrderGrantedRefund",
        "id": "T3JkZXJHcmFudGVkUmVmdW5kOjk5",
        "createdAt": "2026-11-20T12:00:00+00:00",
        "updatedAt": "2026-11-20T12:00:00+00:00",
        "amount": {"currency": "USD", "amount": 20.0},
        "status": "NONE",
        "lines": [],
        "reason": f"Foresight claim #1 ({resolution_id})",
        "transaction": transaction,
        "shippingCostsIncluded": False,
        "transactionEvents": [],
        "app": None,
        "user": None,
    }
    installed.objects[earlier["id"]] = earlier
    order["grantedRefunds"].append(earlier)

    # when the job runs again
    await shop.run_jobs()

    # then it asks Saleor to refund that grant, and grants nothing new
    assert installed.calls_to("orderGrantRefundCreate") == []
    (request,) = installed.calls_to("transactionRequestRefundForGrantedRefund")
    assert request["grantedRefundId"] == earlier["id"]


async def test_an_order_without_a_transaction_fails_for_staff_to_see(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    shop = await saleor_shop(client, installed, state)
    installed.objects[shop.order["id"]]["transactions"] = []  # paid through a legacy plugin
    claim = await shop.claim()
    resolution_id = await shop.resolve(claim, ResolutionRequest(ResolutionKind.REFUND))

    await shop.run_jobs()

    failed = await load(shop, resolution_id)
    assert failed.status == ResolutionStatus.FAILED
    assert failed.last_error is not None and "Refund it in the Dashboard" in failed.last_error
    async with state.sessionmaker() as session:
        assert await claim_status(session, claim.id) == ClaimStatus.RESOLVING
        last = await session.scalar(
            select(ClaimEvent).where(ClaimEvent.claim_id == claim.id)
            .order_by(ClaimEvent.sequence.desc()).limit(1)
        )  # fmt: skip
    assert last is not None and last.action == "FAIL_RESOLUTION" and last.internal
    notes = [c["input"]["message"] for c in installed.calls_to("orderNoteAdd")]
    assert any("FAILED" in n and "settle the claim by hand" in n for n in notes)


async def test_an_unreachable_saleor_is_retried_and_staff_see_why(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    shop = await saleor_shop(client, installed, state)
    claim = await shop.claim()
    resolution_id = await shop.resolve(claim, ResolutionRequest(ResolutionKind.REFUND))
    installed.fail_next(state.settings.saleor_attempts)  # every try of the first call

    await shop.state.worker.run_once()
    retrying = await load(shop, resolution_id)
    await shop.run_jobs(later=True)
    waiting = await load(shop, resolution_id)

    assert retrying.status == ResolutionStatus.RETRYING and retrying.attempts == 1
    assert retrying.last_error is not None and "503" in retrying.last_error
    assert retrying.next_attempt_at is not None
    assert waiting.status == ResolutionStatus.WAITING_FOR_SALEOR and waiting.last_error is None


async def test_order_refunded_checks_waiting_refunds_at_once(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    shop = await saleor_shop(client, installed, state)
    claim = await shop.claim()
    resolution_id = await shop.resolve(claim, ResolutionRequest(ResolutionKind.REFUND))
    await shop.run_jobs()
    waiting = await load(shop, resolution_id)
    assert waiting.granted_refund_id is not None
    installed.complete_refund(waiting.granted_refund_id)

    async with state.sessionmaker.begin() as session:
        jobs = await resolutions.order_refunded(session, shop.installation_id, claim.order_id)
    for job in jobs:
        await state.run_job_now(job.id)

    assert len(jobs) == 1
    assert (await load(shop, resolution_id)).status == ResolutionStatus.DONE
