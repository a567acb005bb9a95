"""What a buyer sees before filing: for each reason, whether it is open, and what the shop
already knows.

Rules, from the order record, the acceptances bound to the order and the shop's settings:

* Nothing shipped yet (no FULFILLED parcel): CANCELLATION is open — the buyer asks the shop
  to cancel, and the shop answers the request as any claim — and every other reason but OTHER
  is CLOSED, saying nothing has shipped: a claim about goods that have not left is a
  cancellation request. Once a parcel shipped CANCELLATION is closed (a return, or a problem
  with the parcel, is what is left), and a cancelled order leaves only OTHER open.
* A parcel's expected delivery is the end of ``max delivery days`` business days after it
  was fulfilled (the shipping method's maximum, else the shop's ``default_delivery_days``).
  NOT_RECEIVED opens ``grace_days`` business days after the earliest expected delivery of
  the order's parcels; before that it is NOT_OPEN_YET with its opening moment, and the
  buyer sees the dispatch photo, tracking number and expected date. Whether NOT_OPEN_YET
  blocks filing or only warns is ``block_before_open``; a warned buyer must confirm.
* COLOUR_DIFFERENT is open, and shows the colour warning(s) the buyer accepted, and when.
* RETURN is open until the return window closes: the window of the return terms the buyer
  accepted (the largest, if several), else ``return_days``, counted in calendar days from
  the latest expected delivery. It shows the accepted terms and the window's end.
* DAMAGED, NOT_AS_DESCRIBED, WRONG_ITEM and MISSING_ITEMS are open once a parcel shipped,
  and show the dispatch photos: what the shop packed is what the buyer should compare.

Every date shown is the shop's local date; the API also gives the exact moments.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from ..orders.models import Fulfillment, Order
from ..policies.binding import accepted_for_order
from ..policies.models import Acceptance, AcceptanceItem, PolicyKind
from . import config
from .deadlines import Calendar, end_of_business_days
from .models import ClaimReason, ClaimSettings
from .texts import Param, Text, english

SHIPPED = "FULFILLED"
CANCELLED = "CANCELED"
R = ClaimReason


class Availability(StrEnum):
    OPEN = "OPEN"
    NOT_OPEN_YET = "NOT_OPEN_YET"
    CLOSED = "CLOSED"


class Evidence(StrEnum):
    """What to show beside a reason."""

    DISPATCH_PHOTOS = "DISPATCH_PHOTOS"
    TRACKING = "TRACKING"
    EXPECTED_DELIVERY = "EXPECTED_DELIVERY"
    COLOUR_WARNING = "COLOUR_WARNING"
    RETURN_TERMS = "RETURN_TERMS"
    CANCELLATION = "CANCELLATION"


@dataclass(frozen=True)
class Parcel:
    fulfillment: Fulfillment
    shipped_at: datetime
    expected_by: datetime


@dataclass(frozen=True)
class AcceptedTerm:
    item: AcceptanceItem
    accepted_at: datetime
    return_window_days: int | None


@dataclass(frozen=True)
class Option:
    reason: ClaimReason
    availability: Availability
    text: Text  # what to tell the buyer, in any language (``texts.py``)
    may_file: bool
    evidence: tuple[Evidence, ...] = ()
    opens_at: datetime | None = None
    closes_at: datetime | None = None

    @property
    def explanation(self) -> str:
        """The text in English (the record's words; the widget words it in the buyer's)."""
        return english(self.text)


@dataclass(frozen=True)
class Guidance:
    order: Order
    parcels: list[Parcel]
    colour_warnings: list[AcceptedTerm]
    return_terms: list[AcceptedTerm]
    options: list[Option] = field(default_factory=list)
    expected_delivery_by: datetime | None = None
    return_window_ends_at: datetime | None = None
    calendar: Calendar = field(default_factory=Calendar)  # the shop's, for its local days

    def option(self, reason: ClaimReason) -> Option:
        return next(o for o in self.options if o.reason == reason)

    def day_of(self, start: datetime | None) -> date | None:
        """The shop's local day a moment falls on (an opening: the day it opens)."""
        return None if start is None else self.calendar.local_date(start)

    def last_day_of(self, end: datetime | None) -> date | None:
        """The shop's last local day before an end (an end is the next day's midnight)."""
        return None if end is None else self.calendar.last_day(end)


async def for_order(
    session: AsyncSession, installation_id: uuid.UUID, order: Order, now: datetime
) -> Guidance:
    settings = await config.get(session, installation_id)
    acceptances = await accepted_for_order(session, installation_id, order.saleor_id)
    return advise(order, settings, acceptances, now)


def expected_delivery_on(
    fulfillment: Fulfillment, order: Order, settings: ClaimSettings
) -> date | None:
    """The shop's local day a shipped parcel is expected by (None before it shipped): what the
    order page shows the buyer, and what the claim guidance counts from."""
    if fulfillment.status != SHIPPED:
        return None
    cal = config.calendar_of(settings)
    return cal.last_day(_parcel(fulfillment, order, settings, cal).expected_by)


def advise(
    order: Order, settings: ClaimSettings, acceptances: Sequence[Acceptance], now: datetime
) -> Guidance:
    cal = config.calendar_of(settings)
    parcels = [_parcel(f, order, settings, cal) for f in order.fulfillments if f.status == SHIPPED]
    colour = _terms(acceptances, PolicyKind.COLOUR_DIFFERENCE)
    returns = _terms(acceptances, PolicyKind.RETURN_TERMS)
    guidance = Guidance(order, parcels, colour, returns, calendar=cal)
    if order.status == CANCELLED:
        text = Text("CANCELLED")
        closed = [Option(r, Availability.CLOSED, text, False) for r in ClaimReason if r != R.OTHER]
        return _with(guidance, [*closed, _other()])
    if not parcels:
        shown = (Evidence.CANCELLATION,)
        closed = [
            Option(r, Availability.CLOSED, Text("NOT_SHIPPED"), False, shown)
            for r in ClaimReason
            if r not in (R.CANCELLATION, R.OTHER)
        ]
        cancel = Option(R.CANCELLATION, Availability.OPEN, Text("CANCEL_OPEN"), True, shown)
        return _with(guidance, [cancel, *closed, _other()])
    expected = min(p.expected_by for p in parcels)
    opens = min(_opens(p, order, settings, cal) for p in parcels)
    window = max((t.return_window_days or 0 for t in returns), default=settings.return_days)
    # calendar days in the shop's zone: a clock change never moves the end off midnight
    closes = cal.start_of(
        cal.local_date(max(p.expected_by for p in parcels)) + timedelta(days=window)
    )
    options = [
        _not_received(parcels, expected, opens, now, settings, cal),
        _shipped(R.DAMAGED),
        _shipped(R.NOT_AS_DESCRIBED),
        _colour(colour, cal),
        _shipped(R.WRONG_ITEM),
        _shipped(R.MISSING_ITEMS),
        _return(returns, window, closes, now, cal),
        Option(R.CANCELLATION, Availability.CLOSED, Text("CANCEL_SHIPPED"), False),
        _other(),
    ]
    return _with(guidance, options, expected, closes)


def _with(
    guidance: Guidance,
    options: list[Option],
    expected: datetime | None = None,
    closes: datetime | None = None,
) -> Guidance:
    return replace(
        guidance, options=options, expected_delivery_by=expected, return_window_ends_at=closes
    )


def _parcel(fulfillment: Fulfillment, order: Order, s: ClaimSettings, cal: Calendar) -> Parcel:
    shipped = fulfillment.created_at or fulfillment.recorded_at
    days = order.max_delivery_days or s.default_delivery_days
    return Parcel(fulfillment, shipped, end_of_business_days(shipped, days, cal))


def _opens(parcel: Parcel, order: Order, s: ClaimSettings, cal: Calendar) -> datetime:
    """The end of the grace days that follow the parcel's last expected day."""
    days = (order.max_delivery_days or s.default_delivery_days) + s.grace_days
    return end_of_business_days(parcel.shipped_at, days, cal)


def _terms(acceptances: Sequence[Acceptance], kind: PolicyKind) -> list[AcceptedTerm]:
    return [
        AcceptedTerm(item, acceptance.accepted_at, item.version.return_window_days)
        for acceptance in acceptances
        for item in acceptance.items
        if item.version.policy.kind == kind
    ]


def _not_received(
    parcels: list[Parcel],
    expected: datetime,
    opens: datetime,
    now: datetime,
    s: ClaimSettings,
    cal: Calendar,
) -> Option:
    shown = (Evidence.DISPATCH_PHOTOS, Evidence.TRACKING, Evidence.EXPECTED_DELIVERY)
    first = min(parcels, key=lambda p: p.shipped_at)
    tracking = first.fulfillment.tracking_number
    params: dict[str, Param] = {
        "shipped": cal.local_date(first.shipped_at),
        "expected": cal.last_day(expected),
        "opens": cal.local_date(opens),
    }
    tracked = "_TRACKED" if tracking else ""
    if tracking:
        params["tracking"] = tracking
    if now >= opens:
        text = Text(f"NOT_RECEIVED_OPEN{tracked}", params)
        return Option(R.NOT_RECEIVED, Availability.OPEN, text, True, shown, opens)
    waiting = "NOT_RECEIVED_BLOCKED" if s.block_before_open else "NOT_RECEIVED_WAIT"
    text = Text(waiting + tracked, params)
    return Option(
        R.NOT_RECEIVED, Availability.NOT_OPEN_YET, text, not s.block_before_open, shown, opens
    )


def _shipped(reason: ClaimReason) -> Option:
    return Option(reason, Availability.OPEN, Text(reason.value), True, (Evidence.DISPATCH_PHOTOS,))


def _colour(warnings: list[AcceptedTerm], cal: Calendar) -> Option:
    if not warnings:
        return Option(R.COLOUR_DIFFERENT, Availability.OPEN, Text("COLOUR"), True)
    term = warnings[0]
    text = Text("COLOUR_ACCEPTED", {
        "accepted": cal.local_date(term.accepted_at),
        "title": term.item.title,
        "label": term.item.consent_label,
    })  # fmt: skip
    return Option(R.COLOUR_DIFFERENT, Availability.OPEN, text, True, (Evidence.COLOUR_WARNING,))


def _return(
    terms: list[AcceptedTerm], window: int, closes: datetime, now: datetime, cal: Calendar
) -> Option:
    shown = (Evidence.RETURN_TERMS,) if terms else ()
    accepted = "_ACCEPTED" if terms else ""
    params: dict[str, Param] = {"days": window, "ends": cal.last_day(closes)}
    if terms:
        params |= {"title": terms[0].item.title, "accepted": cal.local_date(terms[0].accepted_at)}
    if window == 0:
        text = Text(f"RETURN_NONE{accepted}", params)
        return Option(R.RETURN, Availability.CLOSED, text, False, shown, closes_at=closes)
    if now >= closes:
        text = Text(f"RETURN_ENDED{accepted}", params)
        return Option(R.RETURN, Availability.CLOSED, text, False, shown, closes_at=closes)
    text = Text(f"RETURN_OPEN{accepted}", params)
    return Option(R.RETURN, Availability.OPEN, text, True, shown, closes_at=closes)


def _other() -> Option:
    return Option(R.OTHER, Availability.OPEN, Text("OTHER"), True)
