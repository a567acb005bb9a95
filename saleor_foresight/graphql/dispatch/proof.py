"""An order's dispatch as the buyer's order page and the claim page show it (one builder)."""

from __future__ import annotations

import strawberry

from ...dispatch import queries
from ...orders.models import Order
from ...text import item_name
from ..context import Context
from .types import DispatchFulfillmentType, OrderDispatchProof, OrderItem


async def dispatch_proof(context: Context, order: Order) -> OrderDispatchProof:
    """``order`` with its lines and fulfillments loaded; photos come through the request's
    loader."""
    fulfillments = list(order.fulfillments)
    found = await context.loaders.dispatch_photos_by_fulfillment_id.load_many(
        [f.id for f in fulfillments]
    )
    photos = dict(zip([f.id for f in fulfillments], found, strict=True))
    return OrderDispatchProof(
        order_id=strawberry.ID(order.saleor_id),
        order_number=order.number,
        items=[
            OrderItem(name=item_name(line.product_name, line.variant_name), quantity=line.quantity)
            for line in sorted(order.lines, key=lambda line: line.position)
        ],
        shipping_method_name=order.shipping_method_name,
        fulfillments=[
            DispatchFulfillmentType(row=f, order=order)
            for f in queries.shown_fulfillments(order, photos)
        ],
    )
