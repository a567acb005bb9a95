"""The report as CSV: one line per row of the report under one header row a person reads
("Month", "Orders shipped", "Claims opened"), the same header whatever the data (every reason
and outcome has its columns), so spreadsheets can rely on it. Each figure has one column: the
claims' handling (resolved in the shop, escalated) sits beside their outcome rather than
counting rejected and open claims a second time.

Channel slugs come from Saleor: a text cell starting with ``=``, ``+``, ``-`` or ``@`` (or a
tab or carriage return) gets a leading ``'`` so a spreadsheet shows it instead of running it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from decimal import Decimal

from ..claims.models import ClaimReason
from .rows import GuidanceCount, Outcome, ReportRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | Decimal
Column = tuple[str, Callable[[ReportRow], Cell]]

REASONS = {
    ClaimReason.NOT_RECEIVED: "Not received",
    ClaimReason.DAMAGED: "Damaged",
    ClaimReason.NOT_AS_DESCRIBED: "Not as described",
    ClaimReason.COLOUR_DIFFERENT: "Colour different",
    ClaimReason.WRONG_ITEM: "Wrong item",
    ClaimReason.MISSING_ITEMS: "Missing items",
    ClaimReason.RETURN: "Return",
    ClaimReason.CANCELLATION: "Cancellation",
    ClaimReason.OTHER: "Other",
}
OUTCOMES = {
    Outcome.RESOLVED: "resolved",
    Outcome.REJECTED: "rejected",
    Outcome.WITHDRAWN: "withdrawn",
    Outcome.OPEN: "still open",
}


def plain(amount: Decimal) -> Decimal:
    """An amount without trailing zeros (``10.0000`` is ``10``, ``12.50`` is ``12.5``)."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _outcome(outcome: Outcome) -> Column:
    return f"Claims {OUTCOMES[outcome]}", lambda row: row.claims_with(outcome)


def _claims(reason: ClaimReason, outcome: Outcome) -> Column:
    return (
        f"{REASONS[reason]}: claims {OUTCOMES[outcome]}",
        lambda row: row.claims[reason, outcome],
    )


def _guidance(reason: ClaimReason) -> list[Column]:
    def of(row: ReportRow) -> GuidanceCount:
        return row.guidance_by_reason.get(reason, GuidanceCount())

    name = REASONS[reason]
    return [
        (f"{name}: guidance shown", lambda row: of(row).shown),
        (f"{name}: claims after guidance", lambda row: of(row).filed_after),
        (f"{name}: claims avoided by guidance", lambda row: of(row).prevented),
    ]


COLUMNS: list[Column] = [
    ("Month", lambda row: str(row.month)),
    ("Channel", lambda row: row.channel),
    ("Currency", lambda row: row.currency or ""),
    ("Claims opened", lambda row: row.claims_filed),
    *(_outcome(outcome) for outcome in Outcome),
    ("Claims resolved in the shop", lambda row: row.handling.resolved_in_shop),
    ("Claims escalated", lambda row: row.handling.escalated),
    ("Guidance shown", lambda row: row.guidance.shown),
    ("Claims after guidance", lambda row: row.guidance.filed_after),
    ("Claims avoided by guidance", lambda row: row.guidance.prevented),
    ("Refunds", lambda row: row.refunds.count),
    ("Refunded", lambda row: plain(row.refunds.total)),
    ("Automatic refunds", lambda row: row.refunds.automatic_count),
    ("Refunded automatically", lambda row: plain(row.refunds.automatic_total)),
    ("Refunds by staff", lambda row: row.refunds.staff_count),
    ("Refunded by staff", lambda row: plain(row.refunds.staff_total)),
    ("Orders shipped", lambda row: row.shipping.orders_shipped),
    ("Orders above the tracking threshold", lambda row: row.shipping.orders_above_threshold),
    ("Above the tracking threshold: no tracking number", lambda row: row.shipping.without_tracking),
    ("Above the tracking threshold: no dispatch photo", lambda row: row.shipping.without_photo),
    ("Above the tracking threshold: no proof", lambda row: row.shipping.without_proof),
    (
        "Orders above the signature threshold without proof",
        lambda row: row.shipping.above_signature_without_proof,
    ),
    *(_claims(reason, outcome) for reason in ClaimReason for outcome in Outcome),
    *(column for reason in ClaimReason for column in _guidance(reason)),
]
HEADER = [name for name, _ in COLUMNS]


def to_csv(rows: Iterable[ReportRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        cells = (value(row) for _, value in COLUMNS)
        writer.writerow(safe_text(c) if isinstance(c, str) else c for c in cells)
    return out.getvalue()
