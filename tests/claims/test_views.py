"""Guidance views: one row per order and reason, the availability as first shown (Foresight's
own), when it was first and last shown, and how often; safe when two requests meet."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.claims import views
from saleor_foresight.claims.guidance import Availability
from saleor_foresight.claims.models import ClaimReason, GuidanceView
from saleor_foresight.orders import record
from saleor_foresight.orders.models import Order
from tests.claims.conftest import Shop
from tests.claims.support import day, order_snapshot, record_order
from tests.factories import make_installation

Maker = async_sessionmaker[AsyncSession]
R = ClaimReason


async def order_of(session: AsyncSession, shop: Shop) -> Order:
    order = await record.get_order(session, shop.installation_id, shop.order_id)
    assert order is not None
    return order


async def shown(sessionmaker: Maker, shop: Shop, reason: ClaimReason, at: float) -> GuidanceView:
    """The buyer opens ``reason`` ``at`` days after the parcel left."""
    async with sessionmaker.begin() as session:
        return await views.buyer_shown(session, await order_of(session, shop), reason, day(at))


async def rows(sessionmaker: Maker) -> list[GuidanceView]:
    async with sessionmaker() as session:
        return list(await session.scalars(select(GuidanceView).order_by(GuidanceView.reason)))


async def test_the_first_view_inserts_the_row(sessionmaker: Maker, shop: Shop) -> None:
    # when the buyer opens "damaged" three days after the parcel left
    view = await shown(sessionmaker, shop, R.DAMAGED, 3)

    # then one row holds it, shown once, at that moment
    (row,) = await rows(sessionmaker)
    assert row.id == view.id and row.installation_id == shop.installation_id
    assert (row.reason, row.availability, row.times) == (R.DAMAGED, Availability.OPEN, 1)
    assert row.first_shown_at == row.last_shown_at == day(3)


async def test_a_later_view_counts_and_keeps_the_first_availability(
    sessionmaker: Maker, shop: Shop
) -> None:
    # given "not received" seen before it opens
    await shown(sessionmaker, shop, R.NOT_RECEIVED, 3)

    # when the buyer opens it again once it is open, and opens another reason
    again = await shown(sessionmaker, shop, R.NOT_RECEIVED, 11)
    await shown(sessionmaker, shop, R.RETURN, 11)

    # then the row counts two views, from the first to the last, as first shown
    assert again.times == 2
    not_received, returned = await rows(sessionmaker)
    assert not_received.reason == R.NOT_RECEIVED and returned.reason == R.RETURN
    assert not_received.availability == Availability.NOT_OPEN_YET
    assert (not_received.first_shown_at, not_received.last_shown_at) == (day(3), day(11))
    assert (not_received.times, returned.times) == (2, 1)


async def test_the_availability_is_foresights_own(sessionmaker: Maker) -> None:
    # given an order nothing of which has shipped yet
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        order = await record_order(session, installation.id, order_snapshot(shipped=False))
        shop = Shop(installation.id, order.saleor_id)

    # when the buyer opens "damaged" and "other"
    await shown(sessionmaker, shop, R.DAMAGED, 1)
    await shown(sessionmaker, shop, R.OTHER, 1)

    # then the rows hold what Foresight's guidance said: closed, and open
    damaged, other = await rows(sessionmaker)
    assert (damaged.reason, damaged.availability) == (R.DAMAGED, Availability.CLOSED)
    assert (other.reason, other.availability) == (R.OTHER, Availability.OPEN)


async def test_counting_stops_at_the_cap(sessionmaker: Maker, shop: Shop) -> None:
    await shown(sessionmaker, shop, R.DAMAGED, 3)
    async with sessionmaker.begin() as session:
        await session.execute(update(GuidanceView).values(times=views.MAX_TIMES))

    view = await shown(sessionmaker, shop, R.DAMAGED, 4)

    assert view.times == views.MAX_TIMES and view.last_shown_at == day(4)


async def test_two_views_at_once_make_one_row_of_two(sessionmaker: Maker, shop: Shop) -> None:
    # given two requests for the same order and reason, each in its own transaction
    both_read = asyncio.Barrier(2)

    async def request() -> GuidanceView:
        async with sessionmaker.begin() as session:
            order = await order_of(session, shop)
            await both_read.wait()  # neither has written when the other writes
            return await views.guidance_shown(session, order, R.DAMAGED, Availability.OPEN, day(3))

    # when they meet
    first, second = await asyncio.gather(request(), request())

    # then neither fails, and one row counts both
    assert {first.times, second.times} == {1, 2}
    async with sessionmaker() as session:
        count = await session.scalar(select(func.count()).select_from(GuidanceView))
        row = await session.scalar(select(GuidanceView))
    assert count == 1 and row is not None and row.times == 2
