"""Business days in the shop's time zone: response deadlines and expected delivery dates.

A business day is a day of the shop's calendar that is neither a weekend day (Saturday and
Sunday) nor one of its holidays, in its own time zone (``zoneinfo``, IANA names). Counting
N business days from a moment starts on the day after that moment's local date, as legal
deadlines do: the day of the event never counts, whatever the hour. The deadline is the
end of the Nth business day, i.e. the local midnight that starts the next day, as an aware
UTC datetime. So a claim filed on Friday afternoon with 3 business days is due when
Wednesday ends (Thursday 00:00 local); one filed on Saturday is due at the same moment.

N = 0 means the end of the event's own local day. Daylight-saving changes never move a
deadline off midnight: the date is counted first and midnight is placed in the zone after.
Where a zone skips midnight itself (a few zones change clocks at 00:00), the first moment
of the day is used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday())
MAX_DAYS = 3650


@dataclass(frozen=True)
class Calendar:
    """A shop's business calendar."""

    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    holidays: frozenset[date] = frozenset()
    weekend: frozenset[int] = WEEKEND

    def is_business_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays

    def local_date(self, moment: datetime) -> date:
        if moment.tzinfo is None:
            raise ValueError("a naive datetime has no place in the shop's calendar")
        return moment.astimezone(self.zone).date()

    def last_day(self, end: datetime) -> date:
        """The local date of the last day before ``end`` (an end is the next day's midnight)."""
        return self.local_date(end - timedelta(microseconds=1))

    def start_of(self, day: date) -> datetime:
        """The first moment of ``day`` in the shop's zone, in UTC."""
        local = datetime.combine(day, time(0), tzinfo=self.zone)
        # a skipped midnight: Python maps it with the offset before the change, which lands
        # on the first real moment of the day (or later on it) once converted; keep the day
        moment = local.astimezone(UTC)
        while self.local_date(moment) < day:
            moment += timedelta(minutes=15)
        return moment


def calendar(time_zone: str, holidays: Iterable[str | date] = ()) -> Calendar:
    """A calendar from stored settings; ValueError for an unknown zone or a bad date."""
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{time_zone!r} is not an IANA time zone") from exc
    days = frozenset(d if isinstance(d, date) else date.fromisoformat(d) for d in holidays)
    return Calendar(zone=zone, holidays=days)


def add_business_days(day: date, days: int, cal: Calendar) -> date:
    """The ``days``-th business day after ``day`` (``day`` itself for 0)."""
    if not 0 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 0 and {MAX_DAYS}")
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if cal.is_business_day(day):
            counted += 1
    return day


def end_of_business_days(start: datetime, days: int, cal: Calendar) -> datetime:
    """When ``days`` business days counted from ``start`` end (see the module docstring)."""
    last = add_business_days(cal.local_date(start), days, cal)
    return cal.start_of(last + timedelta(days=1))
