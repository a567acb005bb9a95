"""Reading the proof of dispatch: an order's photos, and the packing queue.

The packing queue holds what staff should photograph, so the photo is taken before the
parcel leaves:

* every order still to pack: Saleor's status UNFULFILLED or PARTIALLY_FULFILLED (confirmed,
  lines left to ship). Foresight's record of an order holds Saleor's status but not whether it
  is paid, so "to pack" is what the status says; an UNCONFIRMED order (strict mode holds it,
  or staff have yet to confirm it) is not to be packed, so not in it. A photo belongs to a
  parcel, so such an entry has no fulfillment: it leaves the queue once Saleor has the parcel
  (the order FULFILLED), which then waits for its photo as below;
* every FULFILLED fulfillment that lacks proof: no visible photo, or no tracking number while
  its order is above the channel's ``tracked_shipping_above``. A FULFILLMENT_CREATED delivery
  puts a fulfillment in it (the order record gains the row); a confirmed photo (and, above the
  threshold, a tracking number) takes it out; hiding that photo puts it back. It is kept per
  fulfillment, not per order: each parcel needs its own photo, and an order shipped in two
  parcels stays in the queue until both have one. Cancelled, deleted and return or refund
  fulfillments (Saleor's RETURNED, REFUNDED, REPLACED, ...) are not parcels the shop packs, so
  never in it.

Riskiest first: ``risk`` is the order's total times the proofs missing (a parcel: no photo, no
tracking number, 1 or 2; an order to pack: its photo, 1), then the longest waiting (since the
parcel was fulfilled, or the order placed). Totals are compared as numbers: filter by channel
to rank orders of one currency. Each entry carries the rules' warnings
(``rules/fulfillment.py``; an order to pack has no tracking number to lack yet) and whether
the parcel needs a signature on delivery.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Numeric,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from ..orders.models import Fulfillment, Order
from ..rules.decide import Rules, needs_signature
from ..rules.fulfillment import DispatchWarning, warnings_for
from ..rules.models import ChannelRules
from ..rules.service import rules_of
from .models import DispatchPhoto

DISPATCHED = "FULFILLED"
# Saleor's statuses of an order confirmed with lines left to ship
TO_PACK = ("UNFULFILLED", "PARTIALLY_FULFILLED")


@dataclass(frozen=True)
class QueueEntry:
    """A parcel lacking proof, or (``fulfillment`` None) an order still to pack."""

    order: Order
    fulfillment: Fulfillment | None
    waiting_since: datetime
    has_photo: bool
    risk: Decimal
    warnings: tuple[DispatchWarning, ...] = ()
    signature_required: bool = False

    @property
    def entry_id(self) -> uuid.UUID:
        return self.fulfillment.id if self.fulfillment is not None else self.order.id


@dataclass(frozen=True)
class QueuePosition:
    """Where a page of the queue starts: after this entry (a fulfillment's id, or an order's
    for an order to pack)."""

    risk: Decimal
    waiting_since: datetime
    entry_id: uuid.UUID


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
    """Orders to pack and dispatched fulfillments lacking proof, riskiest first."""
    queue = _queue(installation_id, channel).subquery("queue")
    query = (
        select(Order, Fulfillment, ChannelRules, queue.c.waiting_since, queue.c.has_photo,
               queue.c.risk)
        .select_from(queue)
        .join(Order, Order.id == queue.c.order_id)
        .outerjoin(Fulfillment, Fulfillment.id == queue.c.fulfillment_id)
        .outerjoin(ChannelRules, _rules_of_order())
    )  # fmt: skip
    if after is not None:
        after_risk = literal(after.risk, Numeric(24, 4))
        query = query.where(
            or_(
                queue.c.risk < after_risk,
                and_(queue.c.risk == after_risk, queue.c.waiting_since > after.waiting_since),
                and_(
                    queue.c.risk == after_risk,
                    queue.c.waiting_since == after.waiting_since,
                    queue.c.entry_id > after.entry_id,
                ),
            )
        )
    order_by = (queue.c.risk.desc(), queue.c.waiting_since, queue.c.entry_id)
    rows = await session.execute(query.order_by(*order_by).limit(limit))
    return [
        _entry(order, fulfillment, saved, since, bool(has_photo), Decimal(risk))
        for order, fulfillment, saved, since, has_photo, risk in rows
    ]


def _rules_of_order() -> ColumnElement[bool]:
    """The saved rules of an order's channel, in the order's currency."""
    return and_(
        ChannelRules.installation_id == Order.installation_id,
        ChannelRules.channel_slug == Order.channel_slug,
        ChannelRules.currency == Order.currency,
    )


def _queue(installation_id: uuid.UUID, channel: str | None) -> CompoundSelect[Any]:
    """The queue's entries as one union: parcels lacking proof, and orders to pack."""
    waiting_since = func.coalesce(Fulfillment.created_at, Fulfillment.recorded_at)
    photographed = exists().where(
        DispatchPhoto.fulfillment_id == Fulfillment.id, DispatchPhoto.hidden.is_(False)
    )
    untracked = func.trim(Fulfillment.tracking_number) == ""
    missing = case((photographed, 0), else_=1) + case((untracked, 1), else_=0)
    tracking_required = and_(
        ChannelRules.tracked_shipping_above.is_not(None),
        Order.total_gross > ChannelRules.tracked_shipping_above,
    )
    parcels = (
        select(
            Fulfillment.id.label("entry_id"),
            Order.id.label("order_id"),
            Fulfillment.id.label("fulfillment_id"),
            waiting_since.label("waiting_since"),
            case((photographed, True), else_=False).label("has_photo"),
            (func.coalesce(Order.total_gross, 0) * missing).label("risk"),
        )
        .join(Order, Order.id == Fulfillment.order_id)
        .outerjoin(ChannelRules, _rules_of_order())
        .where(
            Fulfillment.installation_id == installation_id,
            Fulfillment.status == DISPATCHED,
            or_(~photographed, and_(untracked, tracking_required)),
        )
    )
    to_pack = select(
        Order.id.label("entry_id"),
        Order.id.label("order_id"),
        null().label("fulfillment_id"),
        Order.created_at.label("waiting_since"),
        false().label("has_photo"),
        func.coalesce(Order.total_gross, 0).label("risk"),
    ).where(Order.installation_id == installation_id, Order.status.in_(TO_PACK))
    if channel is not None:
        parcels = parcels.where(Order.channel_slug == channel)
        to_pack = to_pack.where(Order.channel_slug == channel)
    return union_all(parcels, to_pack)


def _entry(
    order: Order,
    fulfillment: Fulfillment | None,
    saved: ChannelRules | None,
    since: datetime,
    has_photo: bool,
    risk: Decimal,
) -> QueueEntry:
    rules = rules_of(saved) if saved is not None else Rules(order.channel_slug, order.currency)
    total = order.total_gross
    warnings: list[DispatchWarning]
    if fulfillment is None:  # to pack: no tracking number to lack yet
        warnings = [
            w for w in warnings_for(order, "", rules) if w is not DispatchWarning.NO_TRACKING
        ]
    else:
        warnings = warnings_for(order, fulfillment.tracking_number, rules)
    return QueueEntry(
        order,
        fulfillment,
        since,
        has_photo,
        risk.quantize(Decimal("0.0001")),
        tuple(warnings),
        total is not None and rules.currency == order.currency and needs_signature(total, rules),
    )
