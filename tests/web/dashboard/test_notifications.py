"""The Notifications tab: what the rules flagged, unread ones listed with their order, marked
read one by one (with the mouse or the keyboard) or all at once; the count in the tab."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import Parcel, ship
from tests.saleor_double import SaleorDouble
from tests.web.dashboard.conftest import ON_SESSION_LOOP, Dashboard, snapshot
from tests.web.dashboard.rules_flow import want_tracking

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]

UNREAD = "{ staffNotifications(unreadOnly: true) { unreadCount items { orderNumber } } }"


async def untracked(client: httpx.AsyncClient, saleor: SaleorDouble, *prices: str) -> list[Parcel]:
    """Valuable parcels shipped without a tracking number: one warning each."""
    await want_tracking(client, saleor)
    return [await ship(client, saleor, price=price, tracking_number="") for price in prices]


async def unread(client: httpx.AsyncClient, saleor: SaleorDouble) -> dict[str, Any]:
    response = await gql(client, saleor, UNREAD, token=saleor.staff_token())
    inbox: dict[str, Any] = response.json()["data"]["staffNotifications"]
    return inbox


async def test_a_notification_is_listed_and_goes_once_marked_read(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given two valuable parcels shipped untracked, one of them above the signature threshold
    dear, modest = await untracked(client, dashboard.saleor, "900.00", "200.00")

    # when staff open the notifications
    frame = await dashboard.open(page, "/dashboard/app/notifications")

    # then both are listed, newest first, with their order, message and flags; the tab counts
    tab = frame.get_by_role("tab", name="Notifications")
    await expect(tab.locator(".tab-count")).to_have_text("2 unread")
    rows = frame.locator(".notification-row")
    await expect(rows).to_have_count(2)
    await expect(frame.get_by_text("2 unread notifications")).to_be_visible()
    newest, oldest = rows.nth(0), rows.nth(1)
    await expect(newest.get_by_role("link")).to_have_text(f"Order #{modest.order['number']}")
    await expect(newest).to_contain_text("no tracking number")
    await expect(newest.locator(".badge")).to_have_text(["No tracking number"])
    await expect(oldest.locator(".badge")).to_have_text(
        ["No tracking number", "Signature on delivery"]
    )
    await snapshot(page, "app-notifications")

    # when they mark the newest read
    await newest.get_by_role("button", name="Mark read").click()

    # then it leaves the list and the count, here and in Foresight
    await expect(rows).to_have_count(1)
    await expect(rows.first.get_by_role("link")).to_have_text(f"Order #{dear.order['number']}")
    await expect(frame.get_by_text("1 unread notification")).to_be_visible()
    await expect(tab.locator(".tab-count")).to_have_text("1 unread")
    inbox = await unread(client, dashboard.saleor)
    assert inbox["unreadCount"] == 1
    assert [i["orderNumber"] for i in inbox["items"]] == [dear.order["number"]]

    # and the order of the other opens in the Dashboard
    await rows.first.get_by_role("link").click()
    await page.wait_for_function("window.dashboard.actions.some(a => a.type === 'redirect')")
    redirects = [a for a in await dashboard.actions(page) if a["type"] == "redirect"]
    assert redirects[-1]["payload"]["to"] == f"/orders/{dear.order_id}"


async def test_the_keyboard_alone_reaches_the_tab_and_marks_each_read(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given two warnings, and staff on the packing queue
    await untracked(client, dashboard.saleor, "900.00", "200.00")
    frame = await dashboard.open(page, "/dashboard/app/packing")
    await expect(frame.locator(".queue-row")).to_have_count(2)

    # when they move to the next tab with the arrow key and Tab into the list
    await frame.get_by_role("tab", name="Packing queue").focus()
    await page.keyboard.press("ArrowRight")
    notifications = frame.get_by_role("tab", name="Notifications")
    await expect(notifications).to_be_focused()
    await expect(notifications).to_have_attribute("aria-selected", "true")
    rows = frame.locator(".notification-row")
    await expect(rows).to_have_count(2)
    await page.keyboard.press("Tab")
    await expect(frame.get_by_role("button", name="Mark all read")).to_be_focused()
    await page.keyboard.press("Tab")
    await expect(rows.first.get_by_role("link")).to_be_focused()
    await page.keyboard.press("Tab")
    await expect(rows.first.get_by_role("button", name="Mark read")).to_be_focused()

    # and press Enter twice
    await page.keyboard.press("Enter")
    await expect(rows).to_have_count(1)
    await expect(rows.first.get_by_role("button", name="Mark read")).to_be_focused()
    await page.keyboard.press("Enter")

    # then nothing is left, focus is back on the list's heading, and the tab counts none
    await expect(frame.get_by_text("every notification is read")).to_be_visible()
    await expect(frame.get_by_role("heading", name="Unread notifications")).to_be_focused()
    await expect(notifications.locator(".tab-count")).to_be_hidden()
    assert (await unread(client, dashboard.saleor))["unreadCount"] == 0


async def test_mark_all_read(page: Page, dashboard: Dashboard, client: httpx.AsyncClient) -> None:
    # given two warnings
    await untracked(client, dashboard.saleor, "900.00", "200.00")
    frame = await dashboard.open(page, "/dashboard/app/notifications")
    await expect(frame.locator(".notification-row")).to_have_count(2)

    # when staff mark them all read
    await frame.get_by_role("button", name="Mark all read").click()

    # then none is left
    await expect(frame.get_by_text("every notification is read")).to_be_visible()
    await expect(frame.locator(".notification-row")).to_have_count(0)
    await expect(frame.get_by_role("button", name="Mark all read")).to_be_hidden()
    assert (await unread(client, dashboard.saleor))["unreadCount"] == 0


async def test_nothing_unread_says_so_once(page: Page, dashboard: Dashboard) -> None:
    # given no notification at all
    # when staff open the notifications
    frame = await dashboard.open(page, "/dashboard/app/notifications")

    # then one empty state says so, not two
    await expect(frame.get_by_text("every notification is read")).to_be_visible()
    await expect(frame.get_by_text("No unread notification")).to_have_count(0)
    await expect(frame.locator(".notice")).to_have_count(1)
