"""Guests prove an order is theirs with its ID and email: wrong guesses are limited.

An order ID travels in links and e-mails, so the email is what stands between a stranger
and the order page. Each wrong email is a row (``GuestAttempt``) with the order asked for and
the client's address; once an order has ``PER_ORDER`` wrong guesses within ``WINDOW``, or a
client ``PER_CLIENT`` over any orders (unknown order IDs included), every further guest try
for it is refused as ``TooManyAttempts`` — the right email too, so the answer never says
whether a guess was right — until the oldest of them leaves the window. Right guesses are not
counted. The rows live in the database, so the limit holds across workers and restarts;
rows past the window are deleted as new ones are written.

Each check and each record runs in a unit of work of its own: a failure must stay counted
when the request that made it is refused and rolled back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import utcnow
from ..errors import ForesightError
from .models import GuestAttempt

WINDOW = timedelta(minutes=15)
PER_ORDER = 10
PER_CLIENT = 30
UNKNOWN_CLIENT = "unknown"

UnitOfWork = Callable[[], AbstractAsyncContextManager[AsyncSession]]


class TooManyAttempts(ForesightError):
    """Too many wrong emails for this order, or from this client, lately."""


async def check_allowed(
    transaction: UnitOfWork,
    installation_id: uuid.UUID,
    order_key: str,
    client: str | None,
    now: datetime | None = None,
) -> None:
    """Raise ``TooManyAttempts`` when the order or the client has used up its guesses."""
    since = (now or utcnow()) - WINDOW
    async with transaction() as session:
        by_order = await _count(session, installation_id, since, order_key=order_key[:255])
        by_client = await _count(session, installation_id, since, client=_client(client))
    if by_order >= PER_ORDER or by_client >= PER_CLIENT:
        raise TooManyAttempts(
            "Too many tries with a wrong email. Wait a few minutes, then try again."
        )


async def record_failure(
    transaction: UnitOfWork,
    installation_id: uuid.UUID,
    order_key: str,
    client: str | None,
    now: datetime | None = None,
) -> None:
    """Count one wrong email for the order from the client; forget rows past the window."""
    moment = now or utcnow()
    key, address = order_key[:255], _client(client)
    async with transaction() as session:
        await session.execute(
            delete(GuestAttempt).where(
                GuestAttempt.installation_id == installation_id,
                or_(GuestAttempt.order_key == key, GuestAttempt.client == address),
                GuestAttempt.created_at < moment - WINDOW,
            )
        )
        session.add(
            GuestAttempt(
                installation_id=installation_id, order_key=key, client=address, created_at=moment
            )
        )


async def _count(
    session: AsyncSession,
    installation_id: uuid.UUID,
    since: datetime,
    *,
    order_key: str | None = None,
    client: str | None = None,
) -> int:
    query = select(func.count()).where(
        GuestAttempt.installation_id == installation_id, GuestAttempt.created_at >= since
    )
    if order_key is not None:
        query = query.where(GuestAttempt.order_key == order_key)
    if client is not None:
        query = query.where(GuestAttempt.client == client)
    return int(await session.scalar(query) or 0)


def _client(address: str | None) -> str:
    return (address or UNKNOWN_CLIENT)[:64]
