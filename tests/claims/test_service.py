"""Buyer and staff steps on a claim: what the state machine allows, the deadline each step
leaves, quantities, offers, and the log every step appends to."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.claims import config, log, service, staff
from saleor_foresight.claims.errors import ClaimError, ClaimErrorCode
from saleor_foresight.claims.models import Claim, ClaimReason, ResolutionKind, ResolutionStatus
from saleor_foresight.claims.resolution import ResolutionRequest
from saleor_foresight.claims.states import ClaimStatus
from saleor_foresight.jobs.models import Job
from saleor_foresight.jobs.queue import attempts_after_commit
from saleor_foresight.orders import record
from tests.claims.conftest import Shop
from tests.claims.support import (
    BUYER,
    LINE_A,
    LINE_B,
    STAFF,
    day,
    file,
    order_snapshot,
    record_order,
)

Maker = async_sessionmaker[AsyncSession]
THURSDAY = day(10)  # 2026-11-26
# three business days after Thursday: Friday, Monday, Tuesday; due when Tuesday ends
DUE = datetime(2026, 12, 2, tzinfo=UTC)


async def filed(sessionmaker: Maker, shop: Shop, **options: object) -> Claim:
    async with sessionmaker.begin() as session:
        order = await record.get_order(session, shop.installation_id, shop.order_id)
        assert order is not None
        return await file(session, order, **options)  # type: ignore[arg-type]


async def test_filing_numbers_the_claim_opens_it_and_starts_the_deadline(
    sessionmaker: Maker, shop: Shop
) -> None:
    # given a shipped order
    # when the buyer files two claims on Thursday
    first = await filed(sessionmaker, shop, now=THURSDAY)
    second = await filed(sessionmaker, shop, lines=((LINE_B, 1),), now=THURSDAY)

    # then they are #1 and #2, OPEN, due when the third business day ends
    assert (first.number, second.number) == (1, 2)
    assert first.status == ClaimStatus.OPEN and first.due_at == DUE
    assert [(line.order_line_id, line.quantity) for line in first.lines] == [(LINE_A, 1)]
    # and a sweep waits for the deadline, one for both
    async with sessionmaker() as session:
        sweeps = list(await session.scalars(select(Job).where(Job.kind == "claims")))
    assert [j.run_after for j in sweeps] == [DUE]


async def test_a_claim_never_takes_more_than_ordered_less_claimed_and_returned(
    sessionmaker: Maker, shop: Shop
) -> None:
    # given a claim for both shirts of the order
    claim = await filed(sessionmaker, shop, lines=((LINE_A, 2),))

    # when the buyer claims a shirt again
    with pytest.raises(ClaimError) as refused:
        await filed(sessionmaker, shop, lines=((LINE_A, 1),))

    # then it is refused, until the first claim is withdrawn
    assert refused.value.code is ClaimErrorCode.QUANTITY_EXCEEDED
    async with sessionmaker.begin() as session:
        await service.withdraw(session, shop.installation_id, claim.id, BUYER, day(11))
    again = await filed(sessionmaker, shop, lines=((LINE_A, 2),))
    assert again.status == ClaimStatus.OPEN


async def test_items_returned_in_saleor_cannot_be_claimed(sessionmaker: Maker, shop: Shop) -> None:
    # given an order one of whose shirts came back through the Dashboard
    async with sessionmaker.begin() as session:
        order = await record_order(
            session, shop.installation_id, order_snapshot(2, returned=((LINE_A, 1),))
        )
        # when the buyer claims both shirts
        with pytest.raises(ClaimError) as refused:
            await file(session, order, lines=((LINE_A, 2),))

    # then only one may be claimed
    assert refused.value.code is ClaimErrorCode.QUANTITY_EXCEEDED
    assert "At most 1 of Linen shirt" in refused.value.message


async def test_an_unshipped_order_takes_a_cancellation_request_and_other_only(
    sessionmaker: Maker, shop: Shop
) -> None:
    async with sessionmaker.begin() as session:
        order = await record_order(
            session, shop.installation_id, order_snapshot(3, shipped=False, status="UNFULFILLED")
        )
        with pytest.raises(ClaimError) as refused:
            await file(session, order)
        other = await file(session, order, reason=ClaimReason.OTHER, lines=())
        cancel = await file(session, order, reason=ClaimReason.CANCELLATION)

    assert refused.value.code is ClaimErrorCode.CLOSED
    assert "cancel" in refused.value.message
    assert other.status == ClaimStatus.OPEN and other.lines == []
    assert cancel.status == ClaimStatus.OPEN and cancel.reason == ClaimReason.CANCELLATION


async def test_not_received_before_it_opens_needs_the_buyer_to_confirm(
    sessionmaker: Maker, shop: Shop
) -> None:
    early = {"reason": ClaimReason.NOT_RECEIVED, "now": day(2)}
    with pytest.raises(ClaimError) as warned:
        await filed(sessionmaker, shop, **early)
    confirmed = await filed(sessionmaker, shop, confirm_early=True, lines=((LINE_B, 1),), **early)

    assert warned.value.code is ClaimErrorCode.NOT_OPEN_YET
    assert "Confirm" in warned.value.message
    assert confirmed.status == ClaimStatus.OPEN


async def test_a_shop_that_blocks_early_claims_refuses_even_a_confirmed_one(
    sessionmaker: Maker, shop: Shop
) -> None:
    async with sessionmaker.begin() as session:
        change = config.SettingsChange(block_before_open=True)
        await config.update(session, shop.installation_id, change, "owner@example.com")

    with pytest.raises(ClaimError) as refused:
        await filed(
            sessionmaker, shop, reason=ClaimReason.NOT_RECEIVED, now=day(2), confirm_early=True
        )

    assert refused.value.code is ClaimErrorCode.NOT_OPEN_YET


async def test_asking_stops_the_clock_and_the_answer_restarts_it(
    sessionmaker: Maker, shop: Shop
) -> None:
    claim = await filed(sessionmaker, shop, now=THURSDAY)
    async with sessionmaker.begin() as session:
        asked = await staff.request_info(
            session, shop.installation_id, claim.id, STAFF, day(11), "A photo, please."
        )
        assert (asked.status, asked.due_at) == (ClaimStatus.WAITING_FOR_BUYER, None)
    async with sessionmaker.begin() as session:
        answered = await service.send_message(
            session, shop.installation_id, claim.id, BUYER, "Here.", day(14)
        )

    # answered on Monday: due when Thursday ends
    assert answered.status == ClaimStatus.OPEN
    assert answered.due_at == datetime(2026, 12, 4, tzinfo=UTC)


async def test_accepting_an_offer_queues_its_resolution(sessionmaker: Maker, shop: Shop) -> None:
    claim = await filed(sessionmaker, shop)
    async with sessionmaker.begin() as session:
        offered = await staff.offer(
            session, shop.installation_id, claim.id, STAFF, day(11),
            ResolutionRequest(ResolutionKind.REFUND), "We refund the shirt.",
        )  # fmt: skip
        offer_id = offered.resolutions[-1].id
        assert offered.status == ClaimStatus.OFFER_MADE and offered.due_at is None

    async with sessionmaker.begin() as session:
        accepted = await service.answer_offer(
            session, shop.installation_id, claim.id, offer_id, BUYER, day(12), accept=True
        )
        (job_id,) = attempts_after_commit(session)  # the request tries it once committed

    assert accepted.status == ClaimStatus.RESOLVING
    assert accepted.resolutions[-1].status == ResolutionStatus.SCHEDULED
    async with sessionmaker() as session:
        job = await session.get(Job, job_id)
    assert job is not None and job.payload == {"task": "resolve", "resolution": str(offer_id)}


async def test_a_replaced_offer_cannot_be_accepted(sessionmaker: Maker, shop: Shop) -> None:
    claim = await filed(sessionmaker, shop)
    offers = []
    for kind in (ResolutionKind.REPLACEMENT, ResolutionKind.REFUND):
        async with sessionmaker.begin() as session:
            made = await staff.offer(
                session, shop.installation_id, claim.id, STAFF, day(11), ResolutionRequest(kind)
            )
            offers.append(made.resolutions[-1].id)

    with pytest.raises(ClaimError) as stale:
        async with sessionmaker.begin() as session:
            await service.answer_offer(
                session, shop.installation_id, claim.id, offers[0], BUYER, day(12), accept=True
            )

    assert stale.value.code is ClaimErrorCode.STALE_OFFER


async def test_the_buyer_escalates_a_missed_deadline_or_a_rejection_once(
    sessionmaker: Maker, shop: Shop
) -> None:
    claim = await filed(sessionmaker, shop, now=THURSDAY)

    async def escalate(at: datetime) -> Claim:
        async with sessionmaker.begin() as session:
            return await service.escalate(session, shop.installation_id, claim.id, BUYER, at)

    with pytest.raises(ClaimError) as too_early:
        await escalate(day(12))
    escalated = await escalate(DUE)
    async with sessionmaker.begin() as session:
        rejected = await staff.reject(
            session, shop.installation_id, claim.id, STAFF, DUE,
            staff.RejectionCode.NO_EVIDENCE, "No photo came.",
        )  # fmt: skip
    with pytest.raises(ClaimError) as twice:
        await escalate(day(20))

    assert too_early.value.code is ClaimErrorCode.NOT_ALLOWED
    assert "deadline has not passed" in too_early.value.message
    assert escalated.status == ClaimStatus.ESCALATED and escalated.escalated_at == DUE
    assert rejected.status == ClaimStatus.REJECTED and rejected.closed_at == DUE
    assert "already escalated once" in twice.value.message


@pytest.mark.parametrize(
    ("who", "step"),
    [(STAFF, "accept"), (BUYER, "reject")],
)
async def test_each_side_takes_only_its_own_steps(
    sessionmaker: Maker, shop: Shop, who: log.Who, step: str
) -> None:
    claim = await filed(sessionmaker, shop)
    async with sessionmaker.begin() as session:
        made = await staff.offer(
            session, shop.installation_id, claim.id, STAFF, day(11),
            ResolutionRequest(ResolutionKind.REFUND),
        )  # fmt: skip
        offer_id = made.resolutions[-1].id

    with pytest.raises(ClaimError) as refused:
        async with sessionmaker.begin() as session:
            if step == "accept":
                await service.answer_offer(
                    session, shop.installation_id, claim.id, offer_id, who, day(12), accept=True
                )
            else:
                await staff.reject(
                    session, shop.installation_id, claim.id, who, day(12),
                    staff.RejectionCode.OTHER, "No.",
                )  # fmt: skip

    assert refused.value.code is ClaimErrorCode.NOT_ALLOWED


async def test_the_log_chains_every_step_and_shows_tampering(
    sessionmaker: Maker, shop: Shop
) -> None:
    claim = await filed(sessionmaker, shop)
    async with sessionmaker.begin() as session:
        await staff.note(session, shop.installation_id, claim.id, STAFF, day(11), "Call them.")
        await service.send_message(
            session, shop.installation_id, claim.id, BUYER, "Any news?", day(11)
        )
    async with sessionmaker() as session:
        intact = await log.verify(session, shop.installation_id)

    async with sessionmaker.begin() as session:
        await session.execute(
            text("UPDATE claim_event SET message = 'All fine.' WHERE sequence = 3")
        )
    async with sessionmaker() as session:
        altered = await log.verify(session, shop.installation_id)

    assert intact.ok and intact.events_checked == 3
    assert not altered.ok and len(altered.tampered) == 1


async def test_a_note_on_a_closed_claim_keeps_its_closing_time(
    sessionmaker: Maker, shop: Shop
) -> None:
    claim = await filed(sessionmaker, shop)
    async with sessionmaker.begin() as session:
        await service.withdraw(session, shop.installation_id, claim.id, BUYER, day(11))
    async with sessionmaker.begin() as session:
        noted = await staff.note(
            session, shop.installation_id, claim.id, STAFF, day(12), "Buyer called: all fine."
        )

    assert noted.status == ClaimStatus.WITHDRAWN and noted.closed_at == day(11)


async def test_the_same_idempotency_key_files_once_per_order(
    sessionmaker: Maker, shop: Shop
) -> None:
    first = await filed(sessionmaker, shop, idempotency_key="k-1")
    again = await filed(sessionmaker, shop, idempotency_key="k-1")
    other = await filed(sessionmaker, shop, lines=((LINE_B, 1),), idempotency_key="k-2")

    assert again.id == first.id and other.id != first.id
    async with sessionmaker() as session:
        numbers = list(await session.scalars(select(Claim.number).order_by(Claim.number)))
        events = await session.scalar(text("SELECT count(*) FROM claim_event"))
    assert numbers == [1, 2] and events == 2  # one FILE each, nothing for the retry
