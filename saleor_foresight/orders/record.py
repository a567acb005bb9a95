"""Keep the order record: apply a snapshot of an order if it is newer than what we hold.

Snapshots are plain dataclasses; the webhook edge builds them from Saleor's
payloads. ``version`` is the time Saleor issued the event that carried the
snapshot: an older snapshot never overwrites a newer one, for the order and for
each fulfillment alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from .models import Fulfillment, Order, OrderLine

FULFILLMENT_GONE = "DELETED"


@dataclass(frozen=True)
class AttributeSnapshot:
    attribute: str
    values: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True)
class LineSnapshot:
    saleor_id: str
    product_name: str
    variant_name: str
    sku: str | None
    quantity: int
    product_id: str | None = None
    variant_id: str | None = None
    product_type_id: str | None = None
    category_id: str | None = None
    collection_ids: tuple[str, ...] = ()
    attributes: tuple[AttributeSnapshot, ...] = ()


@dataclass(frozen=True)
class FulfillmentLineSnapshot:
    order_line_id: str
    quantity: int


@dataclass(frozen=True)
class FulfillmentSnapshot:
    saleor_id: str
    number: int
    status: str
    tracking_number: str
    created_at: datetime | None
    lines: tuple[FulfillmentLineSnapshot, ...] = ()


@dataclass(frozen=True)
class OrderSnapshot:
    saleor_id: str
    number: str
    channel_slug: str
    status: str
    created_at: datetime
    user_id: str | None = None
    user_email: str | None = None
    checkout_id: str | None = None
    currency: str | None = None
    total_gross: Decimal | None = None
    shipping_method_id: str | None = None
    shipping_method_name: str | None = None
    min_delivery_days: int | None = None
    max_delivery_days: int | None = None
    shipping_country: str | None = None
    shipping_address_digest: str | None = None
    foresight_metadata: Mapping[str, str] = field(default_factory=dict)
    lines: tuple[LineSnapshot, ...] = ()
    fulfillments: tuple[FulfillmentSnapshot, ...] = ()


async def get_order(
    session: AsyncSession, installation_id: uuid.UUID, saleor_id: str
) -> Order | None:
    result = await session.execute(
        select(Order)
        .where(Order.installation_id == installation_id, Order.saleor_id == saleor_id)
        .options(selectinload(Order.lines), selectinload(Order.fulfillments))
    )
    return result.scalar_one_or_none()


async def apply_snapshot(
    session: AsyncSession,
    installation_id: uuid.UUID,
    snapshot: OrderSnapshot,
    version: datetime,
    extra_fulfillments: Sequence[FulfillmentSnapshot] = (),
    *,
    placed: bool = False,
) -> Order:
    """Record the order as the snapshot shows it, unless we already hold a newer one.

    ``placed``: the snapshot is the order as it was placed (ORDER_CREATED), whenever it
    arrives; its shipping address is the one a later change is compared with.
    """
    order = await get_order(session, installation_id, snapshot.saleor_id)
    if order is None:
        order = Order(installation_id=installation_id, saleor_id=snapshot.saleor_id)
        order.lines = []
        order.fulfillments = []
        session.add(order)
        _copy_order(order, snapshot, version)
    elif version >= order.source_version:
        _copy_order(order, snapshot, version)

    if placed and order.placed_address_digest is None:
        order.placed_address_digest = snapshot.shipping_address_digest
    # the event's own fulfillment is the fuller picture of it
    fulfillments = {f.saleor_id: f for f in (*snapshot.fulfillments, *extra_fulfillments)}
    _apply_fulfillments(order, installation_id, fulfillments, version)
    await session.flush()
    return order


def _copy_order(order: Order, snapshot: OrderSnapshot, version: datetime) -> None:
    order.number = snapshot.number
    order.channel_slug = snapshot.channel_slug
    order.status = snapshot.status
    order.created_at = snapshot.created_at
    order.user_id = snapshot.user_id
    order.user_email = snapshot.user_email
    order.checkout_id = snapshot.checkout_id
    order.currency = snapshot.currency
    order.total_gross = snapshot.total_gross
    order.shipping_method_id = snapshot.shipping_method_id
    order.shipping_method_name = snapshot.shipping_method_name
    order.min_delivery_days = snapshot.min_delivery_days
    order.max_delivery_days = snapshot.max_delivery_days
    order.shipping_country = snapshot.shipping_country
    order.shipping_address_digest = snapshot.shipping_address_digest
    order.foresight_metadata = dict(snapshot.foresight_metadata)
    order.source_version = version
    _replace_lines(order, snapshot.lines)


def _replace_lines(order: Order, lines: Sequence[LineSnapshot]) -> None:
    existing = {line.saleor_id: line for line in order.lines}
    kept: list[OrderLine] = []
    for position, snap in enumerate(lines):
        line = existing.get(snap.saleor_id) or OrderLine(
            installation_id=order.installation_id, saleor_id=snap.saleor_id
        )
        line.position = position
        line.product_id = snap.product_id
        line.product_name = snap.product_name
        line.variant_id = snap.variant_id
        line.variant_name = snap.variant_name
        line.sku = snap.sku
        line.quantity = snap.quantity
        line.product_type_id = snap.product_type_id
        line.category_id = snap.category_id
        line.collection_ids = list(snap.collection_ids)
        line.attributes = [_attribute_json(a) for a in snap.attributes]
        kept.append(line)
    order.lines = kept


def _attribute_json(attribute: AttributeSnapshot) -> dict[str, Any]:
    return {
        "attribute": attribute.attribute,
        "values": list(attribute.values),
        "names": list(attribute.names),
    }


def _apply_fulfillments(
    order: Order,
    installation_id: uuid.UUID,
    snapshots: Mapping[str, FulfillmentSnapshot],
    version: datetime,
) -> None:
    held = {f.saleor_id: f for f in order.fulfillments}
    for saleor_id, snap in snapshots.items():
        fulfillment = held.get(saleor_id)
        if fulfillment is None:
            fulfillment = Fulfillment(installation_id=installation_id, saleor_id=saleor_id)
            order.fulfillments.append(fulfillment)
        elif version < fulfillment.source_version:
            continue
        fulfillment.number = snap.number
        fulfillment.status = snap.status
        fulfillment.tracking_number = snap.tracking_number
        fulfillment.created_at = snap.created_at
        fulfillment.lines = [
            {"order_line_id": line.order_line_id, "quantity": line.quantity} for line in snap.lines
        ]
        fulfillment.source_version = version
    # A newer snapshot of the order that no longer lists a fulfillment: Saleor deleted it.
    # We keep the row (it may be evidence) and say so.
    if version >= order.source_version:
        for saleor_id, fulfillment in held.items():
            if saleor_id not in snapshots and version > fulfillment.source_version:
                fulfillment.status = FULFILLMENT_GONE
                fulfillment.source_version = version
