"""Fixtures for the claims domain: an installation with one shipped order."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.claims.support import order_snapshot, record_order
from tests.factories import make_installation


@dataclass(frozen=True)
class Shop:
    installation_id: uuid.UUID
    order_id: str  # Saleor's


@pytest.fixture
async def shop(sessionmaker: async_sessionmaker[AsyncSession]) -> Shop:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        order = await record_order(session, installation.id, order_snapshot())
    return Shop(installation.id, order.saleor_id)
