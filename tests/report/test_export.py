"""The CSV export: a fixed header, one line per row, text cells safe from formulas."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from saleor_foresight.claims.models import ClaimReason
from saleor_foresight.report.export import HEADER, plain, to_csv
from saleor_foresight.report.period import Month
from saleor_foresight.report.rows import Outcome, ReportRow


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_line_per_row_with_every_column() -> None:
    row = ReportRow(Month(2026, 1), "eu", "EUR")
    row.count_claim(ClaimReason.DAMAGED, "RESOLVED", None)
    row.count_claim(ClaimReason.NOT_RECEIVED, "ESCALATED", escalated_at=None)
    row.count_guidance(ClaimReason.DAMAGED, filed_after=False)
    row.count_refund(Decimal("12.5000"), automatic=True)
    row.count_refund(Decimal("7.5000"), automatic=False)

    [line] = read(to_csv([row]))

    assert list(line) == HEADER
    assert (line["month"], line["channel"], line["currency"]) == ("2026-01", "eu", "EUR")
    assert (line["claims_filed"], line["claims_resolved"], line["claims_open"]) == ("2", "1", "1")
    assert line["claims_damaged_resolved"] == "1"
    assert line["claims_not_received_open"] == "1"
    assert line["claims_wrong_item_rejected"] == "0"
    assert (line["guidance_damaged_shown"], line["guidance_damaged_prevented"]) == ("1", "1")
    assert (line["refunds_count"], line["refunds_total"]) == ("2", "20")
    assert (line["refunds_automatic_total"], line["refunds_staff_total"]) == ("12.5", "7.5")


def test_no_rows_is_the_header_alone() -> None:
    assert to_csv([]) == ",".join(HEADER) + "\r\n"


def test_a_header_column_per_reason_and_outcome() -> None:
    assert len(HEADER) == len(set(HEADER))
    for reason in ClaimReason:
        for outcome in Outcome:
            assert f"claims_{reason.lower()}_{outcome.lower()}" in HEADER


def test_text_a_spreadsheet_would_run_starts_with_a_quote() -> None:
    channels = ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "eu-west", "a=b"]
    rows = [ReportRow(Month(2026, 1), channel, "EUR") for channel in channels]

    found = [line["channel"] for line in read(to_csv(rows))]

    assert found == ['\'=HYPERLINK("http://x")', "'+1", "'-1", "'@SUM(A1)", "eu-west", "a=b"]


def test_amounts_without_trailing_zeros() -> None:
    assert [str(plain(Decimal(a))) for a in ("10.0000", "12.5000", "0.0100", "0")] == [
        "10",
        "12.5",
        "0.01",
        "0",
    ]
