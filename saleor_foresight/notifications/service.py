"""Raise, list and read staff notifications.

``notify`` writes in the caller's transaction and never twice for one ``dedupe_key``: the
row is inserted with the database's ON CONFLICT DO NOTHING, so two deliveries of one webhook
racing each other raise one notification. ``inbox`` lists them newest first, unread only by
default; ``mark_read`` stamps who read them; ``settle`` marks one read when its cause is gone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import insert_or_merge, utcnow
from .models import StaffNotification


class NotificationKind(StrEnum):
    DISPATCH_WARNING = "DISPATCH_WARNING"  # a valuable parcel left without proof (rules)


async def notify(
    session: AsyncSession,
    installation_id: uuid.UUID,
    kind: NotificationKind,
    message: str,
    *,
    dedupe_key: str,
    order_id: uuid.UUID | None = None,
    data: Mapping[str, Any] | None = None,
) -> bool:
    """Raise a notification unless one with ``dedupe_key`` exists; whether it was new."""
    statement = (
        insert_or_merge(session, StaffNotification)
        .values(
            id=uuid.uuid4(),
            installation_id=installation_id,
            kind=kind,
            order_id=order_id,
            message=message,
            data=dict(data or {}),
            dedupe_key=dedupe_key,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["installation_id", "dedupe_key"])
        .returning(StaffNotification.id)
    )
    return (await session.execute(statement)).scalar_one_or_none() is not None


async def settle(
    session: AsyncSession,
    installation_id: uuid.UUID,
    dedupe_key: str,
    *,
    only_if: Callable[[Mapping[str, Any]], bool],
    by: str,
) -> bool:
    """Mark the unread notification raised under ``dedupe_key`` read when its data passes
    ``only_if`` (its cause is gone); whether one was."""
    found = await session.scalar(
        select(StaffNotification).where(
            StaffNotification.installation_id == installation_id,
            StaffNotification.dedupe_key == dedupe_key,
            StaffNotification.read_at.is_(None),
        )
    )
    if found is None or not only_if(found.data or {}):
        return False
    found.read_at, found.read_by = utcnow(), by
    return True


async def inbox(
    session: AsyncSession,
    installation_id: uuid.UUID,
    *,
    unread_only: bool = True,
    limit: int = 50,
) -> list[StaffNotification]:
    query = select(StaffNotification).where(StaffNotification.installation_id == installation_id)
    if unread_only:
        query = query.where(StaffNotification.read_at.is_(None))
    query = query.order_by(StaffNotification.created_at.desc(), StaffNotification.id.desc())
    return list(await session.scalars(query.limit(limit)))


async def unread_count(session: AsyncSession, installation_id: uuid.UUID) -> int:
    query = select(func.count()).where(
        StaffNotification.installation_id == installation_id, StaffNotification.read_at.is_(None)
    )
    return int(await session.scalar(query) or 0)


async def mark_read(
    session: AsyncSession,
    installation_id: uuid.UUID,
    ids: Sequence[uuid.UUID],
    by: str,
    now: datetime,
) -> int:
    """Mark the installation's notifications in ``ids`` read (others are left alone)."""
    if not ids:
        return 0
    result = await session.execute(
        update(StaffNotification)
        .where(
            StaffNotification.installation_id == installation_id,
            StaffNotification.id.in_(set(ids)),
            StaffNotification.read_at.is_(None),
        )
        .values(read_at=now, read_by=by)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
