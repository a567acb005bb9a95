"""Staff's claim list: filtered, sorted by deadline (or by age), paged by keyset.

Sorting by DEADLINE puts the most urgent first: claims with a running deadline by due
time, then those without one (the buyer or Saleor owes the next step, or the claim is
closed), each group by claim number. The keyset is (due time, or a far-future stand-in,
claim number); CREATED_AT pages by claim number alone, numbers growing with filing.
A page is one query; the caller adds loader options for what it shows.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import UTCDateTime
from ..orders.models import Order
from .models import Claim, ClaimReason, ClaimResolution, ResolutionStatus
from .states import ClaimStatus

NO_DEADLINE = datetime(9999, 12, 31, tzinfo=UTC)


class SortField(StrEnum):
    DEADLINE = "DEADLINE"
    CREATED_AT = "CREATED_AT"


@dataclass(frozen=True)
class ClaimFilter:
    statuses: frozenset[ClaimStatus] = frozenset()
    reasons: frozenset[ClaimReason] = frozenset()
    channels: frozenset[str] = frozenset()
    overdue: bool | None = None
    assignee_id: str | None = None
    unassigned: bool | None = None
    resolution_failed: bool | None = None
    order_id: str | None = None  # Saleor's


@dataclass(frozen=True)
class Position:
    """Where a page starts: after the claim with this sort key and number."""

    due: datetime | None
    number: int


def _deadline() -> ColumnElement[datetime]:
    return func.coalesce(Claim.due_at, literal(NO_DEADLINE, UTCDateTime()))


def _filtered(installation_id: uuid.UUID, f: ClaimFilter, now: datetime) -> Select[Any]:
    query = (
        select(Claim)
        .join(Order, Order.id == Claim.order_id)
        .where(Claim.installation_id == installation_id)
    )
    if f.statuses:
        query = query.where(Claim.status.in_(f.statuses))
    if f.reasons:
        query = query.where(Claim.reason.in_(f.reasons))
    if f.channels:
        query = query.where(Order.channel_slug.in_(f.channels))
    if f.order_id is not None:
        query = query.where(Order.saleor_id == f.order_id)
    if f.overdue is True:
        query = query.where(Claim.due_at <= now)
    elif f.overdue is False:
        query = query.where(or_(Claim.due_at.is_(None), Claim.due_at > now))
    if f.assignee_id is not None:
        query = query.where(Claim.assignee_id == f.assignee_id)
    if f.unassigned is not None:
        unassigned = Claim.assignee_id.is_(None)
        query = query.where(unassigned if f.unassigned else ~unassigned)
    if f.resolution_failed is not None:
        failed = exists().where(
            ClaimResolution.claim_id == Claim.id,
            ClaimResolution.status == ResolutionStatus.FAILED,
        )
        query = query.where(failed if f.resolution_failed else ~failed)
    return query


async def count(
    session: AsyncSession, installation_id: uuid.UUID, f: ClaimFilter, now: datetime
) -> int:
    inner = _filtered(installation_id, f, now).with_only_columns(Claim.id).subquery()
    return int(await session.scalar(select(func.count()).select_from(inner)) or 0)


async def page(
    session: AsyncSession,
    installation_id: uuid.UUID,
    f: ClaimFilter,
    now: datetime,
    *,
    sort: SortField = SortField.DEADLINE,
    descending: bool = False,
    after: Position | None = None,
    limit: int = 20,
    options: Sequence[Any] = (),
) -> list[tuple[Claim, Position]]:
    query = _filtered(installation_id, f, now)
    if sort is SortField.DEADLINE:
        key = _deadline()
        query = query.add_columns(key)
        keys: list[Any] = [key, Claim.number]
        if after is not None:
            due = after.due or NO_DEADLINE
            beyond = (key < due) if descending else (key > due)
            same = and_(key == due, (Claim.number < after.number)
                        if descending else (Claim.number > after.number))  # fmt: skip
            query = query.where(or_(beyond, same))
    else:
        query = query.add_columns(literal(None))
        keys = [Claim.number]
        if after is not None:
            query = query.where(
                Claim.number < after.number if descending else Claim.number > after.number
            )
    order = [k.desc() if descending else k.asc() for k in keys]
    rows = await session.execute(query.order_by(*order).limit(limit).options(*options))
    return [
        (claim, Position(None if due is None or due == NO_DEADLINE else due, claim.number))
        for claim, due in rows
    ]
