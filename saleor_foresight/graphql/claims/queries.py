"""Claim queries: what a buyer sees before filing, an order's claims, one claim, staff's list,
the settings, and a check of the claim log."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

import strawberry
from sqlalchemy import select
from strawberry.relay import PageInfo

from ...claims import config, guidance, log, queries
from ...claims.errors import ClaimError
from ...claims.models import Claim
from ...db import utcnow
from ..access import readable_order
from ..context import Info
from ..errors import ApiError, NotFound
from .common import CLAIM, MANAGE_ORDERS, claim_for, claim_options, decode
from .enums import ClaimReason, ClaimSortDirection, ClaimSortField, ClaimStatus
from .guidance import ClaimOptions
from .order import order_lines
from .settings import ClaimSettingsType
from .types import ClaimType

MAX_PAGE = 100


@strawberry.input(description="Every list given must match; values within a list are OR.")
class ClaimFilterInput:
    statuses: list[ClaimStatus] | None = None
    reasons: list[ClaimReason] | None = None
    channels: list[str] | None = None
    overdue: bool | None = strawberry.field(
        default=None, description="The shop missed the response deadline (or did not)."
    )
    assignee_id: strawberry.ID | None = strawberry.field(
        default=None, description="Saleor's user ID of the staff member assigned."
    )
    unassigned: bool | None = None
    resolution_failed: bool | None = strawberry.field(
        default=None, description="Saleor refused to carry out the resolution (or did not)."
    )
    order_id: strawberry.ID | None = strawberry.field(default=None, description="Saleor's.")

    def to_domain(self) -> queries.ClaimFilter:
        return queries.ClaimFilter(
            statuses=frozenset(self.statuses or ()),
            reasons=frozenset(self.reasons or ()),
            channels=frozenset(self.channels or ()),
            overdue=self.overdue,
            assignee_id=self.assignee_id,
            unassigned=self.unassigned,
            resolution_failed=self.resolution_failed,
            order_id=self.order_id,
        )


@strawberry.input
class ClaimSortingInput:
    field: ClaimSortField = ClaimSortField.DEADLINE
    direction: ClaimSortDirection = ClaimSortDirection.ASC


@strawberry.type
class ClaimEdge:
    cursor: str
    node: ClaimType


@strawberry.type(description="Claims, a page at a time.")
class ClaimCountableConnection:
    edges: list[ClaimEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="The result of re-checking every hash of the claim log.")
class ClaimLogVerification:
    valid: bool
    events_checked: int
    tampered_events: list[strawberry.ID]
    broken_links: list[strawberry.ID]
    head_mismatch: bool


@strawberry.type
class ClaimQuery:
    @strawberry.field(
        description="Before filing: for each reason, whether it is open, why, and what the "
        "shop already knows (parcels, tracking, photos, accepted terms). The order's "
        "customer, a guest with the order's email, or staff."
    )
    async def claim_options(
        self, info: Info, order_id: strawberry.ID, email: str | None = None
    ) -> ClaimOptions:
        context = info.context
        order = await readable_order(context, order_id, email)
        shown = await guidance.for_order(context.session, context.installation.id, order, utcnow())
        lines = await order_lines(context.session, order)
        return ClaimOptions.of(shown, lines)

    @strawberry.field(description="An order's claims, oldest first. Who may read the order.")
    async def order_claims(
        self, info: Info, order_id: strawberry.ID, email: str | None = None
    ) -> list[ClaimType]:
        context = info.context
        order = await readable_order(context, order_id, email)
        rows = await context.session.scalars(
            select(Claim)
            .where(Claim.installation_id == context.installation.id, Claim.order_id == order.id)
            .order_by(Claim.number)
            .options(*claim_options())
        )
        return [ClaimType(row=row) for row in rows]

    @strawberry.field(description="One claim. Who may read its order.")
    async def claim(self, info: Info, id: strawberry.ID, email: str | None = None) -> ClaimType:
        try:
            claim_id = decode(id, CLAIM, "id")
            row = await claim_for(info.context, info.context.session, claim_id, email)
        except ClaimError as error:
            raise NotFound("No such claim.") from error
        return ClaimType(row=row)

    @strawberry.field(description="Claims to answer, most urgent first. Needs MANAGE_ORDERS.")
    async def claims(
        self,
        info: Info,
        filter: ClaimFilterInput | None = None,
        sort_by: ClaimSortingInput | None = None,
        first: int | None = 20,
        after: str | None = None,
    ) -> ClaimCountableConnection:
        context = info.context
        context.staff(MANAGE_ORDERS)
        limit = 20 if first is None else first
        if not 1 <= limit <= MAX_PAGE:
            raise ApiError(f"first must be between 1 and {MAX_PAGE}.")
        sort = sort_by or ClaimSortingInput()
        domain_filter = (filter or ClaimFilterInput()).to_domain()
        now = utcnow()
        rows = await queries.page(
            context.session,
            context.installation.id,
            domain_filter,
            now,
            sort=queries.SortField(sort.field),
            descending=sort.direction == ClaimSortDirection.DESC,
            after=decode_cursor(after) if after else None,
            limit=limit + 1,
            options=claim_options(),
        )
        edges = [ClaimEdge(cursor=encode_cursor(p), node=ClaimType(row=c)) for c, p in rows]
        shown = edges[:limit]
        total = await queries.count(context.session, context.installation.id, domain_filter, now)
        return ClaimCountableConnection(
            edges=shown,
            page_info=PageInfo(
                has_next_page=len(edges) > limit,
                has_previous_page=after is not None,
                start_cursor=shown[0].cursor if shown else None,
                end_cursor=shown[-1].cursor if shown else None,
            ),
            total_count=total,
        )

    @strawberry.field(description="The shop's claim rules. Needs MANAGE_ORDERS.")
    async def claim_settings(self, info: Info) -> ClaimSettingsType:
        info.context.staff(MANAGE_ORDERS)
        row = await config.get(info.context.session, info.context.installation.id)
        return ClaimSettingsType.of(row)

    @strawberry.field(description="Recompute every hash of the claim log. Needs MANAGE_ORDERS.")
    async def claim_log_verify(self, info: Info) -> ClaimLogVerification:
        info.context.staff(MANAGE_ORDERS)
        report = await log.verify(info.context.session, info.context.installation.id)
        return ClaimLogVerification(
            valid=report.ok,
            events_checked=report.events_checked,
            tampered_events=[strawberry.ID(str(i)) for i in report.tampered],
            broken_links=[strawberry.ID(str(i)) for i in report.broken_links],
            head_mismatch=report.head_mismatch,
        )


def encode_cursor(position: queries.Position) -> str:
    due = position.due.isoformat() if position.due else ""
    return base64.urlsafe_b64encode(f"{due}|{position.number}".encode()).decode()


def decode_cursor(cursor: str) -> queries.Position:
    try:
        due, _, number = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        position = queries.Position(datetime.fromisoformat(due) if due else None, int(number))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError("The cursor is not one this query gave.") from None
    if position.due is not None and position.due.tzinfo is None:
        raise ApiError("The cursor is not one this query gave.")
    return position
