"""The Report tab: the last three months by default, a row per month and channel, the CSV as
a download, and Foresight's refusals of a bad month range in words."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import anyio
import httpx
import pytest
from playwright.async_api import Page, expect
from sqlalchemy import select

from saleor_foresight.plugin.models import Installation
from saleor_foresight.runtime import AppState
from tests.graphql.conftest import gql
from tests.report.records import hand_counted_shop
from tests.saleor_double import SaleorDouble
from tests.web.dashboard.conftest import ON_SESSION_LOOP, Dashboard, snapshot

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]

CSV = 'query { foresightReport(since: "2026-01", until: "2026-02", channel: "eu") { csv } }'
BROWSER_ZONE = ZoneInfo("Europe/Berlin")  # the page fixture's browser time zone


async def shop_with_records(state: AppState, saleor: SaleorDouble) -> None:
    """January and February 2026 in channels eu, jp and us (``tests/report/records.py``)."""
    async with state.sessionmaker.begin() as session:
        installation_id = await session.scalar(
            select(Installation.id).where(Installation.saleor_api_url == saleor.api_url)
        )
        assert installation_id is not None
        await hand_counted_shop(session, installation_id)


def last_three_months(today: date) -> tuple[str, str]:
    year, month = divmod(today.year * 12 + today.month - 1 - 2, 12)
    return f"{year:04d}-{month + 1:02d}", f"{today.year:04d}-{today.month:02d}"


async def test_staff_read_a_channel_by_month_and_download_the_csv(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient, state: AppState
) -> None:
    # given the hand-counted shop, whose channels Saleor lists
    await shop_with_records(state, dashboard.saleor)
    for slug, currency in (("eu", "EUR"), ("jp", "JPY"), ("us", "USD")):
        dashboard.saleor.channel(slug, currency=currency)

    # when staff open the report
    frame = await dashboard.open(page, "/dashboard/app/report")

    # then it shows the last three months, this one included
    since, until = last_three_months(datetime.now(BROWSER_ZONE).date())
    await expect(frame.get_by_label("From")).to_have_value(since)
    await expect(frame.get_by_label("To (included)")).to_have_value(until)
    await expect(frame.get_by_text(f"Nothing on record from {since} to {until}.")).to_be_visible()

    # when they ask for January and February in channel eu (Enter in the last field)
    await frame.get_by_label("From").fill("2026-01")
    await frame.get_by_label("To (included)").fill("2026-02")
    await frame.get_by_label("Channel", exact=True).select_option("eu")
    await frame.get_by_role("button", name="Show").click()

    # then a row per month, counted as the report counts them
    rows = frame.locator(".report-table tbody tr")
    await expect(rows).to_have_count(2)
    january = frame.locator("tr[data-month='2026-01'][data-channel='eu']")
    cells = [
        "eu",  # channel
        "4", "1", "1", "1", "1",  # claims filed, resolved, rejected, withdrawn, open
        "3", "2",  # guidance shown, prevented a claim
        "2", "1",  # resolved in the shop, escalated
        "1", "EUR 250.00",  # refunds
        "1 of 3",  # above the threshold without proof
    ]  # fmt: skip
    await expect(january.locator("th")).to_have_text("2026-01")
    await expect(january.locator("td")).to_have_text(cells)
    await expect(frame.locator(".report-table caption")).to_contain_text("Europe/Berlin")
    await snapshot(page, "app-report")

    # when they download the CSV
    async with page.expect_download() as started:
        await frame.get_by_role("button", name="Download CSV").click()
    download = await started.value

    # then the file is the report's CSV, named after its months
    assert download.suggested_filename == "foresight-report-2026-01-2026-02.csv"
    saved = await download.path()
    expected = await gql(client, dashboard.saleor, CSV, token=dashboard.saleor.staff_token())
    body = await anyio.Path(saved).read_bytes()  # as sent: RFC 4180 lines end in CRLF
    assert body == expected.json()["data"]["foresightReport"]["csv"].encode()
    assert body.startswith(b"Month,Channel,Currency,Claims opened,Claims resolved,")


async def test_a_reversed_range_is_explained(page: Page, dashboard: Dashboard) -> None:
    # given the report
    frame = await dashboard.open(page, "/dashboard/app/report")
    await expect(frame.get_by_role("button", name="Download CSV")).to_be_enabled()

    # when staff ask for March to February
    await frame.get_by_label("From").fill("2026-03")
    await frame.get_by_label("To (included)").fill("2026-02")
    await frame.get_by_role("button", name="Show").click()

    # then Foresight's refusal is shown, and there is nothing to download
    await expect(frame.get_by_role("alert")).to_have_text(
        "until (2026-02) is before since (2026-03)."
    )
    await expect(frame.get_by_role("button", name="Download CSV")).to_be_disabled()
