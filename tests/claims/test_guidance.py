"""What the buyer is told before filing: per reason, open or not (and when), and the
evidence beside it, from the order record, its acceptances and the shop's settings."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.claims import config, guidance
from saleor_foresight.claims.guidance import Availability, Evidence, Guidance
from saleor_foresight.claims.models import ClaimReason, ClaimSettings
from saleor_foresight.orders.models import Fulfillment, Order
from saleor_foresight.policies import acceptance
from saleor_foresight.policies.disclosure import disclosures_for
from saleor_foresight.policies.models import PolicyKind
from tests.claims.conftest import Shop
from tests.claims.support import day, order_snapshot, record_order
from tests.policies.factories import BUYER, checkout, make_policy

Maker = async_sessionmaker[AsyncSession]
R = ClaimReason


async def advice(
    sessionmaker: Maker, installation_id: uuid.UUID, order_id: str, now: datetime
) -> guidance.Guidance:
    async with sessionmaker() as session:
        order = await record_order_of(session, installation_id, order_id)
        return await guidance.for_order(session, installation_id, order, now)


async def record_order_of(
    session: AsyncSession, installation_id: uuid.UUID, order_id: str
) -> Order:
    from saleor_foresight.orders import record

    order = await record.get_order(session, installation_id, order_id)
    assert order is not None
    return order


async def accept_terms(sessionmaker: Maker, shop: Shop) -> None:
    """The buyer accepted a colour warning and 30-day return terms at checkout."""
    async with sessionmaker.begin() as session:
        await make_policy(session, shop.installation_id, kind=PolicyKind.COLOUR_DIFFERENCE,
                          name="Colour")  # fmt: skip
        await make_policy(session, shop.installation_id, kind=PolicyKind.RETURN_TERMS)
        facts = checkout()
        shown = await disclosures_for(session, shop.installation_id, facts)
        record = await acceptance.accept(
            session, shop.installation_id, facts, [d.version_id for d in shown], BUYER
        )
        order = await record_order_of(session, shop.installation_id, shop.order_id)
        record.order_id = order.id


async def test_not_received_opens_after_the_expected_delivery_and_the_grace_days(
    sessionmaker: Maker, shop: Shop
) -> None:
    # given a parcel sent on Monday 16 November with at most 5 delivery days
    # when the buyer asks on Thursday, and again a week later
    early = await advice(sessionmaker, shop.installation_id, shop.order_id, day(3))
    late = await advice(sessionmaker, shop.installation_id, shop.order_id, day(11))

    # then it is expected by Monday 23, and opens two business days later, on the 26th's end
    option = early.option(R.NOT_RECEIVED)
    assert early.expected_delivery_by == datetime(2026, 11, 24, tzinfo=UTC)
    assert option.availability is Availability.NOT_OPEN_YET
    assert option.opens_at == datetime(2026, 11, 26, tzinfo=UTC)
    assert option.may_file  # the shop warns, it does not block
    assert "DHL-0034" in option.explanation and "expected by 2026-11-23" in option.explanation
    assert set(option.evidence) == {
        Evidence.DISPATCH_PHOTOS,
        Evidence.TRACKING,
        Evidence.EXPECTED_DELIVERY,
    }
    assert late.option(R.NOT_RECEIVED).availability is Availability.OPEN
    assert [p.fulfillment.tracking_number for p in early.parcels] == ["DHL-0034"]


async def test_without_delivery_days_the_shop_default_applies(
    sessionmaker: Maker, shop: Shop
) -> None:
    async with sessionmaker.begin() as session:
        order = await record_order(session, shop.installation_id, order_snapshot(2, max_days=None))
        change = config.SettingsChange(default_delivery_days=2, grace_days=0)
        await config.update(session, shop.installation_id, change, "owner@example.com")

    shown = await advice(sessionmaker, shop.installation_id, order.saleor_id, day(1))

    # Tuesday and Wednesday: expected by the end of Wednesday 18
    assert shown.expected_delivery_by == datetime(2026, 11, 19, tzinfo=UTC)
    assert shown.option(R.NOT_RECEIVED).opens_at == datetime(2026, 11, 19, tzinfo=UTC)


async def test_colour_and_returns_show_what_the_buyer_accepted(
    sessionmaker: Maker, shop: Shop
) -> None:
    await accept_terms(sessionmaker, shop)

    within = await advice(sessionmaker, shop.installation_id, shop.order_id, day(20))
    after = await advice(sessionmaker, shop.installation_id, shop.order_id, day(40))

    colour = within.option(R.COLOUR_DIFFERENT)
    assert colour.availability is Availability.OPEN
    assert colour.evidence == (Evidence.COLOUR_WARNING,)
    assert "you accepted" in colour.explanation and "I accept the return terms" in (
        colour.explanation
    )
    assert [t.item.title for t in within.colour_warnings] == ["Returns (EN)"]
    returns = within.option(R.RETURN)
    # 30 days after the expected delivery (the end of 23 November)
    assert returns.availability is Availability.OPEN
    assert returns.closes_at == datetime(2026, 12, 24, tzinfo=UTC)
    assert "within 30 days" in returns.explanation and "until 2026-12-23" in returns.explanation
    assert after.option(R.RETURN).availability is Availability.CLOSED
    assert "ended on 2026-12-23" in after.option(R.RETURN).explanation


async def test_without_return_terms_the_shop_default_window_applies(
    sessionmaker: Maker, shop: Shop
) -> None:
    shown = await advice(sessionmaker, shop.installation_id, shop.order_id, day(10))

    returns = shown.option(R.RETURN)
    assert returns.closes_at == datetime(2026, 12, 8, tzinfo=UTC)
    assert returns.evidence == () and "within 14 days" in returns.explanation


async def test_an_unshipped_order_points_to_cancellation(sessionmaker: Maker, shop: Shop) -> None:
    async with sessionmaker.begin() as session:
        unshipped = await record_order(
            session, shop.installation_id, order_snapshot(3, shipped=False, status="UNFULFILLED")
        )
        cancelled = await record_order(
            session, shop.installation_id, order_snapshot(4, shipped=False, status="CANCELED")
        )

    waiting = await advice(sessionmaker, shop.installation_id, unshipped.saleor_id, day(1))
    gone = await advice(sessionmaker, shop.installation_id, cancelled.saleor_id, day(1))

    def open_reasons(shown: Guidance) -> set[ClaimReason]:
        return {o.reason for o in shown.options if o.availability is Availability.OPEN}

    # before anything shipped the buyer may ask the shop to cancel (a claim staff answer)
    assert open_reasons(waiting) == {R.CANCELLATION, R.OTHER}
    assert "ask the shop to cancel" in waiting.option(R.CANCELLATION).explanation
    assert all(Evidence.CANCELLATION in o.evidence for o in waiting.options if o.reason != R.OTHER)
    assert "ask the shop to cancel it instead" in waiting.option(R.DAMAGED).explanation
    # a cancelled order leaves only OTHER
    assert open_reasons(gone) == {R.OTHER}
    assert not any(Evidence.CANCELLATION in o.evidence for o in gone.options)


async def test_a_shipped_order_can_no_longer_be_cancelled(sessionmaker: Maker, shop: Shop) -> None:
    shown = await advice(sessionmaker, shop.installation_id, shop.order_id, day(1))

    cancel = shown.option(R.CANCELLATION)
    assert cancel.availability is Availability.CLOSED
    assert "can no longer be cancelled" in cancel.explanation


def test_a_return_window_across_a_clock_change_ends_at_the_shops_midnight() -> None:
    # given a Berlin shop with 30-day returns, and a parcel shipped on Thursday 5 March 2026
    # with two business days' delivery: expected by the end of Monday 9 March (CET); the
    # clocks go forward on 29 March
    berlin = {**config.DEFAULTS, "time_zone": "Europe/Berlin", "return_days": 30}
    settings = ClaimSettings(installation_id=uuid.uuid4(), holidays=[], **berlin)
    shipped = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
    parcel = Fulfillment(status="FULFILLED", created_at=shipped, recorded_at=shipped,
                         tracking_number="", number=1)  # fmt: skip
    order = Order(status="FULFILLED", max_delivery_days=2, fulfillments=[parcel])

    # when the buyer looks on 1 April
    shown = guidance.advise(order, settings, [], datetime(2026, 4, 1, tzinfo=UTC))

    # then the window ends at midnight in Berlin (CEST) after 30 calendar days: 8 April is
    # the last day, not 9 April 01:00
    returns = shown.option(R.RETURN)
    assert returns.closes_at == datetime(2026, 4, 8, 22, 0, tzinfo=UTC)
    assert shown.last_day_of(returns.closes_at) == date(2026, 4, 8)
    assert "open until 2026-04-08" in returns.explanation
