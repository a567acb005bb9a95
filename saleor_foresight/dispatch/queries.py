"""Reading the proof of dispatch: an order's photos, and the packing queue.

The packing queue holds every FULFILLED fulfillment with no visible photo, oldest first: a
FULFILLMENT_CREATED delivery puts a fulfillment in it (the order record gains the row) and a
confirmed photo takes it out; hiding that photo puts it back. It is kept per fulfillment, not
per order: each parcel needs its own photo, and an order shipped in two parcels stays in the
queue until both have one. Cancelled, deleted and return or refund fulfillments (Saleor's
RETURNED, REFUNDED, REPLACED, ...) are not parcels the shop packs, so never in it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..orders.models import Fulfillment, Order
from .models import DispatchPhoto

DISPATCHED = "FULFILLED"


@dataclass(frozen=True)
class QueueEntry:
    order: Order
    fulfillment: Fulfillment
    waiting_since: datetime


@dataclass(frozen=True)
class QueuePosition:
    """Where a page of the queue starts: after this entry."""

    waiting_since: datetime
    fulfillment_id: uuid.UUID


async def photos_by_fulfillment(
    session: AsyncSession,
    installation_id: uuid.UUID,
    fulfillment_ids: Sequence[uuid.UUID],
    *,
    include_hidden: bool,
) -> dict[uuid.UUID, list[DispatchPhoto]]:
    """The photos of many fulfillments in one query, each list oldest first."""
    found: dict[uuid.UUID, list[DispatchPhoto]] = defaultdict(list)
    if not fulfillment_ids:
        return found
    query = select(DispatchPhoto).where(
        DispatchPhoto.installation_id == installation_id,
        DispatchPhoto.fulfillment_id.in_(set(fulfillment_ids)),
    )
    if not include_hidden:
        query = query.where(DispatchPhoto.hidden.is_(False))
    for photo in await session.scalars(query.order_by(DispatchPhoto.uploaded_at)):
        found[photo.fulfillment_id].append(photo)
    return found


def shown_fulfillments(
    order: Order, photos: dict[uuid.UUID, list[DispatchPhoto]]
) -> list[Fulfillment]:
    """What an order's proof lists: every dispatched parcel, and any other with a photo."""
    return [f for f in order.fulfillments if f.status == DISPATCHED or photos.get(f.id)]


async def packing_queue(
    session: AsyncSession,
    installation_id: uuid.UUID,
    *,
    channel: str | None = None,
    after: QueuePosition | None = None,
    limit: int = 20,
) -> list[QueueEntry]:
    """Dispatched fulfillments still without a visible photo, oldest first."""
    waiting_since = func.coalesce(Fulfillment.created_at, Fulfillment.recorded_at)
    photographed = exists().where(
        DispatchPhoto.fulfillment_id == Fulfillment.id, DispatchPhoto.hidden.is_(False)
    )
    query = (
        select(Fulfillment, Order, waiting_since)
        .join(Order, Order.id == Fulfillment.order_id)
        .where(
            Fulfillment.installation_id == installation_id,
            Fulfillment.status == DISPATCHED,
            ~photographed,
        )
    )
    if channel is not None:
        query = query.where(Order.channel_slug == channel)
    if after is not None:
        query = query.where(
            or_(
                waiting_since > after.waiting_since,
                and_(waiting_since == after.waiting_since, Fulfillment.id > after.fulfillment_id),
            )
        )
    rows = await session.execute(query.order_by(waiting_since, Fulfillment.id).limit(limit))
    return [QueueEntry(order, fulfillment, since) for fulfillment, order, since in rows]
