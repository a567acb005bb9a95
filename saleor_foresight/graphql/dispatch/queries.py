"""Reading the proof of dispatch: the buyer's view of an order, and staff's packing queue."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime
from decimal import Decimal

import strawberry
from strawberry.relay import PageInfo

from ...dispatch import queries
from ..access import readable_order
from ..context import Info
from ..errors import ApiError
from .common import MANAGE_ORDERS
from .proof import dispatch_proof
from .types import (
    DispatchFulfillmentType,
    OrderDispatchProof,
    PackingQueueConnection,
    PackingQueueEdge,
    PackingQueueEntry,
)

MAX_PAGE = 100


@strawberry.type
class DispatchQuery:
    @strawberry.field(
        description="An order's parcels with their tracking numbers and photos. For its "
        "customer, a guest giving the order's email, or staff with MANAGE_ORDERS (who also "
        "see hidden photos)."
    )
    async def order_dispatch_proof(
        self, info: Info, order_id: strawberry.ID, email: str | None = None
    ) -> OrderDispatchProof | None:
        order = await readable_order(info.context, order_id, email)
        return await dispatch_proof(info.context, order)

    @strawberry.field(
        description="What to photograph before it leaves: orders still to pack (Saleor's "
        "status UNFULFILLED or PARTIALLY_FULFILLED; shipped false, no fulfillment yet) and "
        "shipped parcels lacking proof (no visible photo; or no tracking number above the "
        "channel's trackedShippingAbove), riskiest first: order total times the proofs "
        "missing, then the longest waiting. Totals of different currencies are not "
        "converted: filter by channel to compare like with like. Needs MANAGE_ORDERS."
    )
    async def packing_queue(
        self,
        info: Info,
        channel: str | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> PackingQueueConnection:
        info.context.staff(MANAGE_ORDERS)
        limit = 20 if first is None else first
        if not 1 <= limit <= MAX_PAGE:
            raise ApiError(f"first must be between 1 and {MAX_PAGE}.")
        entries = await queries.packing_queue(
            info.context.session,
            info.context.installation.id,
            channel=channel,
            after=decode_cursor(after) if after else None,
            limit=limit + 1,
        )
        edges = [
            PackingQueueEdge(
                cursor=encode_cursor(e),
                node=PackingQueueEntry(
                    order_id=strawberry.ID(e.order.saleor_id),
                    order_number=e.order.number,
                    channel=e.order.channel_slug,
                    fulfillment=(
                        DispatchFulfillmentType(row=e.fulfillment)
                        if e.fulfillment is not None
                        else None
                    ),
                    shipped=e.fulfillment is not None,
                    waiting_since=e.waiting_since,
                    order_total=e.order.total_gross,
                    currency=e.order.currency,
                    has_photo=e.has_photo,
                    risk=e.risk,
                    warnings=list(e.warnings),
                    signature_required=e.signature_required,
                ),
            )
            for e in entries[:limit]
        ]
        return PackingQueueConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(entries) > limit,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )


def encode_cursor(entry: queries.QueueEntry) -> str:
    raw = f"{entry.risk}|{entry.waiting_since.isoformat()}|{entry.entry_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> queries.QueuePosition:
    refused = ApiError("The cursor is not one this query gave.")
    try:
        risk, since, entry_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        position = queries.QueuePosition(
            Decimal(risk), datetime.fromisoformat(since), uuid.UUID(entry_id)
        )
    except (ValueError, ArithmeticError, binascii.Error, UnicodeDecodeError):
        raise refused from None
    if position.waiting_since.tzinfo is None or not position.risk.is_finite():
        raise refused
    return position
