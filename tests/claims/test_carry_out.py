"""Carrying resolutions out in Saleor (the double): the calls made, what waits for Saleor's
confirmation, what is retried, what fails for staff to see, and that nothing runs twice."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from saleor_foresight.claims import resolution as resolutions
from saleor_foresight.claims import staff
from saleor_foresight.claims.models import (
    Claim,
    ClaimEvent,
    ClaimResolution,
    ResolutionKind,
    ResolutionStatus,
)
from saleor_foresight.claims.resolution import ResolutionRequest
from saleor_foresight.claims.states import ClaimStatus
from saleor_foresight.jobs.models import Job, JobStatus
from saleor_foresight.runtime import AppState
from tests.claims.saleor_shop import SaleorShop, saleor_shop
from tests.claims.support import STAFF
from tests.saleor_double import SaleorDouble, WorkerDied

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


# -- exactly once: a step whose answer is lost, or whose worker dies, is not done twice -------

LOST = ["502", "timeout", "drop", "die"]
STEPS = [
    (ResolutionKind.REFUND, "orderGrantRefundCreate"),
    (ResolutionKind.REFUND, "transactionRequestRefundForGrantedRefund"),
    (ResolutionKind.RETURN_AND_REFUND, "orderFulfillmentReturnProducts"),
    (ResolutionKind.REPLACEMENT, "orderFulfillmentReturnProducts"),
]


def effects(saleor: SaleorDouble, order_id: str) -> dict[str, Any]:
    """What Saleor holds for the order: the things a resolution makes there."""
    order = saleor.objects[order_id]
    grants = order["grantedRefunds"]
    statuses = [f["status"] for f in order["fulfillments"]]
    return {
        "grants": len(grants),
        "refund requests": sum(
            1 for g in grants for e in g["transactionEvents"] if e["type"] == "REFUND_REQUEST"
        ),
        "returns": statuses.count("RETURNED"),
        "replacements": statuses.count("REPLACED"),
    }


def draft_orders(saleor: SaleorDouble) -> int:
    """Draft orders in the whole Saleor (a replacement makes one)."""
    return sum(1 for o in saleor.objects.values() if o["__typename"] == "Order"
               and o["status"] == "DRAFT")  # fmt: skip


async def run_losing_the_answer(shop: SaleorShop, how: str) -> None:
    """Run the jobs; when the worker died after the call, run them again once the lease is
    over, as another worker would."""
    if how == "die":
        with pytest.raises(WorkerDied):
            await shop.state.worker.run_once()
        async with shop.state.sessionmaker.begin() as session:
            await session.execute(
                update(Job)
                .where(Job.status == JobStatus.PENDING)
                .values(locked_until=datetime.now(UTC) - timedelta(seconds=1))
            )
    await shop.run_jobs(later=True)


async def confirmation_data(state: AppState, claim_id: uuid.UUID) -> dict[str, Any]:
    async with state.sessionmaker() as session:
        event = await session.scalar(
            select(ClaimEvent).where(
                ClaimEvent.claim_id == claim_id, ClaimEvent.action == "CONFIRM_RESOLUTION"
            )
        )
    assert event is not None
    return dict(event.data)


@pytest.mark.parametrize("how", LOST)
@pytest.mark.parametrize(("kind", "mutation"), STEPS, ids=lambda v: str(v))
async def test_a_step_whose_answer_is_lost_takes_effect_once(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    state: AppState,
    kind: ResolutionKind,
    mutation: str,
    how: str,
) -> None:
    # given what a run without trouble makes in one shop
    calm = await saleor_shop(client, installed, state)
    await calm.resolve(await calm.claim(), ResolutionRequest(kind))
    await calm.run_jobs()
    expected = effects(installed, calm.order["id"])
    drafts_made = draft_orders(installed)
    calls_before = len(installed.calls_to(mutation))

    # and another shop where Saleor carries the step out, then its answer is lost
    shop = await saleor_shop(client, installed, state)
    claim = await shop.claim()
    resolution_id = await shop.resolve(claim, ResolutionRequest(kind))
    installed.lose_answer_to(mutation, how)

    # when the jobs run (again, after a dead worker's lease)
    await run_losing_the_answer(shop, how)
    resolution = await load(shop, resolution_id)
    if resolution.granted_refund_id is not None:
        installed.complete_refund(resolution.granted_refund_id)
        await shop.run_jobs(later=True)

    # then Saleor holds what the calm run made, once: the step was sent once
    assert effects(installed, shop.order["id"]) == expected
    assert draft_orders(installed) == 2 * drafts_made
    assert len(installed.calls_to(mutation)) - calls_before == 1
    # and the claim shows that one effect
    done = await load(shop, resolution_id)
    assert done.status == ResolutionStatus.DONE
    order = installed.objects[shop.order["id"]]
    logged = await confirmation_data(state, claim.id)
    if kind == ResolutionKind.REFUND:
        (grant,) = order["grantedRefunds"]
        assert done.granted_refund_id == grant["id"] == logged["granted_refund_id"]
    if kind == ResolutionKind.RETURN_AND_REFUND:
        (returned,) = [f for f in order["fulfillments"] if f["status"] == "RETURNED"]
        assert done.return_fulfillment_id == returned["id"]
    if kind == ResolutionKind.REPLACEMENT:
        (replaced,) = [f for f in order["fulfillments"] if f["status"] == "REPLACED"]
        draft = installed.objects[done.replace_order_id or "-"]
        assert done.return_fulfillment_id == replaced["id"]
        assert (draft["status"], draft["number"]) == ("DRAFT", done.replace_order_number)
        assert logged["replace_order_id"] == draft["id"]
    async with state.sessionmaker() as session:
        assert await claim_status(session, claim.id) == ClaimStatus.RESOLVED


async def test_a_refund_the_provider_refused_is_asked_once_more_when_staff_retry(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a refund the payment provider refused, retried by staff, whose answer is lost
    shop = await saleor_shop(client, installed, state)
    claim = await shop.claim()
    resolution_id = await shop.resolve(claim, REFUND)
    await shop.run_jobs()
    first = await load(shop, resolution_id)
    assert first.granted_refund_id is not None
    installed.complete_refund(first.granted_refund_id, success=False)
    await shop.run_jobs(later=True)
    assert (await load(shop, resolution_id)).status == ResolutionStatus.FAILED
    async with state.sessionmaker.begin() as session:
        await staff.retry_resolution(
            session, shop.installation_id, claim.id, STAFF, datetime.now(UTC)
        )
    installed.lose_answer_to("transactionRequestRefundForGrantedRefund", "timeout")

    # when
    await shop.run_jobs(later=True)

    # then Saleor was asked once more for the same grant, not twice
    assert len(installed.calls_to("transactionRequestRefundForGrantedRefund")) == 2
    assert effects(installed, shop.order["id"])["refund requests"] == 2
    assert (await load(shop, resolution_id)).status == ResolutionStatus.WAITING_FOR_SALEOR
