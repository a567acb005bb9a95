"""The claims domain's public reads, as the evidence pack uses them."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.claims import read, staff
from saleor_foresight.orders import record
from tests.claims.conftest import Shop
from tests.claims.support import STAFF, day, file


async def test_a_claim_reads_back_with_its_thread_without_staff_notes(
    sessionmaker: async_sessionmaker[AsyncSession], shop: Shop
) -> None:
    async with sessionmaker.begin() as session:
        order = await record.get_order(session, shop.installation_id, shop.order_id)
        assert order is not None
        filed = await file(session, order)
        await staff.note(session, shop.installation_id, filed.id, STAFF, day(11), "Internal.")

    async with sessionmaker() as session:
        found = await read.claim(session, shop.installation_id, filed.id)
        public = await read.events(session, shop.installation_id, filed.id, internal=False)
        every = await read.events(session, shop.installation_id, filed.id, internal=True)
        photos = await read.photos(session, shop.installation_id, filed.id)
        missing = await read.claim(session, shop.installation_id, uuid.uuid4())

    assert found is not None and found.order.saleor_id == shop.order_id
    assert [line.quantity for line in found.lines] == [1]
    assert [e.action for e in public] == ["FILE"]
    assert [e.action for e in every] == ["FILE", "NOTE"]
    assert photos == [] and missing is None
