"""A staff notification as the API shows it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from ...notifications import models
from ...notifications.service import NotificationKind
from ...plugin.tokens import MANAGE_ORDERS as MANAGE_ORDERS
from ...rules.fulfillment import DispatchWarning
from ..ids import to_global_id

NOTIFICATION = "StaffNotification"
strawberry.enum(NotificationKind, name="StaffNotificationKind")


@strawberry.type(name="StaffNotification", description="Something staff should look at.")
class StaffNotificationType:
    row: strawberry.Private[models.StaffNotification]
    order_id: strawberry.Private[str | None]
    order_number: strawberry.Private[str | None]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(NOTIFICATION, self.row.id))

    @strawberry.field
    def kind(self) -> NotificationKind:
        return NotificationKind(self.row.kind)

    @strawberry.field(description="For staff, in plain words.")
    def message(self) -> str:
        return self.row.message

    @strawberry.field(name="orderId", description="Saleor's order ID, when it is about one.")
    def saleor_order_id(self) -> strawberry.ID | None:
        return strawberry.ID(self.order_id) if self.order_id else None

    @strawberry.field(name="orderNumber")
    def saleor_order_number(self) -> str | None:
        return self.order_number

    @strawberry.field(description="DISPATCH_WARNING: Saleor's fulfillment ID of the parcel.")
    def fulfillment_id(self) -> strawberry.ID | None:
        value = (self.row.data or {}).get("fulfillment_id")
        return strawberry.ID(str(value)) if value else None

    @strawberry.field(description="DISPATCH_WARNING: what the rules flagged.")
    def warnings(self) -> list[DispatchWarning]:
        known = {w.value for w in DispatchWarning}
        return [DispatchWarning(w) for w in (self.row.data or {}).get("warnings", []) if w in known]

    @strawberry.field(description="DISPATCH_WARNING: ship with a signature on delivery.")
    def signature_required(self) -> bool:
        return bool((self.row.data or {}).get("signature"))

    @strawberry.field
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field
    def read_at(self) -> datetime | None:
        return self.row.read_at

    @strawberry.field(description="The staff member's email who marked it read.")
    def read_by(self) -> str | None:
        return self.row.read_by


@strawberry.type
class StaffNotifications:
    unread_count: int = strawberry.field(description="Unread, in all.")
    items: list[StaffNotificationType] = strawberry.field(description="Newest first.")
