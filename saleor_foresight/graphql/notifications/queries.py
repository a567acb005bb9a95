"""staffNotifications: the inbox, newest first. Needs MANAGE_ORDERS."""

from __future__ import annotations

import uuid

import strawberry
from sqlalchemy import select

from ...notifications import service
from ...orders.models import Order
from ..context import Info
from ..errors import ApiError
from .types import MANAGE_ORDERS, StaffNotifications, StaffNotificationType

MAX_PAGE = 100


@strawberry.type
class NotificationQuery:
    @strawberry.field(
        description="What Foresight wants staff to look at (e.g. a valuable parcel shipped "
        "without tracking), newest first; unread only unless told. Needs MANAGE_ORDERS."
    )
    async def staff_notifications(
        self, info: Info, unread_only: bool = True, first: int = 50
    ) -> StaffNotifications:
        context = info.context
        context.staff(MANAGE_ORDERS)
        if not 1 <= first <= MAX_PAGE:
            raise ApiError(f"first must be between 1 and {MAX_PAGE}.")
        session, installation_id = context.session, context.installation.id
        rows = await service.inbox(session, installation_id, unread_only=unread_only, limit=first)
        order_ids = {row.order_id for row in rows if row.order_id is not None}
        orders: dict[uuid.UUID | None, tuple[str | None, str | None]] = {None: (None, None)}
        if order_ids:
            found = await session.execute(
                select(Order.id, Order.saleor_id, Order.number).where(Order.id.in_(order_ids))
            )
            orders.update({pk: (saleor_id, number) for pk, saleor_id, number in found})
        items = [
            StaffNotificationType(
                row=row,
                order_id=orders.get(row.order_id, (None, None))[0],
                order_number=orders.get(row.order_id, (None, None))[1],
            )
            for row in rows
        ]
        return StaffNotifications(
            unread_count=await service.unread_count(session, installation_id), items=items
        )
