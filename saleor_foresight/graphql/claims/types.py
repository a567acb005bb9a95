"""GraphQL types of claims (translations of the domain's rows).

A claim is shown to whoever may read its order. What only staff see (internal notes, the
event log with its hashes, who is assigned, the technical side of a resolution: errors,
Saleor IDs) needs MANAGE_ORDERS and is null, with a PERMISSION_DENIED error, for buyers;
internal notes are simply absent from a buyer's thread. A refund shows an amount only once
Saleor confirmed it (``refundedAmount``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from ...claims import config, models, states
from ...claims.transitions import carried_out, facts_of, open_offer
from ...db import utcnow
from ...text import item_name
from ..context import Info
from ..ids import to_global_id
from .common import (
    CLAIM,
    MANAGE_ORDERS,
    RESOLUTION,
    is_staff,
)
from .enums import (
    ClaimAction,
    ClaimReason,
    ClaimRejectionCode,
    ClaimResolutionKind,
    ClaimResolutionStatus,
    ClaimStatus,
)
from .order import ClaimOrder
from .thread import ClaimEvent, ClaimMessage


@strawberry.type
class ClaimResolutionLine:
    order_line_id: strawberry.ID
    product_name: str
    quantity: int


@strawberry.type(
    name="ClaimResolution", description="An offer, or a resolution carried out in Saleor."
)
class ClaimResolutionType:
    row: strawberry.Private[models.ClaimResolution]
    names: strawberry.Private[dict[str, str]]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(RESOLUTION, self.row.id))

    @strawberry.field
    def kind(self) -> ClaimResolutionKind:
        return models.ResolutionKind(self.row.kind)

    @strawberry.field
    def status(self) -> ClaimResolutionStatus:
        return models.ResolutionStatus(self.row.status)

    @strawberry.field
    def lines(self) -> list[ClaimResolutionLine]:
        return [
            ClaimResolutionLine(
                order_line_id=strawberry.ID(str(line["order_line_id"])),
                product_name=self.names.get(str(line["order_line_id"]), ""),
                quantity=int(line["quantity"]),
            )
            for line in self.row.lines
        ]

    @strawberry.field(description="A partial refund's amount; Saleor computes a full refund's.")
    def amount(self) -> Decimal | None:
        return self.row.amount

    @strawberry.field
    def currency(self) -> str | None:
        return self.row.currency

    @strawberry.field
    def include_shipping(self) -> bool:
        return self.row.include_shipping

    @strawberry.field(description="What Saleor refunded; null until Saleor confirms it.")
    def refunded_amount(self) -> Decimal | None:
        done = self.row.status == models.ResolutionStatus.DONE
        return self.row.granted_amount if done else None

    @strawberry.field(description="Saleor's draft replacement order, to be finished by staff.")
    def replacement_order_number(self) -> str | None:
        return self.row.replace_order_number

    @strawberry.field
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field
    def confirmed_at(self) -> datetime | None:
        return self.row.confirmed_at

    @strawberry.field(
        description="The shop's rule that decided this without staff (e.g. "
        "instant_refund_below); null when staff decided. Needs MANAGE_ORDERS."
    )
    def decided_by_rule(self, info: Info) -> str | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.decided_by_rule

    @strawberry.field(description="Why Saleor refused or could not be reached. MANAGE_ORDERS.")
    def last_error(self, info: Info) -> str | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.last_error

    @strawberry.field(description="Failed tries so far. Needs MANAGE_ORDERS.")
    def attempts(self, info: Info) -> int | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.attempts

    @strawberry.field(description="When it is tried next. Needs MANAGE_ORDERS.")
    def next_attempt_at(self, info: Info) -> datetime | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.next_attempt_at

    @strawberry.field(description="Saleor's granted refund. Needs MANAGE_ORDERS.")
    def granted_refund_id(self, info: Info) -> strawberry.ID | None:
        info.context.staff(MANAGE_ORDERS)
        value = self.row.granted_refund_id
        return strawberry.ID(value) if value else None

    @strawberry.field(description="Saleor's transaction refunded. Needs MANAGE_ORDERS.")
    def transaction_id(self, info: Info) -> strawberry.ID | None:
        info.context.staff(MANAGE_ORDERS)
        value = self.row.transaction_id
        return strawberry.ID(value) if value else None


@strawberry.type
class ClaimLine:
    order_line_id: strawberry.ID = strawberry.field(description="Saleor's order line ID.")
    product_name: str
    variant_name: str
    sku: str | None
    quantity: int

    @strawberry.field(description="The item as people read it: product, and variant if named.")
    def name(self) -> str:
        return item_name(self.product_name, self.variant_name)


@strawberry.type
class ClaimAssignee:
    user_id: strawberry.ID = strawberry.field(description="Saleor's user ID.")
    email: str | None


@strawberry.type(name="Claim", description="A buyer's complaint about an order.")
class ClaimType:
    row: strawberry.Private[models.Claim]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(CLAIM, self.row.id))

    @strawberry.field(description="The shop's claim number, #1, #2, ...")
    def number(self) -> int:
        return self.row.number

    @strawberry.field
    def status(self) -> ClaimStatus:
        return states.ClaimStatus(self.row.status)

    @strawberry.field
    def reason(self) -> ClaimReason:
        return models.ClaimReason(self.row.reason)

    @strawberry.field
    def wished_resolution(self) -> ClaimResolutionKind:
        return models.ResolutionKind(self.row.wished_resolution)

    @strawberry.field
    def lines(self) -> list[ClaimLine]:
        return [
            ClaimLine(
                order_line_id=strawberry.ID(line.order_line_id),
                product_name=line.product_name,
                variant_name=line.variant_name,
                sku=line.sku,
                quantity=line.quantity,
            )
            for line in self.row.lines
        ]

    @strawberry.field(description="Saleor's order ID.")
    def order_id(self) -> strawberry.ID:
        return strawberry.ID(self.row.order.saleor_id)

    @strawberry.field
    def order_number(self) -> str:
        return self.row.order.number

    @strawberry.field(description="The order's channel slug.")
    def channel(self) -> str:
        return self.row.order.channel_slug

    @strawberry.field(description="The order as Foresight recorded it, with the evidence.")
    def order(self) -> ClaimOrder:
        return ClaimOrder(row=self.row.order)

    @strawberry.field(description="When the shop must answer by; null unless the shop owes it.")
    def due_at(self) -> datetime | None:
        return self.row.due_at

    @strawberry.field(
        description="The shop's local day it must answer by (the last day before dueAt, which is "
        "the next day's midnight): what to show people."
    )
    async def due_on(self, info: Info) -> date | None:
        if self.row.due_at is None:
            return None
        context = info.context
        settings = await context.loaders.claim_settings_by_installation_id.load(
            context.installation.id
        )
        return config.calendar_of(settings).last_day(self.row.due_at)

    @strawberry.field(description="The shop missed its response deadline.")
    def overdue(self) -> bool:
        return self.row.due_at is not None and self.row.due_at <= utcnow()

    @strawberry.field
    def escalated_at(self) -> datetime | None:
        return self.row.escalated_at

    @strawberry.field
    def rejection_code(self) -> ClaimRejectionCode | None:
        code = self.row.rejection_code
        return ClaimRejectionCode(code) if code else None

    @strawberry.field
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field
    def updated_at(self) -> datetime:
        return self.row.updated_at

    @strawberry.field
    def closed_at(self) -> datetime | None:
        return self.row.closed_at

    @strawberry.field(description="The offer waiting for the buyer's answer.")
    def offer(self) -> ClaimResolutionType | None:
        return self._resolution(open_offer(self.row))

    @strawberry.field(description="The resolution being (or that was) carried out in Saleor.")
    def resolution(self) -> ClaimResolutionType | None:
        return self._resolution(carried_out(self.row))

    @strawberry.field(description="What the viewer may do now.")
    def available_actions(self, info: Info) -> list[ClaimAction]:
        actor = states.Actor.STAFF if is_staff(info.context) else states.Actor.BUYER
        facts = facts_of(self.row, utcnow())
        return states.actions_for(states.ClaimStatus(self.row.status), actor, facts)

    @strawberry.field(description="The thread, oldest first; staff also see internal notes.")
    async def messages(self, info: Info) -> list[ClaimMessage]:
        staff = is_staff(info.context)
        events = await info.context.loaders.claim_events_by_claim_id.load(self.row.id)
        return [
            ClaimMessage(row=e)
            for e in events
            if (staff or not e.internal) and (e.message or e.data.get("photos"))
        ]

    @strawberry.field(description="The claim's log, hashes included. Needs MANAGE_ORDERS.")
    async def events(self, info: Info) -> list[ClaimEvent] | None:
        info.context.staff(MANAGE_ORDERS)
        return [
            ClaimEvent(row=e)
            for e in await info.context.loaders.claim_events_by_claim_id.load(self.row.id)
        ]

    @strawberry.field(description="Who handles it. Needs MANAGE_ORDERS.")
    def assignee(self, info: Info) -> ClaimAssignee | None:
        info.context.staff(MANAGE_ORDERS)
        if self.row.assignee_id is None:
            return None
        return ClaimAssignee(
            user_id=strawberry.ID(self.row.assignee_id), email=self.row.assignee_email
        )

    def _resolution(self, row: models.ClaimResolution | None) -> ClaimResolutionType | None:
        if row is None:
            return None
        names = {line.order_line_id: line.product_name for line in self.row.lines}
        return ClaimResolutionType(row=row, names=names)
