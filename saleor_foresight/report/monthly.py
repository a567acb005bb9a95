"""Reading the report: one query per kind of record, restricted to the UTC moments the months
cover, and the rows bucketed here by the shop's calendar month (``zoneinfo``), which works
alike on SQLite and PostgreSQL. Five queries in all, whatever the number of records.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..claims import config
from ..claims.deadlines import Calendar
from ..claims.models import Claim, ClaimResolution, GuidanceView, ResolutionStatus
from ..dispatch.models import DispatchPhoto
from ..orders.models import Fulfillment, Order
from ..rules.decide import Rules
from ..rules.models import ChannelRules
from .period import Month, Period
from .rows import REFUND_KINDS, ReportRow, ShippedOrder

DISPATCHED = "FULFILLED"
Query = Select[*tuple[Any, ...]]


@dataclass(frozen=True)
class Report:
    period: Period
    time_zone: str
    channel: str | None
    rows: list[ReportRow]


@dataclass(frozen=True)
class _Scope:
    installation_id: uuid.UUID
    start: datetime
    end: datetime
    channel: str | None

    def of_channel(self) -> list[ColumnElement[bool]]:
        """The condition on ``Order`` when one channel is asked for."""
        return [] if self.channel is None else [Order.channel_slug == self.channel]


class _Buckets:
    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self.rows: dict[tuple[Month, str, str | None], ReportRow] = {}

    def at(self, moment: datetime, channel: str, currency: str | None) -> ReportRow:
        key = (Month.of(moment, self.calendar), channel, currency)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = ReportRow(*key)
        return row

    def sorted(self) -> list[ReportRow]:
        return [self.rows[k] for k in sorted(self.rows, key=lambda k: (k[0], k[1], k[2] or ""))]


async def monthly(
    session: AsyncSession, installation_id: uuid.UUID, period: Period, channel: str | None = None
) -> Report:
    """The report of ``period``'s months, for one channel or all."""
    settings = await config.get(session, installation_id)
    calendar = config.calendar_of(settings)
    scope = _Scope(installation_id, *period.bounds(calendar), channel)
    buckets = _Buckets(calendar)
    for claim in await session.execute(_claims(scope)):
        buckets.at(claim.created_at, claim.channel_slug, claim.currency).count_claim(
            claim.reason, claim.status, claim.escalated_at
        )
    for view in await session.execute(_guidance_views(scope)):
        buckets.at(view.first_shown_at, view.channel_slug, view.currency).count_guidance(
            view.reason, bool(view.filed_after)
        )
    for refund in await session.execute(_refunds(scope)):
        amount = refund.granted_amount if refund.granted_amount is not None else refund.amount
        currency = refund.currency or refund.order_currency
        buckets.at(refund.confirmed_at, refund.channel_slug, currency).count_refund(
            amount or Decimal(0), refund.decided_by_rule is not None
        )
    for shipped_at, channel_slug, order in await _shipped_orders(session, scope):
        buckets.at(shipped_at, channel_slug, order.currency).count_shipped(order)
    return Report(period, settings.time_zone, channel, buckets.sorted())


def _claims(scope: _Scope) -> Query:
    return (
        select(
            Claim.created_at,
            Claim.reason,
            Claim.status,
            Claim.escalated_at,
            Order.channel_slug,
            Order.currency,
        )
        .join(Order, Order.id == Claim.order_id)
        .where(
            Claim.installation_id == scope.installation_id,
            Claim.created_at >= scope.start,
            Claim.created_at < scope.end,
            *scope.of_channel(),
        )
    )


def _guidance_views(scope: _Scope) -> Query:
    # by order (an order belongs to one installation): the planner then takes the claims'
    # order_id index, not the installation's (a scan of every claim per view)
    filed_after = exists().where(
        Claim.order_id == GuidanceView.order_id,
        Claim.reason == GuidanceView.reason,
        Claim.created_at >= GuidanceView.first_shown_at,
    )
    return (
        select(
            GuidanceView.first_shown_at,
            GuidanceView.reason,
            filed_after.label("filed_after"),
            Order.channel_slug,
            Order.currency,
        )
        .join(Order, Order.id == GuidanceView.order_id)
        .where(
            GuidanceView.installation_id == scope.installation_id,
            GuidanceView.first_shown_at >= scope.start,
            GuidanceView.first_shown_at < scope.end,
            *scope.of_channel(),
        )
    )


def _refunds(scope: _Scope) -> Query:
    return (
        select(
            ClaimResolution.confirmed_at,
            ClaimResolution.granted_amount,
            ClaimResolution.amount,
            ClaimResolution.currency,
            ClaimResolution.decided_by_rule,
            Order.channel_slug,
            Order.currency.label("order_currency"),
        )
        .join(Claim, Claim.id == ClaimResolution.claim_id)
        .join(Order, Order.id == Claim.order_id)
        .where(
            ClaimResolution.installation_id == scope.installation_id,
            ClaimResolution.status == ResolutionStatus.DONE,
            ClaimResolution.kind.in_(REFUND_KINDS),
            ClaimResolution.confirmed_at >= scope.start,
            ClaimResolution.confirmed_at < scope.end,
            *scope.of_channel(),
        )
    )


async def _shipped_orders(
    session: AsyncSession, scope: _Scope
) -> list[tuple[datetime, str, ShippedOrder]]:
    """Orders whose first FULFILLED parcel left in the period: when, where, and what the
    shipping count needs; one row per order, its parcels folded in SQL."""
    moment = func.coalesce(Fulfillment.created_at, Fulfillment.recorded_at)
    photographed = exists().where(
        DispatchPhoto.fulfillment_id == Fulfillment.id, DispatchPhoto.hidden.is_(False)
    )
    untracked = func.max(case((func.trim(Fulfillment.tracking_number) == "", 1), else_=0))
    unphotographed = func.max(case((photographed, 0), else_=1))
    order_columns = (
        Order.id,
        Order.channel_slug,
        Order.currency,
        Order.total_gross,
        ChannelRules.id.label("rules_id"),
        ChannelRules.currency.label("rules_currency"),
        ChannelRules.tracked_shipping_above,
        ChannelRules.signature_above,
    )
    query = (
        select(
            *order_columns,
            func.min(moment).label("shipped_at"),
            untracked.label("untracked"),
            unphotographed.label("unphotographed"),
        )
        .select_from(Fulfillment)
        .join(Order, Order.id == Fulfillment.order_id)
        .outerjoin(
            ChannelRules,
            and_(
                ChannelRules.installation_id == Order.installation_id,
                ChannelRules.channel_slug == Order.channel_slug,
            ),
        )
        .where(
            Fulfillment.installation_id == scope.installation_id,
            Fulfillment.status == DISPATCHED,
            *scope.of_channel(),
        )
        .group_by(*order_columns)
        .having(func.min(moment) >= scope.start, func.min(moment) < scope.end)
    )
    return [
        (
            order.shipped_at,
            order.channel_slug,
            ShippedOrder(
                currency=order.currency,
                total=order.total_gross,
                rules=_rules(order),
                without_tracking=bool(order.untracked),
                without_photo=bool(order.unphotographed),
            ),
        )
        for order in await session.execute(query)
    ]


def _rules(parcel: Row[Any]) -> Rules:
    """The channel's saved rules, or the defaults ``rules.service`` gives a channel without
    any (no tracking rule; a signature above 750 in the channel's, i.e. the order's, currency)."""
    if parcel.rules_id is None:
        return Rules(channel=parcel.channel_slug, currency=parcel.currency)
    return Rules(
        channel=parcel.channel_slug,
        currency=parcel.rules_currency,
        tracked_shipping_above=parcel.tracked_shipping_above,
        signature_above=parcel.signature_above,
    )
