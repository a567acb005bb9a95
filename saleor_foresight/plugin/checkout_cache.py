"""Saleor's answer about a checkout, cached so a repeated question costs no round trip.

The rule: an entry answers until Saleor tells us the checkout changed (a CHECKOUT_UPDATED
delivery whose ``updatedAt`` is newer than the cached one deletes it) or until
``FORESIGHT_CHECKOUT_CACHE_TTL`` seconds have passed since it was fetched (a safety net for
a delivery that is late or lost). Webhooks are asynchronous, so a cart changed a moment ago
may still be answered from the cache once; that is why accepting disclosures always reads
the checkout fresh from Saleor and never from here.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..db import utcnow
from .models import CheckoutCache


async def cached(
    session: AsyncSession, installation_id: uuid.UUID, checkout_id: str, ttl: timedelta
) -> dict[str, Any] | None:
    entry = await session.scalar(
        select(CheckoutCache).where(
            CheckoutCache.installation_id == installation_id,
            CheckoutCache.checkout_id == checkout_id,
            CheckoutCache.fetched_at > utcnow() - ttl,
        )
    )
    return dict(entry.checkout) if entry is not None else None


async def remember(
    sessionmaker: async_sessionmaker[AsyncSession],
    installation_id: uuid.UUID,
    checkout: dict[str, Any],
    saleor_updated_at: datetime | None,
) -> None:
    """Keep Saleor's answer (its own transaction: a cache write never fails a request)."""
    checkout_id = str(checkout["id"])
    try:
        async with sessionmaker.begin() as session:
            await session.execute(
                delete(CheckoutCache).where(
                    CheckoutCache.installation_id == installation_id,
                    CheckoutCache.checkout_id == checkout_id,
                )
            )
            session.add(
                CheckoutCache(
                    installation_id=installation_id,
                    checkout_id=checkout_id,
                    checkout=checkout,
                    saleor_updated_at=saleor_updated_at,
                )
            )
    except IntegrityError:
        pass  # a concurrent request cached the same answer


async def forget(
    session: AsyncSession,
    installation_id: uuid.UUID,
    checkout_id: str,
    updated_at: datetime | None,
) -> None:
    """The checkout changed in Saleor: drop what we cached before that change."""
    stale = delete(CheckoutCache).where(
        CheckoutCache.installation_id == installation_id,
        CheckoutCache.checkout_id == checkout_id,
    )
    if updated_at is not None:
        stale = stale.where(
            or_(
                CheckoutCache.saleor_updated_at.is_(None),
                CheckoutCache.saleor_updated_at < updated_at,
            )
        )
    await session.execute(stale)
