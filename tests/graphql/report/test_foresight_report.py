"""foresightReport: staff (MANAGE_ORDERS) read what Foresight did, by month and channel,
as rows and as CSV. The numbers themselves are counted by hand in tests/report."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from saleor_foresight.plugin.models import Installation
from saleor_foresight.runtime import AppState
from tests.graphql.claims.flow import call, staff_token
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import statements
from tests.report.records import hand_counted_shop
from tests.saleor_double import SaleorDouble

REPORT = """
query Report($since: String!, $until: String!, $channel: String) {
  foresightReport(since: $since, until: $until, channel: $channel) {
    since until channel timeZone
    rows {
      month channel currency
      claims { filed resolved rejected withdrawn open byReason { reason outcome count } }
      guidance { shown filedAfter prevented byReason { reason shown filedAfter prevented } }
      handling { resolvedInShop escalated rejected open }
      refunds { currency count total automaticCount automaticTotal staffCount staffTotal }
      shipping {
        ordersShipped ordersAboveThreshold withoutTracking withoutPhoto withoutProof
        aboveSignatureWithoutProof
      }
    }
    csv
  }
}
"""
MONTHS = {"since": "2026-01", "until": "2026-02"}


async def shop_of(state: AppState, saleor: SaleorDouble) -> None:
    async with state.sessionmaker.begin() as session:
        installation_id = await session.scalar(
            select(Installation.id).where(Installation.saleor_api_url == saleor.api_url)
        )
        assert installation_id is not None
        await hand_counted_shop(session, installation_id)


async def test_staff_read_the_rows_and_the_csv(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    await shop_of(state, installed)

    report = await call(client, installed, REPORT, MONTHS, token=staff_token(installed))

    assert (report["since"], report["until"], report["channel"]) == ("2026-01", "2026-02", None)
    assert report["timeZone"] == "Europe/Berlin"
    assert [(r["month"], r["channel"], r["currency"]) for r in report["rows"]] == [
        ("2026-01", "eu", "EUR"),
        ("2026-01", "jp", "JPY"),
        ("2026-01", "us", "USD"),
        ("2026-02", "eu", "EUR"),
        ("2026-02", "jp", "JPY"),
    ]
    january_eu = report["rows"][0]
    assert january_eu["claims"] == {
        "filed": 4, "resolved": 1, "rejected": 1, "withdrawn": 1, "open": 1,
        "byReason": [
            {"reason": "NOT_RECEIVED", "outcome": "OPEN", "count": 1},
            {"reason": "DAMAGED", "outcome": "RESOLVED", "count": 1},
            {"reason": "DAMAGED", "outcome": "WITHDRAWN", "count": 1},
            {"reason": "COLOUR_DIFFERENT", "outcome": "REJECTED", "count": 1},
        ],
    }  # fmt: skip
    assert january_eu["guidance"] == {
        "shown": 3, "filedAfter": 1, "prevented": 2,
        "byReason": [
            {"reason": "NOT_RECEIVED", "shown": 1, "filedAfter": 0, "prevented": 1},
            {"reason": "DAMAGED", "shown": 1, "filedAfter": 1, "prevented": 0},
            {"reason": "COLOUR_DIFFERENT", "shown": 1, "filedAfter": 0, "prevented": 1},
        ],
    }  # fmt: skip
    assert january_eu["handling"] == {
        "resolvedInShop": 2, "escalated": 1, "rejected": 1, "open": 0,
    }  # fmt: skip
    assert january_eu["shipping"] == {
        "ordersShipped": 4, "ordersAboveThreshold": 3, "withoutTracking": 1, "withoutPhoto": 0,
        "withoutProof": 1, "aboveSignatureWithoutProof": 1,
    }  # fmt: skip
    assert [r["refunds"] for r in report["rows"]] == [
        refunds("EUR", 1, "250", 0, "0", 1, "250"),
        refunds("JPY", 1, "20000", 1, "20000", 0, "0"),
        refunds("USD", 0, "0", 0, "0", 0, "0"),
        refunds("EUR", 2, "50.5", 0, "0", 2, "50.5"),
        refunds("JPY", 0, "0", 0, "0", 0, "0"),
    ]
    lines = list(csv.DictReader(io.StringIO(report["csv"])))
    assert [(line["Month"], line["Channel"]) for line in lines] == [
        (r["month"], r["channel"]) for r in report["rows"]
    ]
    assert lines[0]["Damaged: claims withdrawn"] == "1"
    assert lines[3]["Refunded"] == "50.5"
    assert lines[3]["Above the tracking threshold: no dispatch photo"] == "1"


def refunds(
    currency: str, count: int, total: str, auto: int, auto_total: str, staff: int, staff_total: str
) -> dict[str, Any]:
    return {
        "currency": currency, "count": count, "total": total, "automaticCount": auto,
        "automaticTotal": auto_total, "staffCount": staff, "staffTotal": staff_total,
    }  # fmt: skip


async def test_one_channel(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    await shop_of(state, installed)

    report = await call(client, installed, REPORT, {**MONTHS, "channel": "jp"},
                        token=staff_token(installed))  # fmt: skip

    assert report["channel"] == "jp"
    assert [(r["month"], r["channel"]) for r in report["rows"]] == [
        ("2026-01", "jp"),
        ("2026-02", "jp"),
    ]


@pytest.mark.parametrize(
    "token",
    [
        lambda saleor: saleor.staff_token(user_permissions=("MANAGE_SETTINGS",)),
        lambda saleor: saleor.customer_token(),
        lambda saleor: None,
    ],
    ids=["staff-without-manage-orders", "buyer", "guest"],
)
async def test_only_staff_with_manage_orders_read_it(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState, token: Any
) -> None:
    await shop_of(state, installed)

    response = await gql(client, installed, REPORT, MONTHS, token=token(installed))

    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


@pytest.mark.parametrize(
    ("since", "until", "code"),
    [
        ("2026-1", "2026-02", "INVALID_MONTH"),
        ("2026-01", "2026-13", "INVALID_MONTH"),
        ("2026-03", "2026-02", "RANGE_REVERSED"),
        ("2023-01", "2026-01", "RANGE_TOO_LONG"),
    ],
)
async def test_bad_months_are_refused(
    client: httpx.AsyncClient, installed: SaleorDouble, since: str, until: str, code: str
) -> None:
    response = await gql(client, installed, REPORT, {"since": since, "until": until},
                         token=staff_token(installed))  # fmt: skip

    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == code
    assert body["errors"][0]["message"]


async def test_the_number_of_queries_does_not_grow_with_the_records(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    async def count_queries() -> tuple[int, int]:
        with statements(state.engine) as sent:
            report = await call(client, installed, REPORT, MONTHS, token=staff_token(installed))
        return len(report["rows"]), len(sent)

    empty = await count_queries()
    await shop_of(state, installed)
    full = await count_queries()

    assert (empty[0], full[0]) == (0, 5)
    assert empty[1] == full[1]
