"""The months a report covers: ``since`` to ``until``, both included, written ``YYYY-MM``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ..claims.deadlines import Calendar
from .errors import ReportError, ReportErrorCode

MAX_MONTHS = 36
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 1970, 9998


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def index(self) -> int:
        """Months since year 0: differences count months."""
        return self.year * 12 + self.month - 1

    @classmethod
    def of(cls, moment: datetime, calendar: Calendar) -> Month:
        """The month ``moment`` falls in, in the shop's time zone."""
        day = calendar.local_date(moment)
        return cls(day.year, day.month)


def parse_month(text: str, field: str) -> Month:
    found = MONTH.match(text.strip())
    if found is not None:
        year, month = int(found[1]), int(found[2])
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
            return Month(year, month)
    raise ReportError(
        ReportErrorCode.INVALID_MONTH,
        f"{field} must be a month written YYYY-MM (e.g. 2026-01), not {text[:20]!r}.",
        field,
    )


@dataclass(frozen=True)
class Period:
    first: Month
    last: Month

    @property
    def months(self) -> int:
        return self.last.index() - self.first.index() + 1

    def bounds(self, calendar: Calendar) -> tuple[datetime, datetime]:
        """From the first moment of ``first`` to the first moment after ``last``, in UTC."""
        after = self.last.next()
        return calendar.start_of(self.first.first_day), calendar.start_of(after.first_day)


def period(since: str, until: str) -> Period:
    """The months from ``since`` to ``until``; ReportError for bad input."""
    first, last = parse_month(since, "since"), parse_month(until, "until")
    if last < first:
        raise ReportError(
            ReportErrorCode.RANGE_REVERSED, f"until ({last}) is before since ({first}).", "until"
        )
    found = Period(first, last)
    if found.months > MAX_MONTHS:
        raise ReportError(
            ReportErrorCode.RANGE_TOO_LONG,
            f"A report covers at most {MAX_MONTHS} months, not {found.months}.",
            "until",
        )
    return found
