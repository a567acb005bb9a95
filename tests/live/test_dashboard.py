"""Foresight inside the real Saleor Dashboard (the kit's 3.23.27), where staff meet it: the order
widget sized to its content, the photo popup on a token the Dashboard refreshed in the widget,
the app's page and its routes in the Dashboard's address, and the Dashboard's language."""

from __future__ import annotations

import base64
import json
import re
import time
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import FilePayload, FrameLocator, Locator, Page, Request, expect

from tests.live.conftest import Installed
from tests.live.kit import Kit
from tests.live.shop import (
    ask_foresight,
    checkout,
    dashboard_token,
    eventually,
    fulfil,
    pay_and_complete,
)
from tests.photos import pictures

pytestmark = [pytest.mark.real_saleor, pytest.mark.browser]

WIDGET = "iframe[data-test-id=app-frame][src*='/dashboard/order-widget']"
POPUP = "iframe[data-test-id=app-frame][src*='/dashboard/dispatch-popup']"
APP_PAGE = "iframe[data-test-id=app-frame][src*='/dashboard/app']"
DEFAULT_HEIGHT = 200  # the Dashboard's height for a widget that never asked for another
WIDGET_TOKEN = """
query { appExtensions(first: 20, filter: {mountName: ["ORDER_DETAILS_WIDGETS"]}) {
  edges { node { accessToken app { id } } } } }
"""
PARCELS = "query($id: ID!) { orderDispatchProof(orderId: $id) { fulfillments { id } } }"
JPEG = FilePayload(name="parcel.jpg", mimeType="image/jpeg", buffer=pictures.jpeg((640, 480)))


def shipped_order(kit: Kit, installed: Installed, tracking: str) -> dict[str, Any]:
    """A storefront order, paid through Dummy Pay and shipped with ``tracking``, once Foresight
    holds its parcel (Saleor's deliveries and Foresight's jobs take a moment)."""
    order = pay_and_complete(kit, checkout(kit, f"{tracking.lower()}@example.com"))
    fulfil(kit, order, tracking=tracking)
    staff = dashboard_token(kit, installed.app_id)

    def held() -> bool | None:
        answer = ask_foresight(installed.served.url, kit, PARCELS, {"id": order["id"]}, staff)
        proof = (answer.json().get("data") or {}).get("orderDispatchProof") or {}
        return True if proof.get("fulfillments") else None

    eventually(held, "the parcel in Foresight")
    return order


def sign_in(page: Page, kit: Kit) -> None:
    page.goto(kit.dashboard_url)
    page.locator("[data-test-id=email]").fill(kit.staff_email)
    page.locator("[data-test-id=password]").fill(kit.staff_password)
    page.locator("[data-test-id=submit]").click()
    expect(page.locator("[data-test-id=userMenu]")).to_be_visible()


def dashboard(kit: Kit, path: str) -> str:
    return f"{kit.dashboard_url.rstrip('/')}{path}"


def app_path(installed: Installed, route: str = "") -> str:
    """The Dashboard's path of Foresight's page (the app's ID as the Dashboard encodes it)."""
    return f"/extensions/app/{quote(installed.app_id, safe='')}{route}"


def open_order(page: Page, kit: Kit, order: dict[str, Any], tracking: str) -> FrameLocator:
    page.goto(dashboard(kit, f"/orders/{order['id']}"))
    widget = page.frame_locator(WIDGET)
    expect(widget.get_by_text(tracking)).to_be_visible()
    return widget


def claims(token: str) -> dict[str, Any]:
    part = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


def bearer(request: Request) -> str:
    return request.all_headers().get("authorization", "").removeprefix("Bearer ")


def test_the_order_widget_grows_to_fit_its_content(
    kit: Kit, installed: Installed, staff_page: Page
) -> None:
    # given a shipped order, and staff signed in to the Dashboard
    order = shipped_order(kit, installed, "LIVE-WIDGET-1")
    sign_in(staff_page, kit)

    # when they open the order
    widget = open_order(staff_page, kit, order, "LIVE-WIDGET-1")
    expect(widget.locator("section", has_text="Claims")).to_contain_text("No claim.")

    # then the widget's iframe is as high as its content, beyond the Dashboard's 200 px,
    # so nothing of it sits behind a scroll inside the iframe
    iframe = staff_page.locator(WIDGET)
    body = widget.locator("body")

    def fitted() -> tuple[float, float] | None:
        height = iframe.evaluate("e => e.getBoundingClientRect().height")
        content = body.evaluate("b => Math.ceil(b.getBoundingClientRect().height)")
        return (height, content) if height == content else None

    height, content = eventually(fitted, "the widget's iframe fitted to its content")
    assert height > DEFAULT_HEIGHT, (height, content)
    assert body.evaluate("() => document.documentElement.scrollHeight") <= height
    print(f"widget iframe height in the real Dashboard: {height} px (content {content} px)")


def test_a_photo_added_in_the_popup_shows_in_the_widget_on_the_widgets_fresh_token(
    kit: Kit, installed: Installed, staff_page: Page
) -> None:
    # given a shipped order without a photo, open in the Dashboard
    order = shipped_order(kit, installed, "LIVE-POPUP-1")
    page = staff_page
    sign_in(page, kit)
    widget = open_order(page, kit, order, "LIVE-POPUP-1")
    expect(widget.get_by_text("No photo yet")).to_be_visible()
    sent: list[Request] = []
    page.on("request", lambda r: sent.append(r) if r.url.endswith("/graphql/") else None)
    reloads: list[str] = []
    page.on("framenavigated", lambda f: reloads.append(f.url) if "/order-widget" in f.url else None)

    # when staff open ⋯ → Add dispatch photos
    page.get_by_title("More actions").click()
    page.get_by_role("menuitem", name="Add dispatch photos").click()
    popup = page.frame_locator(POPUP)
    expect(popup.get_by_text("Parcel 1 · LIVE-POPUP-1 · 0 photos")).to_be_visible()
    popup_token = next(bearer(r) for r in sent if "/dispatch-popup" in (r.frame.url or ""))

    # and the Dashboard hands the widget a fresh token (tokenRefresh, as before the widget's
    # token expires; the Dashboard never sends one to a popup), issued after the popup's
    def fresher() -> str | None:
        for edge in kit.gql(WIDGET_TOKEN)["appExtensions"]["edges"]:
            node = edge["node"]
            if node["app"]["id"] == installed.app_id:
                token = str(node["accessToken"])
                return token if claims(token)["exp"] > claims(popup_token)["exp"] else None
        return None

    fresh = eventually(fresher, "a token that expires after the popup's")
    page.locator(WIDGET).evaluate(
        "(iframe, [token, origin]) => iframe.contentWindow.postMessage("
        "{type: 'tokenRefresh', payload: {token}}, origin)",
        [fresh, installed.served.url],
    )

    # and staff add a photo
    sent.clear()
    popup.locator("input[type=file]:not([capture])").set_input_files([JPEG])

    # then the popup added it, on the widget's fresh token
    expect(popup.get_by_text("1 photo added.")).to_be_visible()
    from_popup = [r for r in sent if "/dispatch-popup" in (r.frame.url or "")]
    assert from_popup and {bearer(r) for r in from_popup} == {fresh}
    # and the widget shows it, without a reload
    expect(widget.locator(".photos img")).to_have_count(1)
    expect(widget.get_by_text("No photo yet")).to_have_count(0)
    assert reloads == []


def test_the_apps_page_keeps_its_route_in_the_dashboards_address(
    kit: Kit, installed: Installed, staff_page: Page
) -> None:
    # given staff signed in
    page = staff_page
    sign_in(page, kit)

    # when they open Orders → Claims and packing (the navigation under Fulfillment)
    page.goto(dashboard(kit, "/orders"))
    page.get_by_role("link", name="Claims and packing").click()

    # then the Dashboard's address is the app's claims route, and the page shows the claims
    expect(page).to_have_url(re.compile(re.escape(dashboard(kit, app_path(installed, "/claims")))))
    app = page.frame_locator(APP_PAGE)
    expect(app.get_by_role("tab", name="Claims")).to_have_attribute("aria-selected", "true")

    # when they switch to the packing queue
    app.get_by_role("tab", name="Packing queue").click()

    # then the address follows, and a reload comes back to that tab
    expect(page).to_have_url(re.compile(re.escape(dashboard(kit, app_path(installed, "/packing")))))
    page.reload()
    app = page.frame_locator(APP_PAGE)
    expect(app.get_by_role("tab", name="Packing queue")).to_have_attribute("aria-selected", "true")
    expect(app.locator(".tab-body")).not_to_contain_text("Loading")


def test_the_apps_page_follows_the_dashboards_language(
    kit: Kit, installed: Installed, staff_page: Page
) -> None:
    # given a shipped order waiting for its photo in the packing queue (behind the shop's older
    # parcels the backfill brought in, perhaps), and staff who chose German in the Dashboard
    # (which keeps the choice in the browser, as its settings do)
    shipped_order(kit, installed, "LIVE-LOCALE-1")
    page = staff_page
    sign_in(page, kit)
    page.evaluate("localStorage.setItem('locale', 'de')")

    # when they open the packing queue
    started = time.monotonic()
    page.goto(dashboard(kit, app_path(installed, "/packing")))

    # then the page is in the Dashboard's language (told by localeChanged: no ?locale= in its
    # address), and writes amounts the German way
    app = page.frame_locator(APP_PAGE)
    expect(app.locator("html")).to_have_attribute("lang", "de")
    assert "locale=" not in (page.locator(APP_PAGE).get_attribute("src") or "")
    row: Locator = app.locator(".queue-row").first
    expect(row).to_contain_text(re.compile(r"\d,\d\d\s[A-Z]{3}"))  # e.g. 1.837,45 PLN
    assert time.monotonic() - started < 60
