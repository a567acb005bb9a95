"""Business days in the shop's time zone: examples a shop owner would check, and properties
that hold for any moment, zone, holiday list and count."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saleor_foresight.claims.deadlines import (
    add_business_days,
    calendar,
    end_of_business_days,
)

UTC_SHOP = calendar("UTC")


@pytest.mark.parametrize(
    ("filed", "due"),
    [
        # Friday afternoon: Monday, Tuesday, Wednesday; due when Wednesday ends
        (datetime(2026, 11, 20, 15, 0, tzinfo=UTC), datetime(2026, 11, 26, tzinfo=UTC)),
        # Saturday and Sunday count from Monday just the same
        (datetime(2026, 11, 21, 9, 0, tzinfo=UTC), datetime(2026, 11, 26, tzinfo=UTC)),
        (datetime(2026, 11, 22, 23, 59, tzinfo=UTC), datetime(2026, 11, 26, tzinfo=UTC)),
        # Monday morning: Tuesday, Wednesday, Thursday
        (datetime(2026, 11, 23, 0, 0, tzinfo=UTC), datetime(2026, 11, 27, tzinfo=UTC)),
    ],
)
def test_three_business_days_end_at_midnight_after_the_third(
    filed: datetime, due: datetime
) -> None:
    assert end_of_business_days(filed, 3, UTC_SHOP) == due


def test_holidays_are_not_business_days() -> None:
    shop = calendar("UTC", ["2026-12-24", "2026-12-25"])

    due = end_of_business_days(datetime(2026, 12, 23, 12, tzinfo=UTC), 2, shop)

    # Thursday 24 and Friday 25 are holidays: Monday 28 and Tuesday 29
    assert due == datetime(2026, 12, 30, tzinfo=UTC)


def test_the_shop_zone_decides_the_day_and_the_midnight() -> None:
    berlin = calendar("Europe/Berlin")
    # Friday 23:30 in Berlin is already Saturday there
    filed = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)

    due = end_of_business_days(filed, 1, berlin)

    # Monday is the first business day after Saturday; due at Tuesday 00:00 Berlin (23:00 UTC)
    assert due == datetime(2026, 11, 23, 23, 0, tzinfo=UTC)


def test_a_deadline_across_a_daylight_saving_change_stays_at_midnight() -> None:
    berlin = calendar("Europe/Berlin")

    due = end_of_business_days(datetime(2026, 3, 27, 10, tzinfo=UTC), 1, berlin)

    # Friday 27 March; clocks go forward on Sunday 29; due at Tuesday 00:00 CEST
    assert due.astimezone(ZoneInfo("Europe/Berlin")).replace(tzinfo=None) == datetime(2026, 3, 31)


def test_an_unknown_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="IANA"):
        calendar("Mars/Olympus")


zones = st.sampled_from(
    ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
     "America/Santiago", "Pacific/Apia", "Asia/Kathmandu"]
)  # fmt: skip
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2060, 1, 1), timezones=st.just(UTC)
)
holiday_lists = st.lists(st.dates(date(2000, 1, 1), date(2060, 12, 31)), max_size=30)


@given(moments, st.integers(0, 40), zones, holiday_lists)
def test_a_deadline_ends_the_nth_business_day_after_the_event(
    start: datetime, days: int, zone: str, holidays: list[date]
) -> None:
    shop = calendar(zone, holidays)

    due = end_of_business_days(start, days, shop)

    last_day = shop.local_date(due - timedelta(microseconds=1))
    assert due > start
    assert shop.local_date(due) == last_day + timedelta(days=1)
    if days:
        assert shop.is_business_day(last_day)
    assert last_day == add_business_days(shop.local_date(start), days, shop)


@given(moments, moments, st.integers(0, 20), zones)
def test_a_later_event_never_has_an_earlier_deadline(
    first: datetime, second: datetime, days: int, zone: str
) -> None:
    shop = calendar(zone)
    early, late = sorted((first, second))

    assert end_of_business_days(early, days, shop) <= end_of_business_days(late, days, shop)
    assert end_of_business_days(early, days, shop) < end_of_business_days(early, days + 1, shop)
