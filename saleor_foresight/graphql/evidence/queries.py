"""Reading packs and readiness: a pack with a fresh link, an order's readiness, a list by it."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime

import strawberry
from strawberry.relay import PageInfo

from ...evidence import readiness, service
from ...evidence.errors import EvidenceError
from ...orders import record
from ...orders.models import Order
from ..access import MANAGE_ORDERS
from ..context import Info
from ..errors import ApiError, NotFound
from ..ids import from_global_id
from .types import (
    PACK_TYPE,
    DisputeReason,
    EvidencePackType,
    EvidencePiece,
    OrderReadiness,
    OrderReadinessConnection,
    OrderReadinessEdge,
)

MAX_PAGE = 100


@strawberry.type
class EvidenceQuery:
    @strawberry.field(
        description="An evidence pack; when READY, with a fresh short-lived download link. "
        "Needs MANAGE_ORDERS."
    )
    async def evidence_pack(self, info: Info, id: strawberry.ID) -> EvidencePackType | None:
        context = info.context
        context.staff(MANAGE_ORDERS)
        try:
            pack = await service.get_pack(
                context.session, context.installation.id, from_global_id(id, PACK_TYPE)
            )
        except EvidenceError:
            return None
        saleor_id = await service.order_saleor_id(context.session, pack)
        return EvidencePackType(row=pack, order_saleor_id=saleor_id)

    @strawberry.field(
        description="Which evidence the order has against each dispute reason, and what is "
        "missing. Needs MANAGE_ORDERS."
    )
    async def order_readiness(self, info: Info, order_id: strawberry.ID) -> OrderReadiness:
        context = info.context
        context.staff(MANAGE_ORDERS)
        order = await record.get_order(context.session, context.installation.id, order_id)
        if order is None:
            raise NotFound("No such order.")
        found = await readiness.readiness_of(context.session, context.installation.id, [order.id])
        return OrderReadiness.of(order, found[order.id])

    @strawberry.field(
        description="Orders by readiness for a dispute reason, newest first. `missing` null: "
        "orders lacking any piece the reason asks for; a list: orders lacking any of those "
        "pieces; an empty list: orders lacking nothing. Needs MANAGE_ORDERS."
    )
    async def orders_by_readiness(
        self,
        info: Info,
        reason: DisputeReason,
        missing: list[EvidencePiece] | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> OrderReadinessConnection:
        context = info.context
        context.staff(MANAGE_ORDERS)
        limit = 20 if first is None else first
        if not 1 <= limit <= MAX_PAGE:
            raise ApiError(f"first must be between 1 and {MAX_PAGE}.")
        rows = await readiness.orders_by_readiness(
            context.session,
            context.installation.id,
            reason,
            missing=missing,
            after=decode_cursor(after) if after else None,
            limit=limit + 1,
        )
        edges = [
            OrderReadinessEdge(cursor=encode_cursor(order), node=OrderReadiness.of(order, found))
            for order, found in rows[:limit]
        ]
        return OrderReadinessConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > limit,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )


def encode_cursor(order: Order) -> str:
    raw = f"{order.created_at.isoformat()}|{order.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> readiness.ListPosition:
    try:
        created, _, order_id = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        position = readiness.ListPosition(datetime.fromisoformat(created), uuid.UUID(order_id))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError("The cursor is not one this query gave.") from None
    if position.created_at.tzinfo is None:
        raise ApiError("The cursor is not one this query gave.")
    return position
