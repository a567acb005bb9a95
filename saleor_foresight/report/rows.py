"""One row of the report: a month and a channel (and its currency), counted as the package
docstring defines. ``monthly`` feeds records in; ``count_*`` decide what each one adds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from ..claims.models import ClaimReason, ResolutionKind
from ..claims.states import ClaimStatus
from ..rules.decide import Rules, needs_signature, needs_tracking
from .period import Month

REFUND_KINDS = (
    ResolutionKind.REFUND,
    ResolutionKind.PARTIAL_REFUND,
    ResolutionKind.RETURN_AND_REFUND,
)


class Outcome(StrEnum):
    """Where a claim stands for the report: closed one of three ways, or still open."""

    RESOLVED = "RESOLVED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"
    OPEN = "OPEN"


CLOSED_OUTCOMES = {
    ClaimStatus.RESOLVED: Outcome.RESOLVED,
    ClaimStatus.REJECTED: Outcome.REJECTED,
    ClaimStatus.WITHDRAWN: Outcome.WITHDRAWN,
}


def outcome_of(status: str) -> Outcome:
    return CLOSED_OUTCOMES.get(ClaimStatus(status), Outcome.OPEN)


@dataclass
class GuidanceCount:
    shown: int = 0
    filed_after: int = 0

    @property
    def prevented(self) -> int:
        return self.shown - self.filed_after

    def add(self, filed_after: bool) -> None:
        self.shown += 1
        self.filed_after += filed_after


@dataclass
class Handling:
    resolved_in_shop: int = 0
    escalated: int = 0
    rejected: int = 0
    open: int = 0


@dataclass
class Refunds:
    count: int = 0
    total: Decimal = Decimal(0)
    automatic_count: int = 0
    automatic_total: Decimal = Decimal(0)

    @property
    def staff_count(self) -> int:
        return self.count - self.automatic_count

    @property
    def staff_total(self) -> Decimal:
        return self.total - self.automatic_total


@dataclass
class Shipping:
    orders_shipped: int = 0
    orders_above_threshold: int = 0
    without_tracking: int = 0
    without_photo: int = 0
    without_proof: int = 0
    above_signature_without_proof: int = 0


@dataclass(frozen=True)
class ShippedOrder:
    """An order with its FULFILLED parcels, as the shipping count needs it."""

    currency: str | None
    total: Decimal | None
    rules: Rules
    without_tracking: bool
    without_photo: bool


@dataclass
class ReportRow:
    month: Month
    channel: str
    currency: str | None
    claims: Counter[tuple[ClaimReason, Outcome]] = field(default_factory=Counter)
    guidance_by_reason: dict[ClaimReason, GuidanceCount] = field(default_factory=dict)
    handling: Handling = field(default_factory=Handling)
    refunds: Refunds = field(default_factory=Refunds)
    shipping: Shipping = field(default_factory=Shipping)

    @property
    def claims_filed(self) -> int:
        return self.claims.total()

    def claims_with(self, outcome: Outcome) -> int:
        return sum(n for (_, o), n in self.claims.items() if o is outcome)

    @property
    def guidance(self) -> GuidanceCount:
        views = self.guidance_by_reason.values()
        return GuidanceCount(sum(g.shown for g in views), sum(g.filed_after for g in views))

    def claim_counts(self) -> list[tuple[ClaimReason, Outcome, int]]:
        """The reasons and outcomes with claims, in the enums' order."""
        pairs = [(r, o) for r in ClaimReason for o in Outcome]
        return [(r, o, self.claims[r, o]) for r, o in pairs if self.claims[r, o]]

    def guidance_counts(self) -> list[tuple[ClaimReason, GuidanceCount]]:
        """The reasons with guidance views, in the enum's order."""
        return [(r, g) for r in ClaimReason if (g := self.guidance_by_reason.get(r))]

    def count_claim(self, reason: str, status: str, escalated_at: datetime | None) -> None:
        outcome = outcome_of(status)
        self.claims[ClaimReason(reason), outcome] += 1
        if escalated_at is not None:
            self.handling.escalated += 1
        elif outcome in (Outcome.RESOLVED, Outcome.WITHDRAWN):
            self.handling.resolved_in_shop += 1
        elif outcome is Outcome.REJECTED:
            self.handling.rejected += 1
        else:
            self.handling.open += 1

    def count_guidance(self, reason: str, filed_after: bool) -> None:
        self.guidance_by_reason.setdefault(ClaimReason(reason), GuidanceCount()).add(filed_after)

    def count_refund(self, amount: Decimal, automatic: bool) -> None:
        self.refunds.count += 1
        self.refunds.total += amount
        if automatic:
            self.refunds.automatic_count += 1
            self.refunds.automatic_total += amount

    def count_shipped(self, order: ShippedOrder) -> None:
        shipping = self.shipping
        shipping.orders_shipped += 1
        if order.total is None or order.currency is None or order.currency != order.rules.currency:
            return
        without_proof = order.without_tracking or order.without_photo
        if needs_tracking(order.total, order.rules):
            shipping.orders_above_threshold += 1
            shipping.without_tracking += order.without_tracking
            shipping.without_photo += order.without_photo
            shipping.without_proof += without_proof
        if needs_signature(order.total, order.rules) and without_proof:
            shipping.above_signature_without_proof += 1
