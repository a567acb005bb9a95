"""What the buyer is shown before filing (``claimOptions``), translated from
``claims/guidance.py``: per reason, whether it is open, why, and the evidence to show."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from ...claims import guidance
from ..dispatch.types import DispatchFulfillmentType
from ..ids import to_global_id
from .enums import ClaimEvidenceKind, ClaimReason, ClaimReasonAvailability
from .order import ClaimOrderLine


@strawberry.type(description="A parcel of the order, with its expected delivery.")
class ClaimParcel:
    fulfillment: DispatchFulfillmentType = strawberry.field(
        description="The parcel: tracking number and dispatch photos."
    )
    shipped_at: datetime
    expected_delivery_by: datetime = strawberry.field(
        description="The end of the last day it is expected on, in the shop's time zone."
    )


@strawberry.type(description="A disclosure the buyer accepted at checkout, and when.")
class AcceptedTerms:
    version_id: strawberry.ID
    title: str
    consent_label: str
    html: str
    content_hash: str
    accepted_at: datetime
    return_window_days: int | None

    @classmethod
    def of(cls, term: guidance.AcceptedTerm) -> AcceptedTerms:
        item = term.item
        return cls(
            version_id=strawberry.ID(to_global_id("PolicyVersion", item.version_id)),
            title=item.title,
            consent_label=item.consent_label,
            html=item.translation.body_html,
            content_hash=item.content_hash,
            accepted_at=term.accepted_at,
            return_window_days=term.return_window_days,
        )


@strawberry.type(description="A value in a claim text: a day of the shop's calendar, or words.")
class ClaimTextParam:
    name: str
    value: str = strawberry.field(description="A day as YYYY-MM-DD; anything else as it is.")
    is_day: bool = strawberry.field(description="A day to write in the reader's language.")


@strawberry.type(description="Whether a reason can be filed now, and what to show with it.")
class ClaimReasonOption:
    reason: ClaimReason
    availability: ClaimReasonAvailability
    explanation: str = strawberry.field(description="For the buyer, in plain English words.")
    explanation_key: str = strawberry.field(
        description="The same text as a message key, for a storefront that words it in the "
        "buyer's language (the widget's claims.explain.<key>), with explanationParams."
    )
    explanation_params: list[ClaimTextParam]
    may_file: bool = strawberry.field(
        description="claimCreate accepts it (NOT_OPEN_YET: with confirmEarly)."
    )
    needs_confirmation: bool = strawberry.field(
        description="Not open yet but allowed: the buyer must confirm filing early."
    )
    opens_at: datetime | None
    closes_at: datetime | None
    opens_on: date | None = strawberry.field(description="The shop's local day it opens.")
    closes_on: date | None = strawberry.field(
        description="The shop's last local day it is open (closesAt is the next midnight)."
    )
    evidence: list[ClaimEvidenceKind]

    @classmethod
    def of(cls, option: guidance.Option, shown: guidance.Guidance) -> ClaimReasonOption:
        early = option.availability is guidance.Availability.NOT_OPEN_YET
        return cls(
            reason=option.reason,
            availability=option.availability,
            explanation=option.explanation,
            explanation_key=option.text.key,
            explanation_params=[
                ClaimTextParam(
                    name=name,
                    value=value.isoformat() if isinstance(value, date) else str(value),
                    is_day=isinstance(value, date),
                )
                for name, value in option.text.params.items()
            ],
            may_file=option.may_file,
            needs_confirmation=early and option.may_file,
            opens_at=option.opens_at,
            closes_at=option.closes_at,
            opens_on=shown.day_of(option.opens_at),
            closes_on=shown.last_day_of(option.closes_at),
            evidence=list(option.evidence),
        )


@strawberry.type(description="What the shop knows of an order, before the buyer files.")
class ClaimOptions:
    order_id: strawberry.ID
    order_number: str
    reasons: list[ClaimReasonOption]
    parcels: list[ClaimParcel]
    colour_warnings: list[AcceptedTerms]
    return_terms: list[AcceptedTerms]
    expected_delivery_by: datetime | None
    return_window_ends_at: datetime | None
    expected_delivery_on: date | None = strawberry.field(
        description="The shop's local day the first parcel is expected by."
    )
    return_window_ends_on: date | None = strawberry.field(
        description="The shop's last local day a return may be asked for."
    )
    suggest_cancellation: bool = strawberry.field(
        description="Nothing shipped yet: offer the buyer to cancel the order instead."
    )
    lines: list[ClaimOrderLine] = strawberry.field(
        description="The order's lines, with what may still be claimed."
    )

    @classmethod
    def of(cls, shown: guidance.Guidance, lines: list[ClaimOrderLine]) -> ClaimOptions:
        order = shown.order
        return cls(
            order_id=strawberry.ID(order.saleor_id),
            order_number=order.number,
            reasons=[ClaimReasonOption.of(o, shown) for o in shown.options],
            parcels=[
                ClaimParcel(
                    fulfillment=DispatchFulfillmentType(row=p.fulfillment, order=order),
                    shipped_at=p.shipped_at,
                    expected_delivery_by=p.expected_by,
                )
                for p in shown.parcels
            ],
            colour_warnings=[AcceptedTerms.of(t) for t in shown.colour_warnings],
            return_terms=[AcceptedTerms.of(t) for t in shown.return_terms],
            expected_delivery_by=shown.expected_delivery_by,
            return_window_ends_at=shown.return_window_ends_at,
            expected_delivery_on=shown.last_day_of(shown.expected_delivery_by),
            return_window_ends_on=shown.last_day_of(shown.return_window_ends_at),
            suggest_cancellation=any(
                guidance.Evidence.CANCELLATION in o.evidence for o in shown.options
            ),
            lines=lines,
        )
