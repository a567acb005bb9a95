"""The packing queue and an order's photos, read straight from the database."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.dispatch import queries
from saleor_foresight.dispatch.models import DispatchPhoto, DispatchUpload, UploadStatus
from saleor_foresight.orders import record
from saleor_foresight.rules import service as rules
from saleor_foresight.rules.fulfillment import DispatchWarning
from saleor_foresight.storage import new_key
from tests.dispatch.conftest import STAFF, ship
from tests.factories import T0, at, make_installation, order_snapshot


async def photograph(
    session: AsyncSession, installation_id: uuid.UUID, order_id: str, *, hidden: bool = False
) -> DispatchPhoto:
    """A confirmed photo of the order's first parcel, as the service records one."""
    order = await record.get_order(session, installation_id, order_id)
    assert order is not None
    parcel = order.fulfillments[0]
    key = new_key(installation_id, "dispatch-photo")
    upload = DispatchUpload(
        installation_id=installation_id, order_id=order.id, fulfillment_id=parcel.id,
        storage_key=key, content_type="image/jpeg", byte_size=1000,
        status=UploadStatus.CONFIRMED, uploaded_by_id=STAFF.user_id,
        uploaded_by_email=STAFF.email, expires_at=T0,
    )  # fmt: skip
    session.add(upload)
    await session.flush()
    photo = DispatchPhoto(
        installation_id=installation_id, upload_id=upload.id, order_id=order.id,
        fulfillment_id=parcel.id, original_key=key,
        buyer_copy_key=new_key(installation_id, "dispatch-buyer"),
        thumbnail_key=new_key(installation_id, "dispatch-thumb"), sha256="0" * 64,
        byte_size=1000, format="JPEG", width=64, height=48, buyer_copy_width=64,
        buyer_copy_height=48, uploaded_by_id=STAFF.user_id, uploaded_by_email=STAFF.email,
        uploaded_at=T0, hidden=hidden,
    )  # fmt: skip
    session.add(photo)
    await session.flush()
    return photo


async def queue_numbers(
    session: AsyncSession, installation_id: uuid.UUID, **options: object
) -> list[str]:
    entries = await queries.packing_queue(session, installation_id, **options)  # type: ignore[arg-type]
    return [e.order.number for e in entries]


async def test_the_queue_holds_shipped_parcels_without_a_visible_photo_oldest_first(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given orders shipped at different times, one photographed, one with a hidden photo only,
    # one cancelled and one returned
    async with sessionmaker.begin() as session:
        shop = (await make_installation(session)).id
        for number, minutes in ((1, 30), (2, 10), (3, 20), (4, 5), (5, 1)):
            await ship(session, shop, number=number, fulfilled_at=at(minutes))
        await ship(session, shop, number=6, status="CANCELED", fulfilled_at=at(0))
        await ship(session, shop, number=7, status="RETURNED", fulfilled_at=at(0))
        await photograph(session, shop, "T3JkZXI64")
        await photograph(session, shop, "T3JkZXI65", hidden=True)

    # when the queue is read
    async with sessionmaker() as session:
        numbers = await queue_numbers(session, shop)

    # then it lists the parcels still to photograph, oldest first
    assert numbers == ["5", "2", "3", "1"]


async def test_the_queue_is_per_channel_and_per_installation(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        shop = (await make_installation(session)).id
        other = (await make_installation(session, "https://other.test/graphql/")).id
        await ship(session, shop, number=1, channel="eu")
        await ship(session, shop, number=2, channel="us")
        await ship(session, other, number=3, channel="eu")

    async with sessionmaker() as session:
        assert await queue_numbers(session, shop, channel="eu") == ["1"]
        assert await queue_numbers(session, shop, channel="us") == ["2"]
        assert await queue_numbers(session, shop, channel="nowhere") == []
        assert await queue_numbers(session, shop) == ["1", "2"]


async def test_the_queue_pages_on_from_a_position_even_between_equal_times(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        shop = (await make_installation(session)).id
        for number in range(1, 8):
            fulfilled = T0 + timedelta(minutes=number // 3)  # pairs and triples at one time
            total = Decimal(10 * (number % 2))  # risks tie too: 0 or 10, each several times
            await ship(session, shop, number=number, fulfilled_at=fulfilled, total=total)

    seen: list[str] = []
    after = None
    async with sessionmaker() as session:
        while True:
            page = await queries.packing_queue(session, shop, after=after, limit=2)
            if not page:
                break
            seen += [e.order.number for e in page]
            last = page[-1]
            after = queries.QueuePosition(last.risk, last.waiting_since, last.fulfillment.id)

    assert sorted(seen) == [str(n) for n in range(1, 8)]
    assert len(seen) == 7


async def test_the_riskiest_parcel_comes_first_value_times_missing_proof(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given parcels of orders worth different amounts, some tracked, one photographed
    async with sessionmaker.begin() as session:
        shop = (await make_installation(session)).id
        threshold = {"tracked_shipping_above": Decimal(500)}
        await rules.update(session, shop, "default-channel", "USD", threshold, "owner@example.com")
        await ship(session, shop, number=1, total=Decimal(300), tracking="DHL-1")  # 300 x 1
        await ship(session, shop, number=2, total=Decimal(200))  # 200 x 2 = 400
        await ship(session, shop, number=3, total=Decimal(900), tracking="DHL-3")  # 900 x 1
        await ship(session, shop, number=4, total=Decimal(600))  # photographed: 600 x 1
        await photograph(session, shop, "T3JkZXI64")
        await ship(session, shop, number=5, total=Decimal(100), tracking="DHL-5")  # 100 x 1
        await ship(session, shop, number=6, total=Decimal(800), tracking="DHL-6")  # done
        await photograph(session, shop, "T3JkZXI66")

    # when the queue is read
    async with sessionmaker() as session:
        entries = await queries.packing_queue(session, shop)

    # then it is ranked by value times missing proof; a photographed parcel above the
    # tracked-shipping threshold stays, flagged, until it has a tracking number
    assert [(e.order.number, e.risk) for e in entries] == [
        ("3", Decimal(900)), ("4", Decimal(600)), ("2", Decimal(400)), ("1", Decimal(300)),
        ("5", Decimal(100)),
    ]  # fmt: skip
    flags = {e.order.number: (e.has_photo, e.warnings, e.signature_required) for e in entries}
    assert flags["4"] == (True, (DispatchWarning.NO_TRACKING,), False)
    assert flags["3"] == (False, (), True)  # tracked, but above the 750 signature default
    assert flags["2"] == (False, (), False)  # untracked, but below the threshold


async def test_photos_of_many_parcels_come_in_one_query_without_hidden_ones_for_buyers(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        shop = (await make_installation(session)).id
        await ship(session, shop, number=1)
        await ship(session, shop, number=2)
        visible = await photograph(session, shop, "T3JkZXI61")
        hidden = await photograph(session, shop, "T3JkZXI62", hidden=True)

    async with sessionmaker() as session:
        ids = [visible.fulfillment_id, hidden.fulfillment_id]
        buyer = await queries.photos_by_fulfillment(session, shop, ids, include_hidden=False)
        staff = await queries.photos_by_fulfillment(session, shop, ids, include_hidden=True)
        stranger = await queries.photos_by_fulfillment(
            session, uuid.uuid4(), ids, include_hidden=True
        )

    assert {k: [p.id for p in v] for k, v in buyer.items()} == {ids[0]: [visible.id]}
    assert {k: [p.id for p in v] for k, v in staff.items()} == {
        ids[0]: [visible.id], ids[1]: [hidden.id],
    }  # fmt: skip
    assert not stranger


async def place(
    session: AsyncSession,
    installation_id: uuid.UUID,
    *,
    number: int,
    status: str = "UNFULFILLED",
    total: Decimal | None = None,
    channel: str = "default-channel",
) -> str:
    """Record order ``number`` placed, not shipped; its Saleor ID."""
    snapshot = replace(
        order_snapshot(status=status),
        saleor_id=f"T3JkZXI6{number}",
        number=str(number),
        channel_slug=channel,
        created_at=at(number),
        total_gross=total,
    )
    await record.apply_snapshot(session, installation_id, snapshot, at(number))
    return snapshot.saleor_id


async def test_orders_still_to_pack_wait_beside_the_parcels_ranked_by_their_total(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given a parcel shipped without a photo, orders confirmed and not yet shipped (one with a
    # parcel gone and lines left), one held unconfirmed, one cancelled, and one shipped in full
    async with sessionmaker.begin() as session:
        shop = (await make_installation(session)).id
        await ship(session, shop, number=1, total=Decimal(300), tracking="DHL-1")  # 300 x 1
        await place(session, shop, number=2, total=Decimal(500))  # to pack: 500 x 1
        await ship(
            session, shop, number=3, total=Decimal(200), tracking="DHL-3",
            order_status="PARTIALLY_FULFILLED",
        )  # fmt: skip
        await photograph(session, shop, "T3JkZXI63")  # its parcel done; its other lines not
        await place(session, shop, number=4, total=Decimal(900), status="UNCONFIRMED")
        await place(session, shop, number=5, total=Decimal(800), status="CANCELED")
        await ship(session, shop, number=6, total=Decimal(700), tracking="DHL-6")
        await photograph(session, shop, "T3JkZXI66")
        await place(session, shop, number=7, total=Decimal(500))  # to pack, placed later

    # when the queue is read
    async with sessionmaker() as session:
        entries = await queries.packing_queue(session, shop)

    # then the orders to pack are in it, riskiest first as the parcels, with no parcel yet
    assert [(e.order.number, e.risk, e.fulfillment is None) for e in entries] == [
        ("2", Decimal(500), True), ("7", Decimal(500), True), ("1", Decimal(300), False),
        ("3", Decimal(200), True),
    ]  # fmt: skip
    assert entries[0].waiting_since == at(2) and not entries[0].has_photo
    assert entries[0].warnings == ()  # no tracking number to lack before the parcel exists

    # and a page starts after an order to pack as after a parcel
    async with sessionmaker() as session:
        first = await queries.packing_queue(session, shop, limit=1)
        position = queries.QueuePosition(first[0].risk, first[0].waiting_since, first[0].entry_id)
        rest = await queries.packing_queue(session, shop, after=position)
    assert [e.order.number for e in rest] == ["7", "1", "3"]
