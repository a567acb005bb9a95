"""Reading the proof of dispatch: an order's photos, and the packing queue.

The packing queue holds every FULFILLED fulfillment that lacks proof: no visible photo, or
no tracking number while its order is above the channel's ``tracked_shipping_above``. A
FULFILLMENT_CREATED delivery puts a fulfillment in it (the order record gains the row); a
confirmed photo (and, above the threshold, a tracking number) takes it out; hiding that
photo puts it back. It is kept per fulfillment, not per order: each parcel needs its own
photo, and an order shipped in two parcels stays in the queue until both have one.
Cancelled, deleted and return or refund fulfillments (Saleor's RETURNED, REFUNDED,
REPLACED, ...) are not parcels the shop packs, so never in it.

Riskiest first: ``risk`` is the order's total times the proofs the parcel lacks (no photo,
no tracking number: 1 or 2), then the longest waiting. Totals are compared as numbers:
filter by channel to rank orders of one currency. Each entry carries the rules' warnings
(``rules/fulfillment.py``) and whether the parcel needs a signature on delivery.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Numeric, and_, case, exists, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..orders.models import Fulfillment, Order
from ..rules.decide import Rules, needs_signature
from ..rules.fulfillment import DispatchWarning, warnings_for
from ..rules.models import ChannelRules
from ..rules.service import rules_of
from .models import DispatchPhoto

DISPATCHED = "FULFILLED"


@dataclass(frozen=True)
class QueueEntry:
    order: Order
    fulfillment: Fulfillment
    waiting_since: datetime
    has_photo: bool
    risk: Decimal
    warnings: tuple[DispatchWarning, ...] = ()
    signature_required: bool = False


@dataclass(frozen=True)
class QueuePosition:
    """Where a page of the queue starts: after this entry."""

    risk: Decimal
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
    """Dispatched fulfillments lacking proof, riskiest first."""
    waiting_since = func.coalesce(Fulfillment.created_at, Fulfillment.recorded_at)
    photographed = exists().where(
        DispatchPhoto.fulfillment_id == Fulfillment.id, DispatchPhoto.hidden.is_(False)
    )
    untracked = func.trim(Fulfillment.tracking_number) == ""
    missing = case((photographed, 0), else_=1) + case((untracked, 1), else_=0)
    risk = func.coalesce(Order.total_gross, 0) * missing
    tracking_required = and_(
        ChannelRules.tracked_shipping_above.is_not(None),
        Order.total_gross > ChannelRules.tracked_shipping_above,
    )
    query = (
        select(Fulfillment, Order, ChannelRules, waiting_since, photographed, risk)
        .join(Order, Order.id == Fulfillment.order_id)
        .outerjoin(
            ChannelRules,
            and_(
                ChannelRules.installation_id == Order.installation_id,
                ChannelRules.channel_slug == Order.channel_slug,
                ChannelRules.currency == Order.currency,
            ),
        )
        .where(
            Fulfillment.installation_id == installation_id,
            Fulfillment.status == DISPATCHED,
            or_(~photographed, and_(untracked, tracking_required)),
        )
    )
    if channel is not None:
        query = query.where(Order.channel_slug == channel)
    if after is not None:
        after_risk = literal(after.risk, Numeric(24, 4))
        query = query.where(
            or_(
                risk < after_risk,
                and_(risk == after_risk, waiting_since > after.waiting_since),
                and_(
                    risk == after_risk,
                    waiting_since == after.waiting_since,
                    Fulfillment.id > after.fulfillment_id,
                ),
            )
        )
    rows = await session.execute(
        query.order_by(risk.desc(), waiting_since, Fulfillment.id).limit(limit)
    )
    return [
        _entry(fulfillment, order, saved, since, bool(has_photo), Decimal(value))
        for fulfillment, order, saved, since, has_photo, value in rows
    ]


def _entry(
    fulfillment: Fulfillment,
    order: Order,
    saved: ChannelRules | None,
    since: datetime,
    has_photo: bool,
    risk: Decimal,
) -> QueueEntry:
    rules = rules_of(saved) if saved is not None else Rules(order.channel_slug, order.currency)
    total = order.total_gross
    return QueueEntry(
        order,
        fulfillment,
        since,
        has_photo,
        risk.quantize(Decimal("0.0001")),
        tuple(warnings_for(order, fulfillment.tracking_number, rules)),
        total is not None and rules.currency == order.currency and needs_signature(total, rules),
    )
