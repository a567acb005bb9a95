"""The app's page (NAVIGATION_ORDERS): tabs, the packing queue, and claims."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import pytest
from playwright.async_api import Page, expect

from saleor_foresight.orders import backfill
from saleor_foresight.plugin import installations
from saleor_foresight.runtime import AppState
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import Parcel, photograph, ship
from tests.photos import pictures
from tests.saleor_double import SaleorDouble
from tests.web.dashboard.conftest import ON_SESSION_LOOP, PHONE, Dashboard, snapshot

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]

CLAIM_CREATE = """
mutation File($input: ClaimCreateInput!) {
  claimCreate(input: $input) { claim { id number status } errors { field code message } }
}
"""


async def file_claim(
    client: httpx.AsyncClient, saleor: SaleorDouble, parcel: Parcel
) -> dict[str, Any]:
    """The buyer (a guest with the order's email) says the parcel came damaged."""
    line = parcel.order["lines"][0]
    response = await gql(client, saleor, CLAIM_CREATE, {"input": {
        "orderId": parcel.order_id, "email": parcel.order["userEmail"], "reason": "DAMAGED",
        "lines": [{"orderLineId": line["id"], "quantity": 1}], "wishedResolution": "REFUND",
        "message": "The box was crushed and the lamp inside is broken.", "confirmEarly": True,
    }})  # fmt: skip
    payload = response.json()["data"]["claimCreate"]
    assert payload["errors"] == [], payload
    claim: dict[str, Any] = payload["claim"]
    return claim


async def test_the_packing_queue_lists_a_parcel_without_a_photo(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given one parcel without a photo and one with
    waiting = await ship(client, dashboard.saleor, tracking_number="GLS-WAITING")
    done = await ship(client, dashboard.saleor, tracking_number="GLS-DONE")
    await photograph(client, dashboard.saleor, done)

    # when staff open the packing queue
    frame = await dashboard.open(page, "/dashboard/app/packing")

    # then only the parcel without a photo is listed
    rows = frame.locator(".queue-row")
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text(f"Order #{waiting.order['number']}")
    await expect(rows.first).to_contain_text("GLS-WAITING")
    await expect(frame.get_by_role("tab", name="Packing queue")).to_have_attribute(
        "aria-selected", "true"
    )
    await snapshot(page, "app-packing")


async def test_a_photo_taken_from_the_queue_settles_the_parcel(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a parcel waiting for its photo, and staff at the packing table with a phone
    await ship(client, dashboard.saleor)
    await page.set_viewport_size(PHONE)
    frame = await dashboard.open(page, "/dashboard/app/packing")
    row = frame.locator(".queue-row")

    # when they photograph it from the queue
    await row.locator("input[type=file]").set_input_files(
        [{"name": "box.jpg", "mimeType": "image/jpeg", "buffer": pictures.jpeg((320, 240))}]
    )

    # then the row says so, and the queue is empty next time
    await expect(row).to_have_attribute("data-done", "true")
    await expect(row).to_contain_text("photo added")
    await snapshot(page, "app-packing-phone")
    frame = await dashboard.open(page, "/dashboard/app/packing")
    await expect(frame.get_by_text("Every shipped parcel has a photo.")).to_be_visible()


async def test_tabs_keep_their_route_in_the_dashboard(page: Page, dashboard: Dashboard) -> None:
    # given the app page on its default tab
    frame = await dashboard.open(page, "/dashboard/app")
    await expect(frame.get_by_role("tab", name="Claims")).to_have_attribute("aria-selected", "true")

    # when staff switch to the packing queue
    await frame.get_by_role("tab", name="Packing queue").click()

    # then the frame's path and the Dashboard's route follow
    await expect(frame.get_by_role("tab", name="Packing queue")).to_have_attribute(
        "aria-selected", "true"
    )
    assert "/dashboard/app/packing?" in frame.url and "saleorApiUrl=" in frame.url
    routes = [a for a in await dashboard.actions(page) if a["type"] == "updateRouting"]
    assert routes[-1]["payload"]["newRoute"] == "/packing"

    # and when the Dashboard names another of the app's routes, by its own whole path
    path = f"/extensions/app/{quote(dashboard.saleor.app_id, safe='')}/policies"
    await page.evaluate(
        "(path) => window.dashboard.send({type: 'redirect', payload: {path}})", path
    )
    await expect(frame.get_by_role("tab", name="Policies")).to_have_attribute(
        "aria-selected", "true"
    )


async def test_staff_answer_a_claim_from_the_inbox(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a buyer's claim about a damaged parcel that has a dispatch photo
    parcel = await ship(client, dashboard.saleor, tracking_number="DPD-777")
    await photograph(client, dashboard.saleor, parcel)
    claim = await file_claim(client, dashboard.saleor, parcel)

    # when staff open the inbox, then the claim
    frame = await dashboard.open(page, "/dashboard/app/claims")
    row = frame.locator(f".claim-row[data-claim='{claim['number']}']")
    await expect(row).to_contain_text("Damaged")
    await snapshot(page, "app-claims")
    await row.get_by_role("button").click()

    # then they see the buyer's message and what the shop knows
    await expect(frame.get_by_text("The box was crushed")).to_be_visible()
    await expect(frame.locator(".evidence")).to_contain_text("DPD-777")
    await expect(frame.locator(".evidence .photos img")).to_have_count(1)

    # when they reply
    await frame.get_by_role("button", name="Reply").click()
    await frame.get_by_label("Message").fill("Sorry! Could you send a photo of the lamp?")
    await frame.locator("form.composer").get_by_role("button", name="Reply").click()

    # then the reply is in the thread
    await expect(frame.get_by_text("Your reply was sent to the buyer.")).to_be_visible()
    await expect(frame.get_by_text("Could you send a photo of the lamp?")).to_be_visible()
    await snapshot(page, "app-claim-detail")
    # and the claim has its own address in the Dashboard, which opens it again
    routes = [a for a in await dashboard.actions(page) if a["type"] == "updateRouting"]
    assert routes[-1]["payload"]["newRoute"] == f"/claims/{claim['id']}"
    frame = await dashboard.open(page, f"/dashboard/app/claims/{claim['id']}")
    await expect(frame.get_by_role("heading", name=f"Claim #{claim['number']}")).to_be_visible()


async def test_the_page_follows_the_dashboards_locale(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given the packing queue, shown before the Dashboard named a locale (none in the URL)
    await ship(client, dashboard.saleor, tracking_number="LOC-1")
    frame = await dashboard.open(page, "/dashboard/app/packing")
    row = frame.locator(".queue-row")
    await expect(row).to_contain_text("shipped this minute")

    # when the Dashboard says the staff member's locale is German
    await page.evaluate("window.dashboard.locale('de')")

    # then the page is in German, and what it shows is written the German way
    await expect(frame.locator("html")).to_have_attribute("lang", "de")
    await expect(row).to_contain_text("shipped in dieser Minute")
    await expect(frame.get_by_role("tab", name="Packing queue")).to_have_attribute(
        "aria-selected", "true"
    )


async def test_the_page_says_how_bringing_in_the_older_orders_stands(
    page: Page, dashboard: Dashboard, state: AppState
) -> None:
    # given a backfill under way, which failed its last page
    async with state.sessionmaker.begin() as session:
        installation = await installations.get_active(session, dashboard.saleor.api_url)
        row = await backfill.schedule(session, installation.id, 90)
        assert row is not None
        row.orders, row.pages, row.last_error = 120, 3, "SaleorUnavailable: HTTP 503"

    # when staff open the app's page
    frame = await dashboard.open(page, "/dashboard/app/claims")

    # then its header says so, in words
    status = frame.locator("#backfill")
    await expect(status).to_have_attribute("data-status", "RUNNING")
    await expect(status).to_contain_text("120 orders so far")
    await expect(status).to_contain_text("Retrying after: SaleorUnavailable: HTTP 503")
