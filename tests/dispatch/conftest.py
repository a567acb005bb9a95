"""Dispatch fixtures: a shop with an order shipped in one parcel, and the local storage."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.dispatch.service import StaffMember
from saleor_foresight.orders import record
from saleor_foresight.photos.images import ImageLimits
from saleor_foresight.storage import LocalStorage
from tests.factories import at, fulfillment, make_installation, order_snapshot
from tests.storage.support import BASE_URL, LIMIT, SIGNING_KEY, FakeClock

STAFF = StaffMember(user_id="VXNlcjoyMQ==", email="packer@example.com")
LIMITS = ImageLimits(max_bytes=LIMIT)


@dataclass(frozen=True)
class Shop:
    installation_id: uuid.UUID
    order_id: str  # Saleor's
    fulfillment_id: str  # Saleor's


async def ship(
    session: AsyncSession,
    installation_id: uuid.UUID,
    *,
    number: int,
    channel: str = "default-channel",
    fulfilled_at: datetime | None = None,
    status: str = "FULFILLED",
    order_status: str = "FULFILLED",
    total: Decimal | None = None,
    currency: str = "USD",
    tracking: str = "",
) -> tuple[str, str]:
    """Record order ``number`` shipped in one parcel (the order ``order_status``, FULFILLED as
    Saleor has it once its one parcel left); its Saleor order and fulfillment IDs."""
    parcel = replace(
        fulfillment(tracking=tracking, status=status),
        saleor_id=f"RnVsZmlsbG1lbnQ6{number}",
        created_at=fulfilled_at or at(number),
    )
    snapshot = replace(
        order_snapshot(fulfillments=(parcel,)),
        saleor_id=f"T3JkZXI6{number}",
        number=str(number),
        status=order_status,
        channel_slug=channel,
        total_gross=total,
        currency=currency,
    )
    await record.apply_snapshot(session, installation_id, snapshot, at(number))
    return snapshot.saleor_id, parcel.saleor_id


@pytest.fixture
async def shop(sessionmaker: async_sessionmaker[AsyncSession]) -> Shop:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        order_id, fulfillment_id = await ship(session, installation.id, number=1)
    return Shop(installation.id, order_id, fulfillment_id)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def storage(tmp_path: Path, clock: FakeClock) -> LocalStorage:
    local = LocalStorage(
        tmp_path / "media",
        base_url=BASE_URL,
        signing_key=SIGNING_KEY,
        upload_max_bytes=LIMIT,
        ticket_ttl=900,
        download_ttl=300,
        clock=clock,
    )
    await local.check()
    return local
