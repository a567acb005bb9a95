"""The order widget on an order's page in the Dashboard."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from playwright.async_api import Page, expect

from saleor_foresight.runtime import AppState
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import deliver, photograph, ship
from tests.graphql.policies.support import current_version, published_policy
from tests.graphql.policies.test_accept_disclosures import accept
from tests.photos import pictures
from tests.web.dashboard.conftest import ON_SESSION_LOOP, Dashboard, snapshot
from tests.web.dashboard.test_app_page import file_claim

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]

WIDGET = {"width": 380, "height": 700}  # the Dashboard's column for widgets
JPEG = {"name": "parcel.jpg", "mimeType": "image/jpeg", "buffer": pictures.jpeg((320, 240))}
PROOF = """
query($orderId: ID!) { orderDispatchProof(orderId: $orderId) { fulfillments { id photos { id } } } }
"""


async def test_the_widget_shows_what_the_buyer_accepted(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient, state: AppState
) -> None:
    # given a buyer who accepted the return terms before paying, and the order it became
    saleor = dashboard.saleor
    version = current_version(await published_policy(client, saleor))
    checkout = saleor.add_checkout([(saleor.add_product(), 1)], email="ada@example.com")
    accepted = await accept(client, saleor, checkout["id"], [version["id"]])
    order = saleor.add_order(checkout=checkout)
    order["checkoutId"] = checkout["id"]
    await deliver(client, saleor, "ORDER_CREATED", order=order)
    await state.worker.run_once()
    await page.set_viewport_size(WIDGET)

    # when staff open the order
    frame = await dashboard.open(page, "/dashboard/order-widget", orderId=order["id"])

    # then the widget names the version accepted, with its hashes
    record = frame.locator(".record")
    await expect(record).to_contain_text("Return terms v1")
    await expect(record).to_contain_text("required")
    await expect(record).to_contain_text(f"sha256 {version['contentHash'][:12]}")
    await expect(record).to_contain_text(f"record {accepted['acceptance']['recordHash'][:12]}")
    await expect(frame.get_by_text("Not shipped yet.")).to_be_visible()
    await snapshot(page, "order-widget-accepted")


async def test_the_widget_shows_the_parcels_photos_and_a_missing_acceptance(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given an order shipped in a parcel with a photo, whose buyer accepted nothing
    parcel = await ship(client, dashboard.saleor, tracking_number="UPS-1Z999")
    await photograph(client, dashboard.saleor, parcel)

    # when staff open the order in the Dashboard, whose widgets start 200 px high
    await page.set_viewport_size(WIDGET)
    frame = await dashboard.open(
        page, "/dashboard/order-widget", widget=True, orderId=parcel.order_id
    )

    # then the widget says what Foresight holds
    await expect(frame.get_by_text("No acceptance recorded for this order")).to_be_visible()
    await expect(frame.get_by_text("UPS-1Z999")).to_be_visible()
    await expect(frame.locator(".photos img")).to_have_count(1)
    await expect(frame.locator("section", has_text="Claims")).to_contain_text("No claim.")
    assert "null" not in await frame.locator("body").inner_text()
    await snapshot(page, "order-widget")
    # and asks the Dashboard for its content's height (an action: with an actionId), which
    # the widget's iframe then has, beyond the 200 px it started with
    sizes = [a["payload"] for a in await dashboard.actions(page) if a["type"] == "widgetResize"]
    assert sizes and all(s["actionId"] for s in sizes)
    content = await frame.evaluate("Math.ceil(document.body.getBoundingClientRect().height)")
    assert content > 200 and sizes[-1]["height"] == content
    iframe = page.locator("#app")
    await expect(iframe).to_have_attribute("style", f"height: {content}px;")
    assert await frame.evaluate("document.documentElement.scrollHeight") <= content


async def test_a_parcel_without_a_photo_asks_for_one(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a shipped order without a photo
    parcel = await ship(client, dashboard.saleor)

    # when staff open it
    frame = await dashboard.open(page, "/dashboard/order-widget", orderId=parcel.order_id)

    # then it says so, with a button to add one right here (not a hint to look elsewhere)
    parcel_box = frame.locator(".parcel")
    await expect(parcel_box.get_by_text("No photo yet")).to_be_visible()
    await expect(parcel_box.get_by_text("Add photo", exact=True)).to_be_visible()
    await expect(frame.get_by_text("Add dispatch photos")).to_have_count(0)


async def test_add_photo_in_the_widget_takes_the_parcels_photo(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a shipped order without a photo, open in the Dashboard
    parcel = await ship(client, dashboard.saleor)
    await page.set_viewport_size(WIDGET)
    frame = await dashboard.open(
        page, "/dashboard/order-widget", widget=True, orderId=parcel.order_id
    )
    parcel_box = frame.locator(".parcel")
    await expect(parcel_box.get_by_text("No photo yet")).to_be_visible()

    # when staff press "Add photo" and take one
    async with page.expect_file_chooser() as chosen:
        await parcel_box.get_by_text("Add photo", exact=True).click()
    await (await chosen.value).set_files([JPEG])

    # then the widget shows the parcel's photo, and Foresight holds it for that parcel
    await expect(parcel_box.locator(".photos img")).to_have_count(1)
    await expect(parcel_box.get_by_text("Add another photo")).to_be_visible()
    response = await gql(
        client,
        dashboard.saleor,
        PROOF,
        {"orderId": parcel.order_id},
        token=dashboard.saleor.staff_token(),
    )
    (shipped,) = response.json()["data"]["orderDispatchProof"]["fulfillments"]
    assert shipped["id"] == parcel.fulfillment_id and len(shipped["photos"]) == 1


async def test_staff_without_manage_orders_see_a_refusal(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a staff member who may only manage checkouts
    parcel = await ship(client, dashboard.saleor)
    token = dashboard.saleor.staff_token(user_permissions=["MANAGE_CHECKOUTS"])

    # when they open the order
    frame = await dashboard.open(
        page, "/dashboard/order-widget", orderId=parcel.order_id, token=token
    )

    # then Foresight shows nothing of it, and says why
    await expect(frame.get_by_text("with the MANAGE_ORDERS permission")).to_be_visible()
    await expect(frame.locator(".photos")).to_have_count(0)


async def test_a_claim_in_the_widget_opens_on_the_apps_page(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given an order with a buyer's claim
    parcel = await ship(client, dashboard.saleor)
    claim = await file_claim(client, dashboard.saleor, parcel)
    frame = await dashboard.open(page, "/dashboard/order-widget", orderId=parcel.order_id)

    # when staff follow the claim
    await frame.get_by_role("link", name=f"Claim #{claim['number']}").click()

    # then the Dashboard is asked for its own path of the app's page on that claim
    redirects = [a["payload"] for a in await dashboard.actions(page) if a["type"] == "redirect"]
    app = quote(dashboard.saleor.app_id, safe="")
    assert redirects == [
        {"to": f"/extensions/app/{app}/claims/{claim['id']}", "newContext": False,
         "actionId": redirects[0]["actionId"]}
    ]  # fmt: skip
