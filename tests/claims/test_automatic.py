"""The instant-refund rule: a small NOT_RECEIVED or DAMAGED claim filed after the expected
delivery gets a refund offer at once, logged as the rule's decision; nothing else does."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.claims import log, service
from saleor_foresight.claims.automatic import INSTANT_REFUND
from saleor_foresight.claims.models import Claim, ClaimEvent, ClaimReason, ResolutionStatus
from saleor_foresight.claims.states import Action, Actor, ClaimStatus
from saleor_foresight.jobs.models import Job
from saleor_foresight.jobs.queue import attempts_after_commit
from saleor_foresight.orders import record
from saleor_foresight.rules import service as rules
from tests.claims.support import BUYER, LINE_A, LINE_B, file, order_snapshot, record_order
from tests.factories import make_installation

Maker = async_sessionmaker[AsyncSession]
D = Decimal
# shipped Monday 16 November, at most 5 business days: expected by the end of Monday 23rd
EXPECTED = datetime(2026, 11, 24, tzinfo=UTC)
AFTER = EXPECTED + timedelta(seconds=1)
SMALL, THRESHOLD = D("30.00"), D("50.00")
EDGES = [("EUR", D("50.00"), D("0.01")), ("USD", D("20.00"), D("0.01")), ("JPY", D("3000"), D(1))]


async def shop_with_order(
    sessionmaker: Maker,
    *,
    currency: str = "EUR",
    total: Decimal = SMALL,
    threshold: Decimal | None = THRESHOLD,
    rules_currency: str | None = None,
    snapshot: record.OrderSnapshot | None = None,
) -> tuple[uuid.UUID, str]:
    """An installation whose channel refunds below ``threshold`` at once, and one order."""
    snap = dataclasses.replace(snapshot or order_snapshot(), currency=currency, total_gross=total)
    async with sessionmaker.begin() as session:
        # a shop of its own for each order: rules and orders never mix between cases
        installation = await make_installation(session, f"https://{uuid.uuid4().hex}.test/graphql/")
        if threshold is not None:
            await rules.update(
                session,
                installation.id,
                snap.channel_slug,
                rules_currency or currency,
                {"instant_refund_below": threshold},
                by="owner@example.com",
            )
        await record_order(session, installation.id, snap)
    return installation.id, snap.saleor_id


async def file_on(
    sessionmaker: Maker,
    installation_id: uuid.UUID,
    order_id: str,
    *,
    reason: ClaimReason = ClaimReason.NOT_RECEIVED,
    lines: tuple[tuple[str, int], ...] = ((LINE_A, 2), (LINE_B, 1)),
    now: datetime = AFTER,
) -> Claim:
    async with sessionmaker.begin() as session:
        order = await record.get_order(session, installation_id, order_id)
        assert order is not None
        return await file(session, order, reason=reason, lines=lines, now=now, confirm_early=True)


@pytest.mark.parametrize(("currency", "threshold", "unit"), EDGES)
async def test_offered_strictly_below_the_threshold_in_the_channels_currency(
    sessionmaker: Maker, currency: str, threshold: Decimal, unit: Decimal
) -> None:
    for total, offered in [(threshold - unit, True), (threshold, False), (threshold + unit, False)]:
        # given a channel refunding below the threshold, and an order worth ``total``
        installation_id, order_id = await shop_with_order(
            sessionmaker, currency=currency, total=total, threshold=threshold
        )

        # when the buyer reports it not received after the expected delivery
        claim = await file_on(sessionmaker, installation_id, order_id)

        # then only an order below the threshold gets the offer
        assert (claim.status == ClaimStatus.OFFER_MADE) is offered, (currency, total)
        assert len(claim.resolutions) == int(offered)


async def test_never_before_the_expected_delivery_has_passed(sessionmaker: Maker) -> None:
    installation_id, order_id = await shop_with_order(sessionmaker)

    # at the last moment of the expected day the buyer files early: staff decide
    early = await file_on(
        sessionmaker, installation_id, order_id, reason=ClaimReason.DAMAGED,
        lines=((LINE_A, 1),), now=EXPECTED,
    )  # fmt: skip
    # a second later the delivery date has passed: the rule offers a refund
    late = await file_on(
        sessionmaker, installation_id, order_id, reason=ClaimReason.DAMAGED,
        lines=((LINE_A, 1),), now=AFTER,
    )  # fmt: skip

    assert early.status == ClaimStatus.OPEN and not early.resolutions
    assert late.status == ClaimStatus.OFFER_MADE


async def test_only_for_not_received_and_damaged(sessionmaker: Maker) -> None:
    installation_id, order_id = await shop_with_order(sessionmaker)
    statuses = {}
    for reason, line in [
        (ClaimReason.WRONG_ITEM, (LINE_A, 1)),
        (ClaimReason.NOT_AS_DESCRIBED, (LINE_A, 1)),
        (ClaimReason.DAMAGED, (LINE_B, 1)),
    ]:
        claim = await file_on(sessionmaker, installation_id, order_id, reason=reason, lines=(line,))
        statuses[reason] = claim.status

    assert statuses == {
        ClaimReason.WRONG_ITEM: ClaimStatus.OPEN,
        ClaimReason.NOT_AS_DESCRIBED: ClaimStatus.OPEN,
        ClaimReason.DAMAGED: ClaimStatus.OFFER_MADE,
    }


async def test_no_offer_without_a_rule_in_the_orders_currency_or_a_known_total(
    sessionmaker: Maker,
) -> None:
    cases = [
        {"threshold": None},  # the channel has no instant-refund rule
        {"currency": "USD", "rules_currency": "EUR"},  # rules saved before orders came in USD
    ]
    for options in cases:
        installation_id, order_id = await shop_with_order(sessionmaker, **options)  # type: ignore[arg-type]
        claim = await file_on(sessionmaker, installation_id, order_id)
        assert claim.status == ClaimStatus.OPEN, options
    # and an order whose total Saleor never sent
    installation_id, order_id = await shop_with_order(sessionmaker)
    async with sessionmaker.begin() as session:
        order = await record.get_order(session, installation_id, order_id)
        assert order is not None
        order.total_gross = None
    assert (await file_on(sessionmaker, installation_id, order_id)).status == ClaimStatus.OPEN


async def test_no_offer_for_an_item_that_has_not_shipped(sessionmaker: Maker) -> None:
    # given an order whose scarf is not in the parcel
    snapshot = order_snapshot()
    parcel = dataclasses.replace(snapshot.fulfillments[0], lines=snapshot.fulfillments[0].lines[:1])
    installation_id, order_id = await shop_with_order(
        sessionmaker, snapshot=dataclasses.replace(snapshot, fulfillments=(parcel,))
    )

    # when the buyer says the scarf did not arrive, and then the shirts
    scarf = await file_on(sessionmaker, installation_id, order_id, lines=((LINE_B, 1),))
    shirts = await file_on(sessionmaker, installation_id, order_id, lines=((LINE_A, 2),))

    # then the scarf waits for staff; the shipped shirts are refunded at once
    assert scarf.status == ClaimStatus.OPEN
    assert shirts.status == ClaimStatus.OFFER_MADE


async def test_the_offer_is_logged_as_the_rules_decision_and_accepted_in_one_step(
    sessionmaker: Maker,
) -> None:
    installation_id, order_id = await shop_with_order(sessionmaker)

    # when the buyer reports the whole order not received
    claim = await file_on(sessionmaker, installation_id, order_id)

    # then the offer refunds every claimed line and the shipping, decided by the rule
    [offer] = claim.resolutions
    assert offer.status == ResolutionStatus.OFFERED
    assert offer.decided_by_rule == INSTANT_REFUND and offer.decided_by_id is None
    assert offer.include_shipping
    assert offer.lines == [
        {"order_line_id": LINE_A, "quantity": 2},
        {"order_line_id": LINE_B, "quantity": 1},
    ]
    async with sessionmaker() as session:
        events = list(
            await session.scalars(
                select(ClaimEvent)
                .where(ClaimEvent.claim_id == claim.id)
                .order_by(ClaimEvent.sequence)
            )
        )
    assert [(e.action, e.actor) for e in events] == [
        (Action.FILE, Actor.BUYER),
        (Action.OFFER, Actor.SYSTEM),
    ]
    assert events[1].data["rule"] == {
        "name": INSTANT_REFUND,
        "threshold": "50.0000",
        "currency": "EUR",
        "order_total": "30.0000",
        "expected_delivery": EXPECTED.isoformat(),
    }
    assert not events[1].internal and events[1].message
    # and the chain still verifies with the system's step in it
    async with sessionmaker() as session:
        assert (await log.verify(session, installation_id)).ok

    # when the buyer accepts it
    async with sessionmaker.begin() as session:
        accepted = await service.answer_offer(
            session,
            installation_id,
            claim.id,
            offer.id,
            BUYER,
            AFTER,
            accept=True,
        )
        (job_id,) = attempts_after_commit(session)

    # then the refund is queued for Saleor like any other, to be tried at once
    assert accepted.status == ClaimStatus.RESOLVING
    async with sessionmaker() as session:
        assert await session.get(Job, job_id) is not None


async def test_a_damaged_item_is_refunded_without_shipping(sessionmaker: Maker) -> None:
    installation_id, order_id = await shop_with_order(sessionmaker)

    claim = await file_on(
        sessionmaker, installation_id, order_id, reason=ClaimReason.DAMAGED, lines=((LINE_A, 1),)
    )

    [offer] = claim.resolutions
    assert not offer.include_shipping
    assert offer.lines == [{"order_line_id": LINE_A, "quantity": 1}]
