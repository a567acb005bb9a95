"""staffNotificationsMarkRead: staff mark notifications read. Needs MANAGE_ORDERS.

IDs of another installation's notifications, or of ones already read, change nothing.
"""

from __future__ import annotations

import strawberry

from ....db import utcnow
from ....notifications import service
from ...context import Info
from ...errors import ApiError
from ...ids import from_global_id
from ..types import MANAGE_ORDERS, NOTIFICATION

MAX_IDS = 100


@strawberry.type
class StaffNotificationsMarkRead:
    marked: int = strawberry.field(description="How many were unread and are now read.")


async def staff_notifications_mark_read(
    info: Info, ids: list[strawberry.ID]
) -> StaffNotificationsMarkRead:
    context = info.context
    staff = context.staff(MANAGE_ORDERS)
    if len(ids) > MAX_IDS:
        raise ApiError(f"At most {MAX_IDS} notifications at once.")
    pks = [from_global_id(str(value), NOTIFICATION) for value in ids]
    async with context.transaction() as session:
        marked = await service.mark_read(
            session, context.installation.id, pks, staff.email or staff.user_id, utcnow()
        )
    return StaffNotificationsMarkRead(marked=marked)
