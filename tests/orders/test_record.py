"""The order record keeps the newest snapshot, whatever order deliveries arrive in."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.orders import record
from tests.factories import at, fulfillment, make_installation, order_snapshot


async def test_a_new_order_is_recorded_with_lines_and_fulfillments(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        snapshot = order_snapshot(fulfillments=(fulfillment("TRACK-1"),))

        await record.apply_snapshot(session, installation.id, snapshot, at(10))

    async with sessionmaker() as session:
        order = await record.get_order(session, installation.id, snapshot.saleor_id)
        assert order is not None
        assert (order.number, order.status, order.user_email) == (
            "25",
            "UNFULFILLED",
            "buyer@example.com",
        )
        assert [(line.sku, line.quantity) for line in order.lines] == [("TORCH-RED", 2)]
        assert order.lines[0].attributes == [
            {"attribute": "colour", "values": ["red"], "names": ["Red"]}
        ]
        assert [(f.number, f.tracking_number) for f in order.fulfillments] == [(1, "TRACK-1")]


async def test_an_older_snapshot_never_overwrites_a_newer_one(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        newer = order_snapshot(status="FULFILLED", fulfillments=(fulfillment("TRACK-2"),))
        older = order_snapshot(status="UNFULFILLED", quantity=5)

        # the newer delivery arrives first, the older one after it
        await record.apply_snapshot(session, installation.id, newer, at(20))
        await record.apply_snapshot(session, installation.id, older, at(10))

    async with sessionmaker() as session:
        order = await record.get_order(session, installation.id, newer.saleor_id)
        assert order is not None
        assert order.status == "FULFILLED"
        assert order.lines[0].quantity == 2
        assert [f.tracking_number for f in order.fulfillments] == ["TRACK-2"]
        assert order.source_version == at(20)


async def test_an_older_fulfillment_update_keeps_the_newer_tracking_number(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        order = order_snapshot()
        await record.apply_snapshot(session, installation.id, order, at(1))

        await record.apply_snapshot(
            session, installation.id, order, at(30), extra_fulfillments=(fulfillment("NEW"),)
        )
        await record.apply_snapshot(
            session, installation.id, order, at(20), extra_fulfillments=(fulfillment("OLD"),)
        )

    async with sessionmaker() as session:
        held = await record.get_order(session, installation.id, order.saleor_id)
        assert held is not None
        assert [f.tracking_number for f in held.fulfillments] == ["NEW"]


async def test_a_fulfillment_missing_from_a_newer_snapshot_is_kept_and_marked(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        await record.apply_snapshot(
            session, installation.id, order_snapshot(fulfillments=(fulfillment("T"),)), at(1)
        )

        await record.apply_snapshot(session, installation.id, order_snapshot(), at(2))

    async with sessionmaker() as session:
        held = await record.get_order(session, installation.id, "T3JkZXI6MQ==")
        assert held is not None
        assert [(f.tracking_number, f.status) for f in held.fulfillments] == [
            ("T", record.FULFILLMENT_GONE)
        ]


async def test_orders_of_two_installations_never_mix(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        first = await make_installation(session, "https://one.test/graphql/")
        second = await make_installation(session, "https://two.test/graphql/")
        await record.apply_snapshot(session, first.id, order_snapshot(), at(1))

    async with sessionmaker() as session:
        assert await record.get_order(session, second.id, "T3JkZXI6MQ==") is None
        assert await record.get_order(session, first.id, "T3JkZXI6MQ==") is not None
