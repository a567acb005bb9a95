"""Carry an accepted resolution out in Saleor, one durable step at a time.

Each run of the ``claims`` job (task ``resolve``) does the steps not done yet, recording
each result in its own transaction as soon as Saleor answers, so a crash repeats at most
the step in flight:

1. return (REPLACEMENT, RETURN_AND_REFUND): ``orderFulfillmentReturnProducts``; Saleor's
   answer confirms it. A REPLACEMENT is then done.
2. grant (refunds): ``orderGrantRefundCreate`` on the transaction chosen from Saleor's
   fresh view of the order.
3. request: ``transactionRequestRefundForGrantedRefund``; the resolution waits
   (WAITING_FOR_SALEOR) and the claim stays RESOLVING.
4. confirm: the granted refund's status in Saleor. SUCCESS resolves the claim; FAILURE
   fails the resolution; anything else checks again later (30 s, doubling to an hour,
   for at most 7 days), and at once when ``ORDER_REFUNDED`` arrives.

Saleor is reached through ``saleor_port.ClaimsSaleor`` (its wire format stays at the edge).
Each effect happens in Saleor once. None of the three mutations is idempotent, so the client
sends each once, and a run may follow one whose answer was lost (``SaleorOutcomeUnknown``)
or whose worker died after sending. So before it sends one, a step reads Saleor and adopts
what is already there: a return or replacement whose fulfillment's ``reason`` names the
resolution (and its replacement draft order), a grant whose ``reason`` names it, a refund
request made on the grant since the step counted them (``refund_requests_before``, written
before sending). After a lost answer the step reads once more and adopts at once; when Saleor
does not show the effect yet, the run is retried, and the next one reads first again.

A Saleor that cannot be reached (or answers 5xx, or refuses our token) is retried with
backoff, up to ``MAX_ATTEMPTS``, the resolution showing RETRYING and the error to staff.
A refusal (a mutation's errors, no payment to refund) fails it at once: FAILED, an internal
event with the reason, and an order note in the Dashboard. Staff retry it
(``staff.retry_resolution``) or settle the claim by hand.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from ..db import utcnow
from ..errors import SaleorError, SaleorMutationError, SaleorOutcomeUnknown
from ..jobs.queue import backoff
from ..saleor_calls import order_note
from .errors import ClaimError, ClaimErrorCode
from .jobs import schedule_resolution
from .log import SYSTEM
from .models import Claim, ClaimResolution, ResolutionKind, ResolutionStatus
from .resolution import REFUNDING, RETURNING, data_of, describe
from .saleor_port import ClaimsSaleor, GrantStatus, ReturnMade, choose_payment, grant_for, read
from .states import Action
from .transitions import Step, open_claim, take

logger = logging.getLogger(__name__)

UnitOfWork = Callable[[], AbstractAsyncContextManager[AsyncSession]]
Clock = Callable[[], datetime]
MAX_ATTEMPTS = 8
FIRST_CHECK = timedelta(seconds=30)
CHECK_CAP = timedelta(hours=1)
WAIT_LIMIT = timedelta(days=7)
RUNNING = frozenset({
    ResolutionStatus.SCHEDULED, ResolutionStatus.RETRYING, ResolutionStatus.WAITING_FOR_SALEOR,
})  # fmt: skip


class _Waiting(Exception):
    """Saleor has not confirmed the refund yet."""


async def run(
    transaction: UnitOfWork,
    saleor: ClaimsSaleor,
    installation_id: uuid.UUID,
    resolution_id: uuid.UUID,
    clock: Clock = utcnow,
) -> None:
    async with transaction() as session:
        resolution = await _load(session, installation_id, resolution_id)
        if resolution is None or resolution.status not in RUNNING:
            return
        claim, order_id = resolution.claim, resolution.claim.order.saleor_id
        reason = f"Foresight claim #{claim.number} ({resolution.id})"
    try:
        if resolution.kind in RETURNING and resolution.return_fulfillment_id is None:
            await _return(transaction, saleor, resolution, order_id, reason)
        if resolution.kind in REFUNDING:
            if resolution.granted_refund_id is None:
                await _grant(transaction, saleor, resolution, order_id, reason)
            if resolution.refund_requested_at is None:
                await _request(transaction, saleor, resolution, order_id, clock)
            await _check(saleor, resolution, order_id)
        await finish(transaction, installation_id, resolution_id, clock(), None)
    except _Waiting:
        await _wait(transaction, resolution, clock())
    except (SaleorMutationError, ClaimError) as refusal:
        await finish(transaction, installation_id, resolution_id, clock(), _message(refusal))
    except SaleorError as failure:
        await _retry(transaction, installation_id, resolution_id, clock(), _message(failure))


async def _return(
    transaction: UnitOfWork,
    saleor: ClaimsSaleor,
    resolution: ClaimResolution,
    order_id: str,
    reason: str,
) -> None:
    replace = resolution.kind == ResolutionKind.REPLACEMENT
    tag = str(resolution.id)
    made: ReturnMade | None = await saleor.return_made(order_id, tag, replace=replace)
    if made is None:
        order = await read(saleor, order_id)
        try:
            made = await saleor.return_products(
                order, resolution.lines, replace=replace, reason=reason
            )
        except SaleorOutcomeUnknown:
            made = await saleor.return_made(order_id, tag, replace=replace)
            if made is None:
                raise
    async with transaction() as session:
        row = await _row(session, resolution)
        row.return_fulfillment_id = resolution.return_fulfillment_id = made.fulfillment_id
        row.replace_order_id = made.replace_order_id
        row.replace_order_number = made.replace_order_number


async def _grant(
    transaction: UnitOfWork,
    saleor: ClaimsSaleor,
    resolution: ClaimResolution,
    order_id: str,
    reason: str,
) -> None:
    tag = str(resolution.id)
    order = await read(saleor, order_id)
    adopted = grant_for(order, tag)
    if adopted is not None:
        granted_id, transaction_id, amount = adopted.id, adopted.transaction_id, adopted.amount
    else:
        payment = choose_payment(order, resolution.amount, resolution.currency)
        lines = None
        if resolution.kind != ResolutionKind.PARTIAL_REFUND:
            lines = {str(line["order_line_id"]): int(line["quantity"]) for line in resolution.lines}
        try:
            grant = await saleor.grant_refund(
                order_id,
                transaction_id=payment.transaction_id,
                amount=resolution.amount,
                lines=lines,
                reason=reason,
                include_shipping=resolution.include_shipping,
            )
        except SaleorOutcomeUnknown:
            adopted = grant_for(await read(saleor, order_id), tag)
            if adopted is None:
                raise
            granted_id, transaction_id, amount = adopted.id, adopted.transaction_id, adopted.amount
        else:
            granted_id, transaction_id, amount = grant.id, payment.transaction_id, grant.amount
    async with transaction() as session:
        row = await _row(session, resolution)
        row.granted_refund_id = resolution.granted_refund_id = granted_id
        row.transaction_id = resolution.transaction_id = transaction_id
        row.granted_amount = amount


async def _request(
    transaction: UnitOfWork,
    saleor: ClaimsSaleor,
    resolution: ClaimResolution,
    order_id: str,
    clock: Clock,
) -> None:
    assert resolution.granted_refund_id is not None and resolution.transaction_id is not None
    seen = await _refund_requests(saleor, resolution, order_id)
    before = resolution.refund_requests_before
    if not (before is not None and seen > before):  # not asked yet in this round
        async with transaction() as session:  # written before sending: what "asked" means
            row = await _row(session, resolution)
            row.refund_requests_before = resolution.refund_requests_before = seen
        try:
            # asked before this round counted (by a run older than the count, or in the
            # Dashboard): Saleor refuses, and the request stands
            await saleor.request_refund(resolution.granted_refund_id, resolution.transaction_id)
        except SaleorOutcomeUnknown:
            if await _refund_requests(saleor, resolution, order_id) <= seen:
                raise
    async with transaction() as session:
        row = await _row(session, resolution)
        row.refund_requested_at = resolution.refund_requested_at = clock()
        row.status = ResolutionStatus.WAITING_FOR_SALEOR
        row.last_error = None


async def _refund_requests(saleor: ClaimsSaleor, resolution: ClaimResolution, order_id: str) -> int:
    """How many refund requests Saleor holds for the resolution's granted refund."""
    order = await read(saleor, order_id)
    grant = next((g for g in order.grants if g.id == resolution.granted_refund_id), None)
    if grant is None:
        raise ClaimError(ClaimErrorCode.RESOLUTION_FAILED, "Saleor lost the granted refund.")
    return grant.refund_requests


async def _check(saleor: ClaimsSaleor, resolution: ClaimResolution, order_id: str) -> None:
    order = await read(saleor, order_id)
    grant = next((g for g in order.grants if g.id == resolution.granted_refund_id), None)
    if grant is None:
        raise ClaimError(ClaimErrorCode.RESOLUTION_FAILED, "Saleor lost the granted refund.")
    if grant.status == GrantStatus.FAILURE:
        raise ClaimError(
            ClaimErrorCode.RESOLUTION_FAILED, "The payment provider refused the refund."
        )
    if grant.status != GrantStatus.SUCCESS:
        raise _Waiting


async def finish(
    transaction: UnitOfWork,
    installation_id: uuid.UUID,
    resolution_id: uuid.UUID,
    now: datetime,
    failure: str | None,
) -> None:
    """Saleor confirmed the resolution (``failure`` None), or it failed: log it, tell staff."""
    async with transaction() as session:
        resolution = await _load(session, installation_id, resolution_id)
        if resolution is None or resolution.status not in RUNNING:
            return
        head, claim = await open_claim(session, installation_id, resolution.claim_id)
        await session.refresh(resolution)
        if resolution.status not in RUNNING:  # another run finished it meanwhile
            return
        names = {line.order_line_id: line.product_name for line in claim.lines}
        account = describe(resolution, names)
        data = {**data_of(resolution), "granted_refund_id": resolution.granted_refund_id,
                "replace_order_id": resolution.replace_order_id}  # fmt: skip
        if failure is None:
            resolution.status, resolution.confirmed_at = ResolutionStatus.DONE, now
            resolution.last_error = None
            change = Step(Action.CONFIRM_RESOLUTION, SYSTEM, data=data)
            note = f"Foresight claim #{claim.number}: {account} confirmed by Saleor."
        else:
            resolution.status, resolution.failed_at = ResolutionStatus.FAILED, now
            resolution.last_error = failure
            change = Step(Action.FAIL_RESOLUTION, SYSTEM, failure, internal=True, data=data)
            note = (
                f"Foresight claim #{claim.number}: {account} FAILED: {failure} Retry it in "
                "Foresight, or settle the claim by hand."
            )
        await take(session, head, claim, change, now)
        await order_note(
            session,
            installation_id,
            claim.order.saleor_id,
            note,
            dedupe_key=f"claim-note:{resolution.id}:{resolution.status}:{resolution.runs}",
        )


async def _retry(
    transaction: UnitOfWork,
    installation_id: uuid.UUID,
    resolution_id: uuid.UUID,
    now: datetime,
    error: str,
) -> None:
    async with transaction() as session:
        resolution = await _load(session, installation_id, resolution_id)
        if resolution is None or resolution.status not in RUNNING:
            return
        resolution.attempts += 1
        attempts = resolution.attempts
        if attempts < MAX_ATTEMPTS:
            resolution.status = ResolutionStatus.RETRYING
            resolution.last_error = error
            await schedule_resolution(session, resolution, now + backoff(attempts))
    if attempts >= MAX_ATTEMPTS:
        await finish(transaction, installation_id, resolution_id, now, error)


async def _wait(transaction: UnitOfWork, resolution: ClaimResolution, now: datetime) -> None:
    requested = resolution.refund_requested_at or now
    if now - requested > WAIT_LIMIT:
        failure = "Saleor has not confirmed the refund within 7 days."
        await finish(transaction, resolution.installation_id, resolution.id, now, failure)
        return
    async with transaction() as session:
        row = await _row(session, resolution)
        delay = min(FIRST_CHECK * 2 ** min(row.runs, 12), CHECK_CAP)
        await schedule_resolution(session, row, now + delay)


async def _load(
    session: AsyncSession, installation_id: uuid.UUID, resolution_id: uuid.UUID
) -> ClaimResolution | None:
    return await session.scalar(
        select(ClaimResolution)
        .where(
            ClaimResolution.installation_id == installation_id,
            ClaimResolution.id == resolution_id,
        )
        .options(selectinload(ClaimResolution.claim).selectinload(Claim.order))
        .execution_options(populate_existing=True)
    )


async def _row(session: AsyncSession, resolution: ClaimResolution) -> ClaimResolution:
    row = await session.get(ClaimResolution, resolution.id, with_for_update=True)
    assert row is not None
    return row


def _message(error: Exception) -> str:
    return (getattr(error, "message", None) or str(error))[:1000]
