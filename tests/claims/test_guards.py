"""The claim log is append-only in the ORM too: a claim event cannot be rewritten or removed."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.claims import log
from saleor_foresight.claims.errors import ClaimError, ClaimErrorCode
from saleor_foresight.claims.models import ClaimEvent
from saleor_foresight.orders import record
from tests.claims.conftest import Shop
from tests.claims.support import file

Maker = async_sessionmaker[AsyncSession]


async def test_a_claim_event_cannot_be_rewritten_or_removed_through_the_orm(
    sessionmaker: Maker, shop: Shop
) -> None:
    # given a filed claim: one event in the log
    async with sessionmaker.begin() as session:
        order = await record.get_order(session, shop.installation_id, shop.order_id)
        assert order is not None
        claim = await file(session, order)

    # when our own code would change the event's message, flag it internal, or delete it
    for change in ("message", "internal", "delete"):
        with pytest.raises(ClaimError) as caught:
            async with sessionmaker.begin() as session:
                event = await session.scalar(
                    select(ClaimEvent).where(ClaimEvent.claim_id == claim.id)
                )
                assert event is not None
                if change == "message":
                    event.message = "Nothing wrong."
                elif change == "internal":
                    event.internal = not event.internal
                else:
                    await session.delete(event)
        # then the flush refuses it, and the log is as it was
        assert caught.value.code == ClaimErrorCode.IMMUTABLE, change
    async with sessionmaker() as session:
        report = await log.verify(session, shop.installation_id)
    assert report.ok and report.events_checked == 1
