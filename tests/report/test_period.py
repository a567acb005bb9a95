"""The months a report covers: YYYY-MM, since before until, at most 36 months."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from saleor_foresight.claims.deadlines import calendar
from saleor_foresight.report.errors import ReportError, ReportErrorCode
from saleor_foresight.report.period import Month, period


def test_a_period_of_months_both_included() -> None:
    months = period("2025-11", "2026-02")

    assert (months.first, months.last, months.months) == (Month(2025, 11), Month(2026, 2), 4)


def test_the_bounds_are_the_shops_midnights_in_utc() -> None:
    start, end = period("2026-01", "2026-03").bounds(calendar("Europe/Berlin"))

    assert start == datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)  # summer time began on 29 March


def test_december_is_followed_by_january() -> None:
    assert Month(2025, 12).next() == Month(2026, 1)
    assert str(Month(2026, 1)) == "2026-01"


@pytest.mark.parametrize(
    ("since", "until", "code", "field"),
    [
        ("2026-1", "2026-02", ReportErrorCode.INVALID_MONTH, "since"),
        ("2026-13", "2026-12", ReportErrorCode.INVALID_MONTH, "since"),
        ("2026-01", "2026-00", ReportErrorCode.INVALID_MONTH, "until"),
        ("2026-01", "January", ReportErrorCode.INVALID_MONTH, "until"),
        ("2026-01-01", "2026-02", ReportErrorCode.INVALID_MONTH, "since"),
        ("2026-03", "2026-02", ReportErrorCode.RANGE_REVERSED, "until"),
        ("2023-01", "2026-01", ReportErrorCode.RANGE_TOO_LONG, "until"),
    ],
)
def test_bad_months_are_refused(since: str, until: str, code: ReportErrorCode, field: str) -> None:
    with pytest.raises(ReportError) as refused:
        period(since, until)

    assert (refused.value.code, refused.value.field) == (code, field)


def test_thirty_six_months_are_allowed() -> None:
    assert period("2023-01", "2025-12").months == 36
