"""The report as CSV: one line per row of the report, flat columns, the same header whatever
the data (every reason and outcome has its columns), so spreadsheets can rely on it.

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


def plain(amount: Decimal) -> Decimal:
    """An amount without trailing zeros (``10.0000`` is ``10``, ``12.50`` is ``12.5``)."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _outcome(outcome: Outcome) -> Column:
    return f"claims_{outcome.lower()}", lambda row: row.claims_with(outcome)


def _claims(reason: ClaimReason, outcome: Outcome) -> Column:
    return (
        f"claims_{reason.lower()}_{outcome.lower()}",
        lambda row: row.claims[reason, outcome],
    )


def _guidance(reason: ClaimReason) -> list[Column]:
    def of(row: ReportRow) -> GuidanceCount:
        return row.guidance_by_reason.get(reason, GuidanceCount())

    name = f"guidance_{reason.lower()}"
    return [
        (f"{name}_shown", lambda row: of(row).shown),
        (f"{name}_filed_after", lambda row: of(row).filed_after),
        (f"{name}_prevented", lambda row: of(row).prevented),
    ]


COLUMNS: list[Column] = [
    ("month", lambda row: str(row.month)),
    ("channel", lambda row: row.channel),
    ("currency", lambda row: row.currency or ""),
    ("claims_filed", lambda row: row.claims_filed),
    *(_outcome(outcome) for outcome in Outcome),
    ("guidance_shown", lambda row: row.guidance.shown),
    ("guidance_filed_after", lambda row: row.guidance.filed_after),
    ("guidance_prevented", lambda row: row.guidance.prevented),
    ("resolved_in_shop", lambda row: row.handling.resolved_in_shop),
    ("escalated", lambda row: row.handling.escalated),
    ("rejected", lambda row: row.handling.rejected),
    ("open", lambda row: row.handling.open),
    ("refunds_count", lambda row: row.refunds.count),
    ("refunds_total", lambda row: plain(row.refunds.total)),
    ("refunds_automatic_count", lambda row: row.refunds.automatic_count),
    ("refunds_automatic_total", lambda row: plain(row.refunds.automatic_total)),
    ("refunds_staff_count", lambda row: row.refunds.staff_count),
    ("refunds_staff_total", lambda row: plain(row.refunds.staff_total)),
    ("orders_shipped", lambda row: row.shipping.orders_shipped),
    ("orders_above_threshold", lambda row: row.shipping.orders_above_threshold),
    ("orders_without_tracking", lambda row: row.shipping.without_tracking),
    ("orders_without_photo", lambda row: row.shipping.without_photo),
    ("orders_without_proof", lambda row: row.shipping.without_proof),
    (
        "orders_above_signature_without_proof",
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
