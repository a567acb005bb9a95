"""The notification mutations, one per module, gathered into the domain's Mutation class."""

from __future__ import annotations

import strawberry

from .staff_notifications_mark_read import staff_notifications_mark_read


@strawberry.type
class NotificationMutation:
    staff_notifications_mark_read = strawberry.mutation(
        resolver=staff_notifications_mark_read,
        description="Mark notifications read. Needs MANAGE_ORDERS.",
    )
