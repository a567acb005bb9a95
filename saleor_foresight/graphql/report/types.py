"""GraphQL types of the report (translations of ``report.rows`` and ``report.monthly``).

Every count follows the definitions of ``saleor_foresight.report``; the descriptions repeat
them so the schema explains itself.
"""

from __future__ import annotations

from decimal import Decimal

import strawberry

from ...report import export, rows
from ...report.monthly import Report
from ..claims.enums import ClaimReason

ReportClaimOutcome = rows.Outcome
strawberry.enum(
    ReportClaimOutcome,
    name="ForesightReportClaimOutcome",
    description="Where a claim stands now: closed one of three ways, or OPEN (every other "
    "status: still being handled).",
)


@strawberry.type(name="ForesightReportClaimCount")
class ReportClaimCount:
    reason: ClaimReason
    outcome: ReportClaimOutcome
    count: int


@strawberry.type(
    name="ForesightReportClaims",
    description="Claims filed in the month (when the buyer filed them), by where they stand now.",
)
class ReportClaims:
    filed: int
    resolved: int
    rejected: int
    withdrawn: int
    open: int = strawberry.field(description="Not closed yet: still being handled.")
    by_reason: list[ReportClaimCount] = strawberry.field(
        description="Per reason and outcome; only the pairs with claims."
    )

    @classmethod
    def of(cls, row: rows.ReportRow) -> ReportClaims:
        return cls(
            filed=row.claims_filed,
            resolved=row.claims_with(ReportClaimOutcome.RESOLVED),
            rejected=row.claims_with(ReportClaimOutcome.REJECTED),
            withdrawn=row.claims_with(ReportClaimOutcome.WITHDRAWN),
            open=row.claims_with(ReportClaimOutcome.OPEN),
            by_reason=[
                ReportClaimCount(reason=reason, outcome=o, count=n)
                for reason, o, n in row.claim_counts()
            ],
        )


GUIDANCE_COUNTS = {
    "shown": "Guidance views (one per order and reason) first shown in the month.",
    "filed_after": "Of those, the views followed by a claim on the same order with the same "
    "reason, filed at or after the guidance was first shown.",
    "prevented": "shown minus filedAfter: guidance that no claim followed.",
}


@strawberry.type(name="ForesightReportGuidanceCount")
class ReportGuidanceCount:
    reason: ClaimReason
    shown: int = strawberry.field(description=GUIDANCE_COUNTS["shown"])
    filed_after: int = strawberry.field(description=GUIDANCE_COUNTS["filed_after"])
    prevented: int = strawberry.field(description=GUIDANCE_COUNTS["prevented"])


@strawberry.type(
    name="ForesightReportGuidance",
    description="Guidance shown to buyers before filing, and the claims filed after it.",
)
class ReportGuidance:
    shown: int = strawberry.field(description=GUIDANCE_COUNTS["shown"])
    filed_after: int = strawberry.field(description=GUIDANCE_COUNTS["filed_after"])
    prevented: int = strawberry.field(description=GUIDANCE_COUNTS["prevented"])
    by_reason: list[ReportGuidanceCount]

    @classmethod
    def of(cls, row: rows.ReportRow) -> ReportGuidance:
        total = row.guidance
        return cls(
            shown=total.shown,
            filed_after=total.filed_after,
            prevented=total.prevented,
            by_reason=[
                ReportGuidanceCount(
                    reason=reason, shown=g.shown, filed_after=g.filed_after, prevented=g.prevented
                )
                for reason, g in row.guidance_counts()
            ],
        )


@strawberry.type(
    name="ForesightReportHandling",
    description="The claims filed in the month: settled in the shop, or escalated.",
)
class ReportHandling:
    resolved_in_shop: int = strawberry.field(
        description="Now RESOLVED or WITHDRAWN, and never escalated."
    )
    escalated: int = strawberry.field(description="Escalated, whatever their status now.")
    rejected: int = strawberry.field(description="Now REJECTED, and never escalated.")
    open: int = strawberry.field(description="The rest: never escalated, still being handled.")

    @classmethod
    def of(cls, row: rows.ReportRow) -> ReportHandling:
        h = row.handling
        return cls(
            resolved_in_shop=h.resolved_in_shop,
            escalated=h.escalated,
            rejected=h.rejected,
            open=h.open,
        )


@strawberry.type(
    name="ForesightReportRefunds",
    description="Refunds (REFUND, PARTIAL_REFUND, RETURN_AND_REFUND) Saleor confirmed in the "
    "month: the amount Saleor granted (else the amount decided), in ``currency``.",
)
class ReportRefunds:
    currency: str | None
    count: int
    total: Decimal
    automatic_count: int = strawberry.field(description="Decided by a Foresight rule.")
    automatic_total: Decimal = strawberry.field(description="Decided by a Foresight rule.")
    staff_count: int = strawberry.field(description="Decided by staff.")
    staff_total: Decimal = strawberry.field(description="Decided by staff.")

    @classmethod
    def of(cls, row: rows.ReportRow) -> ReportRefunds:
        r = row.refunds
        return cls(
            currency=row.currency,
            count=r.count,
            total=export.plain(r.total),
            automatic_count=r.automatic_count,
            automatic_total=export.plain(r.automatic_total),
            staff_count=r.staff_count,
            staff_total=export.plain(r.staff_total),
        )


@strawberry.type(
    name="ForesightReportShipping",
    description="Orders whose first FULFILLED parcel left in the month (its creation time, "
    "else when Foresight recorded it). The threshold counts take the orders whose total is "
    "strictly above the channel's trackedShippingAbove, in the rules' currency; a channel "
    "without that rule counts none.",
)
class ReportShipping:
    orders_shipped: int = strawberry.field(
        description="Orders whose first FULFILLED parcel left in the month."
    )
    orders_above_threshold: int = strawberry.field(
        description="Strictly above trackedShippingAbove."
    )
    without_tracking: int = strawberry.field(
        description="Above the threshold, with a FULFILLED parcel without a tracking number."
    )
    without_photo: int = strawberry.field(
        description="Above the threshold, with a FULFILLED parcel without a visible dispatch photo."
    )
    without_proof: int = strawberry.field(
        description="Above the threshold, without tracking or without a photo."
    )
    above_signature_without_proof: int = strawberry.field(
        description="Strictly above signatureAbove (750 in the channel's currency unless "
        "changed), without tracking or without a photo."
    )

    @classmethod
    def of(cls, row: rows.ReportRow) -> ReportShipping:
        s = row.shipping
        return cls(
            orders_shipped=s.orders_shipped,
            orders_above_threshold=s.orders_above_threshold,
            without_tracking=s.without_tracking,
            without_photo=s.without_photo,
            without_proof=s.without_proof,
            above_signature_without_proof=s.above_signature_without_proof,
        )


@strawberry.type(
    name="ForesightReportRow",
    description="One month and channel. The month is the calendar month in the shop's time "
    "zone (claim settings); the channel is the order's. Amounts are in ``currency``, the "
    "orders' currency: records of one channel in two currencies would make two rows, never "
    "one sum.",
)
class ReportRow:
    month: str = strawberry.field(description="YYYY-MM.")
    channel: str
    currency: str | None
    claims: ReportClaims
    guidance: ReportGuidance
    handling: ReportHandling
    refunds: ReportRefunds
    shipping: ReportShipping

    @classmethod
    def of(cls, row: rows.ReportRow) -> ReportRow:
        return cls(
            month=str(row.month),
            channel=row.channel,
            currency=row.currency,
            claims=ReportClaims.of(row),
            guidance=ReportGuidance.of(row),
            handling=ReportHandling.of(row),
            refunds=ReportRefunds.of(row),
            shipping=ReportShipping.of(row),
        )


@strawberry.type(name="ForesightReport", description="What Foresight did, by month and channel.")
class ForesightReport:
    report: strawberry.Private[Report]
    since: str = strawberry.field(description="The first month, YYYY-MM.")
    until: str = strawberry.field(description="The last month (included), YYYY-MM.")
    channel: str | None = strawberry.field(description="The channel asked for; null for all.")
    time_zone: str = strawberry.field(description="The shop's zone the months are counted in.")
    rows: list[ReportRow] = strawberry.field(
        description="One per month and channel with any record, by month then channel."
    )

    @strawberry.field(
        description="The rows as CSV (RFC 4180), one line per row with a header; text cells "
        "that a spreadsheet would take for a formula start with a single quote."
    )
    def csv(self) -> str:
        return export.to_csv(self.report.rows)

    @classmethod
    def of(cls, report: Report) -> ForesightReport:
        return cls(
            report=report,
            since=str(report.period.first),
            until=str(report.period.last),
            channel=report.channel,
            time_zone=report.time_zone,
            rows=[ReportRow.of(row) for row in report.rows],
        )
