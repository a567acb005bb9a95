"""app-bridge as the pages speak it: the handshake, where messages may come from, token
refreshes, the theme, and a page opened outside the Dashboard."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.async_api import Page, Request, expect

from tests.web.dashboard.conftest import ON_SESSION_LOOP, Dashboard, snapshot

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]

OTHER_APP = "QXBwOjI="


def graphql_requests(page: Page) -> list[Request]:
    sent: list[Request] = []
    page.on("request", lambda r: sent.append(r) if r.url.endswith("/graphql/") else None)
    return sent


async def test_the_page_announces_itself_and_uses_the_dashboards_token(
    page: Page, dashboard: Dashboard
) -> None:
    # given
    sent = graphql_requests(page)
    token = dashboard.saleor.staff_token()

    # when the Dashboard frames the app page
    frame = await dashboard.open(page, "/dashboard/app/packing", token=token)
    await expect(frame.get_by_text("Every shipped parcel has a photo.")).to_be_visible()

    # then the page told the Dashboard it was ready, to the Dashboard's origin only
    ready = [a for a in await dashboard.actions(page) if a["type"] == "notifyReady"]
    assert len(ready) == 1 and ready[0]["payload"]["actionId"]
    # and every request names the Saleor and carries the Dashboard's token
    assert sent
    for request in sent:
        headers = await request.all_headers()
        assert headers["saleor-api-url"] == dashboard.saleor.api_url
        assert headers["authorization"] == f"Bearer {token}"
        assert urlsplit(request.url).netloc == urlsplit(dashboard.foresight).netloc


async def test_a_handshake_from_another_frame_is_ignored(page: Page, dashboard: Dashboard) -> None:
    # given the app page, waiting for the Dashboard's handshake
    sent = graphql_requests(page)
    frame = await dashboard.open(page, "/dashboard/app/packing", handshake=False)
    token = dashboard.saleor.staff_token()
    handshake = {"type": "handshake", "payload": {"token": token, "version": 1}}

    # when a frame of the Dashboard's own origin, but not the Dashboard, sends one
    await page.evaluate("(message) => window.dashboard.fromStranger(message)", handshake)
    await page.evaluate("window.dashboard.theme('dark')")
    await expect(frame.locator("html")).to_have_attribute("data-theme", "dark")

    # then the page did not take its token
    assert sent == []
    await expect(frame.get_by_role("status")).to_contain_text("Loading")

    # while the Dashboard's own handshake is taken
    await page.evaluate("(message) => window.dashboard.send(message)", handshake)
    await expect(frame.get_by_text("Every shipped parcel has a photo.")).to_be_visible()


async def test_an_expired_token_waits_for_the_dashboards_refresh(
    page: Page, dashboard: Dashboard
) -> None:
    # given a page handed a token that has expired
    expired = dashboard.saleor.staff_token(ttl=-60)
    frame = await dashboard.open(page, "/dashboard/app/packing", token=expired)
    await expect(frame.get_by_role("status")).to_contain_text("Loading")

    # when the Dashboard refreshes it
    fresh = dashboard.saleor.staff_token()
    await page.evaluate("(token) => window.dashboard.refresh(token)", fresh)

    # then the page carries on with the fresh one
    await expect(frame.get_by_text("Every shipped parcel has a photo.")).to_be_visible()


async def test_a_refused_token_is_retried_once_with_the_next_one(
    page: Page, dashboard: Dashboard
) -> None:
    # given a page handed a token Foresight refuses (issued for another app)
    refused = dashboard.saleor.staff_token(app_id=OTHER_APP)
    async with page.expect_response(lambda r: r.url.endswith("/graphql/") and r.status == 401):
        frame = await dashboard.open(page, "/dashboard/app/packing", token=refused)

    # when the Dashboard hands over the next token
    await page.evaluate(
        "(token) => window.dashboard.refresh(token)", dashboard.saleor.staff_token()
    )

    # then the request is sent again with it, and the page works
    await expect(frame.get_by_text("Every shipped parcel has a photo.")).to_be_visible()


async def test_the_theme_follows_the_dashboard(page: Page, dashboard: Dashboard) -> None:
    # given the app page opened in the dark theme
    token = dashboard.saleor.staff_token(user_permissions=["MANAGE_ORDERS", "MANAGE_SETTINGS"])
    frame = await dashboard.open(page, "/dashboard/app/policies", theme="dark", token=token)
    await expect(frame.locator("html")).to_have_attribute("data-theme", "dark")
    await expect(frame.get_by_label("Name (staff only)")).to_be_visible()
    await snapshot(page, "app-dark")

    # when the Dashboard switches to light
    await page.evaluate("window.dashboard.theme('light')")

    # then so does the page
    await expect(frame.locator("html")).to_have_attribute("data-theme", "light")


async def test_a_page_opened_outside_the_dashboard_says_where_it_belongs(
    page: Page, dashboard: Dashboard
) -> None:
    # when someone opens a page directly
    await page.goto(dashboard.frame_src("/dashboard/app/packing"))

    # then it explains, and asks for nothing
    await expect(page.get_by_text("This page works inside the Saleor Dashboard")).to_be_visible()
