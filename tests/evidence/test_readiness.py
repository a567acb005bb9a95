"""Readiness: which evidence each order has against each dispute reason, and lists by it."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.dispatch.models import DispatchPhoto
from saleor_foresight.evidence.models import DisputeReason
from saleor_foresight.evidence.readiness import (
    EvidencePiece,
    ListPosition,
    orders_by_readiness,
    readiness_of,
)
from saleor_foresight.orders.models import Fulfillment, Order
from saleor_foresight.storage import LocalStorage
from tests.evidence.factories import complete_order
from tests.policies.factories import counting_queries

NOT_RECEIVED = DisputeReason.NOT_RECEIVED


async def test_a_complete_order_is_ready_for_every_reason(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage)

    async with sessionmaker() as session:
        found = await readiness_of(session, shop.installation_id, [shop.order_id])

    assert all(r.ready for r in found[shop.order_id].reasons())


async def test_what_an_order_lacks_is_named(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    # given an order shipped without a carrier or tracking number, whose photo is hidden
    shop = await complete_order(sessionmaker, storage, photos=1, shipping_method=None, tracking="")
    async with sessionmaker.begin() as session:
        await session.execute(update(DispatchPhoto).values(hidden=True))

    async with sessionmaker() as session:
        found = (await readiness_of(session, shop.installation_id, [shop.order_id]))[shop.order_id]

    not_received = found.for_reason(NOT_RECEIVED)
    assert not not_received.ready
    assert set(not_received.missing) == {
        EvidencePiece.DISPATCH_PHOTO,
        EvidencePiece.TRACKING_NUMBER,
        EvidencePiece.CARRIER,
    }
    # its address is unknown to Foresight (no digests): not a gap
    assert not_received.present == (EvidencePiece.ADDRESS_AS_PLACED, EvidencePiece.DELIVERY_TERMS)
    assert found.for_reason(DisputeReason.CREDIT_NOT_PROCESSED).ready


async def test_a_parcel_without_tracking_or_to_a_changed_address_is_a_gap(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    # given a complete order, then a second parcel sent untracked to another address
    shop = await complete_order(sessionmaker, storage)
    async with sessionmaker.begin() as session:
        order = await session.get(Order, shop.order_id)
        assert order is not None
        order.placed_address_digest, order.shipping_address_digest = "a" * 64, "b" * 64
        session.add(Fulfillment(
            installation_id=shop.installation_id, order_id=shop.order_id,
            saleor_id="RnVsZmlsbG1lbnQ6OTk=", number=2, status="FULFILLED", tracking_number="",
            lines=[], source_version=order.source_version,
        ))  # fmt: skip

    async with sessionmaker() as session:
        found = (await readiness_of(session, shop.installation_id, [shop.order_id]))[shop.order_id]

    # then both show as gaps against "not received"
    assert set(found.for_reason(NOT_RECEIVED).missing) == {
        EvidencePiece.TRACKING_NUMBER,
        EvidencePiece.ADDRESS_AS_PLACED,
    }


async def test_orders_are_listed_by_what_they_lack_newest_first_in_pages(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    # given order 1 complete, orders 2 and 3 without tracking, order 4 without photos
    first = await complete_order(sessionmaker, storage)
    inst = first.installation_id
    second = await complete_order(
        sessionmaker, storage, number=2, tracking="", installation_id=inst
    )
    third = await complete_order(sessionmaker, storage, number=3, tracking="", installation_id=inst)
    fourth = await complete_order(sessionmaker, storage, number=4, photos=0, installation_id=inst)

    async with sessionmaker() as session:
        lacking = await orders_by_readiness(session, inst, NOT_RECEIVED)
        untracked = await orders_by_readiness(
            session, inst, NOT_RECEIVED, missing=[EvidencePiece.TRACKING_NUMBER]
        )
        ready = await orders_by_readiness(session, inst, NOT_RECEIVED, missing=[])
        with counting_queries(sessionmaker) as statements:
            page = await orders_by_readiness(session, inst, NOT_RECEIVED, limit=2)
        last = page[-1][0]
        rest = await orders_by_readiness(
            session, inst, NOT_RECEIVED, after=ListPosition(last.created_at, last.id)
        )

    ids = [order.id for order, _ in lacking]
    assert ids == [fourth.order_id, third.order_id, second.order_id]
    assert [o.id for o, _ in untracked] == [third.order_id, second.order_id]
    assert [o.id for o, _ in ready] == [first.order_id]
    assert lacking[0][1].for_reason(NOT_RECEIVED).missing == (EvidencePiece.DISPATCH_PHOTO,)
    assert len(statements) == 1
    assert [o.id for o, _ in page + rest] == ids
