"""The CSV export: a fixed header, one line per row, text cells safe from formulas."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from saleor_foresight.claims.models import ClaimReason
from saleor_foresight.report.export import HEADER, REASONS, plain, to_csv
from saleor_foresight.report.period import Month
from saleor_foresight.report.rows import ReportRow


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
    assert (line["Month"], line["Channel"], line["Currency"]) == ("2026-01", "eu", "EUR")
    assert (line["Claims opened"], line["Claims resolved"], line["Claims still open"]) == (
        "2",
        "1",
        "1",
    )
    assert (line["Claims resolved in the shop"], line["Claims escalated"]) == ("1", "0")
    assert line["Damaged: claims resolved"] == "1"
    assert line["Not received: claims still open"] == "1"
    assert line["Wrong item: claims rejected"] == "0"
    assert line["Damaged: guidance shown"] == "1"
    assert line["Damaged: claims avoided by guidance"] == "1"
    assert (line["Refunds"], line["Refunded"]) == ("2", "20")
    assert (line["Refunded automatically"], line["Refunded by staff"]) == ("12.5", "7.5")


def test_no_rows_is_the_header_alone() -> None:
    assert to_csv([]) == ",".join(HEADER) + "\r\n"


def test_a_header_column_per_reason_and_outcome() -> None:
    for reason in ClaimReason:
        for outcome in ("resolved", "rejected", "withdrawn", "still open"):
            assert f"{REASONS[reason]}: claims {outcome}" in HEADER


def test_the_header_names_each_figure_once_in_words() -> None:
    # one column per figure: no two names alike, none a machine name such as claims_open
    assert len(HEADER) == len({name.casefold() for name in HEADER})
    assert HEADER[:4] == ["Month", "Channel", "Currency", "Claims opened"]
    assert not [name for name in HEADER if "_" in name or name != name.strip()]
    assert "Open" not in HEADER and "Rejected" not in HEADER  # counted once, beside the outcome


def test_text_a_spreadsheet_would_run_starts_with_a_quote() -> None:
    channels = ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "eu-west", "a=b"]
    rows = [ReportRow(Month(2026, 1), channel, "EUR") for channel in channels]

    found = [line["Channel"] for line in read(to_csv(rows))]

    assert found == ['\'=HYPERLINK("http://x")', "'+1", "'-1", "'@SUM(A1)", "eu-west", "a=b"]


def test_amounts_without_trailing_zeros() -> None:
    assert [str(plain(Decimal(a))) for a in ("10.0000", "12.5000", "0.0100", "0")] == [
        "10",
        "12.5",
        "0.01",
        "0",
    ]
