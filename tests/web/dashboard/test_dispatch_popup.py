"""The "Add dispatch photos" popup, as staff use it from an order's ⋯ menu."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.graphql.dispatch.flow import ship
from tests.photos import pictures
from tests.saleor_double import global_id
from tests.web.dashboard.conftest import ON_SESSION_LOOP, PHONE, Dashboard, snapshot

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]


async def test_staff_photograph_a_parcel_and_see_it_listed(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a shipped order, and staff on a phone
    parcel = await ship(client, dashboard.saleor, tracking_number="DHL-123")
    await page.set_viewport_size(PHONE)

    # when they open the popup and take a photo
    frame = await dashboard.open(page, "/dashboard/dispatch-popup", orderId=parcel.order_id)
    await expect(frame.get_by_text("Parcel 1 · DHL-123 · 0 photos")).to_be_visible()
    await expect(frame.get_by_text("No photo of this parcel yet.")).to_be_visible()
    await snapshot(page, "dispatch-popup-empty")
    camera = frame.locator("input[type=file][capture=environment]")
    assert await camera.get_attribute("accept") == "image/*"
    assert await camera.get_attribute("multiple") is not None
    photo = pictures.jpeg((640, 480), exif=pictures.camera_exif())
    await camera.set_input_files(
        [{"name": "parcel.jpg", "mimeType": "image/jpeg", "buffer": photo}]
    )

    # then the upload runs to the end and the photo is listed
    upload = frame.locator(".upload")
    await expect(upload.locator(".upload-status")).to_have_text("Added")
    await expect(frame.locator(".photos img")).to_have_count(1)
    await expect(frame.get_by_text("1 photo added.")).to_be_visible()
    await snapshot(page, "dispatch-popup-done")
    notification = [a for a in await dashboard.actions(page) if a["type"] == "notification"]
    assert notification[0]["payload"]["status"] == "success"
    assert notification[0]["payload"]["text"] == "1 photo added."


async def test_each_file_fails_or_succeeds_on_its_own(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a shipped order
    parcel = await ship(client, dashboard.saleor)
    frame = await dashboard.open(page, "/dashboard/dispatch-popup", orderId=parcel.order_id)

    # when staff choose a photo, a text file posing as a photo, and a PDF
    await frame.locator("input[type=file]:not([capture])").set_input_files(
        [
            {"name": "good.png", "mimeType": "image/png", "buffer": pictures.png((80, 60))},
            {"name": "fake.jpg", "mimeType": "image/jpeg", "buffer": b"not a picture at all"},
            {"name": "label.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"},
        ]
    )

    # then each row tells its own outcome
    rows = frame.locator(".upload")
    await expect(rows.nth(0)).to_have_attribute("data-state", "done")
    await expect(rows.nth(1)).to_have_attribute("data-state", "failed")
    await expect(rows.nth(2)).to_have_attribute("data-state", "failed")
    await expect(rows.nth(2).locator(".upload-status")).to_contain_text("JPEG, PNG, WebP or HEIC")
    await expect(frame.locator(".photos img")).to_have_count(1)
    await expect(frame.get_by_text("1 photo added. 2 failed.")).to_be_visible()
    await snapshot(page, "dispatch-popup-errors")


async def test_an_order_without_a_parcel_says_so(page: Page, dashboard: Dashboard) -> None:
    # given an order placed before the install, which Foresight has not heard of
    order = dashboard.saleor.add_order([(dashboard.saleor.add_product(), 1)])

    # when staff open the popup on it
    frame = await dashboard.open(page, "/dashboard/dispatch-popup", orderId=order["id"])

    # then Foresight read it from Saleor, and says it has no parcel yet
    await expect(frame.get_by_text("This order has no shipped parcel yet")).to_be_visible()
    await expect(frame.get_by_text(f"order #{order['number']}")).to_be_visible()


async def test_an_order_saleor_does_not_know_says_so(page: Page, dashboard: Dashboard) -> None:
    made_up = global_id("Order", "5d1f6c2a-0000-4000-8000-000000000000")

    frame = await dashboard.open(page, "/dashboard/dispatch-popup", orderId=made_up)

    await expect(frame.get_by_text("Neither Foresight nor Saleor knows this order")).to_be_visible()
