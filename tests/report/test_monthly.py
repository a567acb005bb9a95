"""The report's numbers against a shop counted by hand (``records.hand_counted_shop``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.claims.models import ClaimReason
from saleor_foresight.claims.states import ClaimStatus
from saleor_foresight.report import monthly
from saleor_foresight.report.period import period
from saleor_foresight.report.rows import (
    GuidanceCount,
    Handling,
    Outcome,
    Refunds,
    ReportRow,
    Shipping,
)
from tests.factories import make_installation
from tests.report.records import Records, hand_counted_shop, stranger_shop, utc

R, Out = ClaimReason, Outcome

# Each row counted from records.py. Claims: filed in the month (Berlin). Handling:
# (resolved in shop, escalated, rejected, open). Guidance: per reason (shown, filed after).
# Refunds: (count, total, automatic count, automatic total). Shipping: (shipped, above
# threshold, without tracking, without photo, without proof, above signature without proof).
EXPECTED: dict[tuple[str, str, str], dict[str, Any]] = {
    ("2026-01", "eu", "EUR"): {
        # c1 resolved, c4 withdrawn, c2 escalated (still open), c3 rejected; the OTHER claim
        # of 31 December 22:30 UTC is 23:30 in Berlin: December
        "claims": {
            (R.DAMAGED, Out.RESOLVED): 1,
            (R.DAMAGED, Out.WITHDRAWN): 1,
            (R.NOT_RECEIVED, Out.OPEN): 1,
            (R.COLOUR_DIFFERENT, Out.REJECTED): 1,
        },
        "handling": Handling(resolved_in_shop=2, escalated=1, rejected=1, open=0),
        # e1 DAMAGED followed by c1; e1 NOT_RECEIVED by nothing; e3's claim came before
        "guidance": {
            R.DAMAGED: GuidanceCount(1, 1),
            R.NOT_RECEIVED: GuidanceCount(1, 0),
            R.COLOUR_DIFFERENT: GuidanceCount(1, 0),
        },
        # c1's 250 by staff; its 10 of 31 January 23:45 UTC is February; a replacement is no
        # refund
        "refunds": Refunds(1, Decimal(250), 0, Decimal(0)),
        # e1, e2, e3, e5 shipped (e5 recorded on 20 January, its cancelled parcel ignored;
        # e0 first shipped in December); above 100: e1, e2, e5 (e3 is exactly 100); e2 has
        # no tracking, and is above 500
        "shipping": Shipping(4, 3, 1, 0, 1, 1),
    },
    ("2026-01", "jp", "JPY"): {
        "claims": {(R.NOT_RECEIVED, Out.RESOLVED): 1},  # c8
        "handling": Handling(resolved_in_shop=1),
        "guidance": {},  # j1's view of 31 January 23:10 UTC is February
        "refunds": Refunds(1, Decimal(20000), 1, Decimal(20000)),  # c8, by the rule
        # j1: 20000 above 10000, no tracking, no photo; below the signature's 50000
        "shipping": Shipping(1, 1, 1, 1, 1, 0),
    },
    ("2026-01", "us", "USD"): {
        "claims": {},
        "handling": Handling(),
        "guidance": {},
        "refunds": Refunds(),
        # u1: no tracking rule, but above the default 750 for a signature, without proof
        "shipping": Shipping(1, 0, 0, 0, 0, 1),
    },
    ("2026-02", "eu", "EUR"): {
        # c5 (31 January 23:30 UTC) escalated then resolved; c6 waits for the buyer
        "claims": {(R.NOT_RECEIVED, Out.RESOLVED): 1, (R.DAMAGED, Out.OPEN): 1},
        "handling": Handling(resolved_in_shop=0, escalated=1, rejected=0, open=1),
        # e2 DAMAGED followed by c6; e4's view at midnight in Berlin followed by c5
        "guidance": {R.DAMAGED: GuidanceCount(1, 1), R.NOT_RECEIVED: GuidanceCount(1, 1)},
        # c1's 10 (granted) + c5's 40.50 (no granted amount: the amount decided); c6's is
        # not confirmed; c5's 9.50 of 28 February 23:30 UTC is March
        "refunds": Refunds(2, Decimal("50.50"), 0, Decimal(0)),
        # e4: first parcel 31 January 23:30 UTC; tracked, but its only photo is hidden
        "shipping": Shipping(1, 1, 0, 1, 1, 0),
    },
    ("2026-02", "jp", "JPY"): {
        "claims": {(R.DAMAGED, Out.OPEN): 1},  # c9, offer made
        "handling": Handling(open=1),
        # j1's view came after its claim; j2's was followed by c9
        "guidance": {R.NOT_RECEIVED: GuidanceCount(1, 0), R.DAMAGED: GuidanceCount(1, 1)},
        "refunds": Refunds(),
        # j2 above both thresholds with proof; j3 exactly 10000; j4 ships on 1 March
        "shipping": Shipping(2, 1, 0, 0, 0, 0),
    },
}


def facts(row: ReportRow) -> dict[str, Any]:
    return {
        "claims": dict(row.claims),
        "handling": row.handling,
        "guidance": row.guidance_by_reason,
        "refunds": row.refunds,
        "shipping": row.shipping,
    }


@contextmanager
def statements(sessionmaker: async_sessionmaker[AsyncSession]) -> Iterator[list[str]]:
    engine = sessionmaker.kw["bind"].sync_engine
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_the_numbers_match_the_shop_counted_by_hand(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        stranger = await make_installation(session, "https://other.test/graphql/")
        await hand_counted_shop(session, installation.id)
        await stranger_shop(session, stranger.id)

    async with sessionmaker() as session:
        report = await monthly.monthly(session, installation.id, period("2026-01", "2026-02"))

    assert report.time_zone == "Europe/Berlin"
    assert [(str(r.month), r.channel, r.currency) for r in report.rows] == list(EXPECTED)
    assert {(str(r.month), r.channel, r.currency): facts(r) for r in report.rows} == EXPECTED


async def test_totals_of_a_row(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        await hand_counted_shop(session, installation.id)

    async with sessionmaker() as session:
        report = await monthly.monthly(session, installation.id, period("2026-01", "2026-01"))
    january_eu = report.rows[0]

    assert (january_eu.claims_filed, january_eu.claims_with(Out.OPEN)) == (4, 1)
    assert january_eu.guidance == GuidanceCount(shown=3, filed_after=1)
    assert january_eu.guidance.prevented == 2
    assert (january_eu.refunds.staff_count, january_eu.refunds.staff_total) == (1, 250)


async def test_one_channel(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        await hand_counted_shop(session, installation.id)

    async with sessionmaker() as session:
        report = await monthly.monthly(
            session, installation.id, period("2026-01", "2026-02"), channel="jp"
        )

    assert [(str(r.month), r.channel) for r in report.rows] == [
        ("2026-01", "jp"),
        ("2026-02", "jp"),
    ]
    assert [facts(r) for r in report.rows] == [
        EXPECTED["2026-01", "jp", "JPY"],
        EXPECTED["2026-02", "jp", "JPY"],
    ]


async def test_months_follow_the_shops_time_zone(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        shop = Records(session, installation.id)
        order = await shop.order("eu", "EUR", "10.00")
        await shop.claim(order, R.DAMAGED, ClaimStatus.OPEN, utc(1, 31, 23, 30))

    async with sessionmaker() as session:
        in_utc = await monthly.monthly(session, installation.id, period("2026-01", "2026-02"))
    async with sessionmaker.begin() as session:
        await Records(session, installation.id).settings("Asia/Tokyo")
    async with sessionmaker() as session:
        in_tokyo = await monthly.monthly(session, installation.id, period("2026-01", "2026-02"))

    assert [str(r.month) for r in in_utc.rows] == ["2026-01"]
    assert [str(r.month) for r in in_tokyo.rows] == ["2026-02"]


async def test_nothing_to_report(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)

    async with sessionmaker() as session:
        report = await monthly.monthly(session, installation.id, period("2026-01", "2026-12"))

    assert report.rows == []
    assert report.time_zone == "UTC"


async def test_the_number_of_queries_does_not_grow_with_the_records(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        small = await make_installation(session)
        large = await make_installation(session, "https://large.test/graphql/")
        shop = Records(session, small.id)
        order = await shop.order("eu", "EUR", "200.00")
        await shop.parcel(order, utc(1, 10))
        await hand_counted_shop(session, large.id)

    async with sessionmaker() as session:
        with statements(sessionmaker) as few:
            await monthly.monthly(session, small.id, period("2026-01", "2026-02"))
        with statements(sessionmaker) as many:
            report = await monthly.monthly(session, large.id, period("2026-01", "2026-02"))

    assert len(report.rows) == 5
    assert len(few) == len(many) == 5  # settings, claims, guidance, refunds, shipments
