"""Foresight's frames in one Dashboard, against the Dashboard double: the photo popup gets no
``tokenRefresh`` from the Dashboard, so it keeps working on the token the Dashboard refreshed in
the order widget beside it; and the widget shows the photos the popup added, without a reload."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, Request, Response, expect

from tests.graphql.dispatch.flow import ship
from tests.photos import pictures
from tests.web.dashboard.conftest import ON_SESSION_LOOP, Dashboard

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]

VIEWER = "query { viewer { kind } }"
JPEG = {"name": "parcel.jpg", "mimeType": "image/jpeg", "buffer": pictures.jpeg((320, 240))}


def graphql_requests(page: Page) -> list[Request]:
    sent: list[Request] = []
    page.on("request", lambda r: sent.append(r) if r.url.endswith("/graphql/") else None)
    return sent


def graphql_answers(page: Page) -> list[Response]:
    answered: list[Response] = []
    page.on("response", lambda r: answered.append(r) if r.url.endswith("/graphql/") else None)
    return answered


async def bearer(request: Request) -> str:
    return (await request.all_headers())["authorization"].removeprefix("Bearer ")


async def tokens_by_status(answered: list[Response]) -> dict[int, set[str]]:
    """Which tokens Foresight answered with which status."""
    seen: dict[int, set[str]] = {}
    for response in answered:
        seen.setdefault(response.status, set()).add(await bearer(response.request))
    return seen


async def refused(client: httpx.AsyncClient, dashboard: Dashboard, token: str) -> bool:
    response = await client.post(
        "/graphql/",
        json={"query": VIEWER},
        headers={"Authorization": f"Bearer {token}", "Saleor-Api-Url": dashboard.saleor.api_url},
    )
    return response.status_code == 401


def forged(token: str) -> str:
    """The same claims under a signature that does not verify (a rotated key, say)."""
    head, claims, signature = token.split(".")
    return ".".join((head, claims, signature[::-1]))


async def test_a_popup_past_its_tokens_lifetime_works_on_the_widgets_refreshed_token(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given the widget and the popup on an order's page, both handed tokens that have expired
    # (Foresight refuses them), and a Dashboard that refreshes the widget's token only
    parcel = await ship(client, dashboard.saleor, tracking_number="EXP-1")
    widget_token = dashboard.saleor.staff_token(ttl=-60)
    popup_token = dashboard.saleor.staff_token(ttl=-60)
    assert await refused(client, dashboard, popup_token)
    answered = graphql_answers(page)
    widget = await dashboard.open(
        page, "/dashboard/order-widget", widget=True, token=widget_token,
        popup="/dashboard/dispatch-popup", popup_token=popup_token, orderId=parcel.order_id,
    )  # fmt: skip
    popup = await dashboard.popup_frame(page)
    await expect(popup.get_by_role("status")).to_contain_text("Loading")

    # when the Dashboard refreshes the widget's token
    fresh = dashboard.saleor.staff_token()
    await page.evaluate("(token) => window.dashboard.refresh(token)", fresh)

    # then the popup works on it: it lists the parcel and adds a photo
    await expect(popup.get_by_text("Parcel 1 · EXP-1 · 0 photos")).to_be_visible()
    await popup.locator("input[type=file]:not([capture])").set_input_files([JPEG])
    await expect(popup.get_by_text("1 photo added.")).to_be_visible()
    await expect(widget.locator(".photos img")).to_have_count(1)
    # and Foresight refused only the expired tokens, and answered everything else on the fresh
    # one, which reached the popup from the widget (the Dashboard refreshes no popup's token)
    assert await tokens_by_status(answered) == {401: {widget_token, popup_token}, 200: {fresh}}
    assert not any(a["type"] == "tokenRefresh" for a in await dashboard.actions(page, popup=True))


async def test_a_popup_whose_token_foresight_refuses_retries_with_the_widgets(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a popup whose token Foresight refuses though it has not expired, beside a widget
    # holding a good one
    parcel = await ship(client, dashboard.saleor, tracking_number="REF-1")
    good = dashboard.saleor.staff_token()
    bad = forged(dashboard.saleor.staff_token())
    assert await refused(client, dashboard, bad)
    sent = graphql_requests(page)

    # when staff open the popup
    await dashboard.open(
        page, "/dashboard/order-widget", widget=True, token=good,
        popup="/dashboard/dispatch-popup", popup_token=bad, orderId=parcel.order_id,
    )  # fmt: skip
    popup = await dashboard.popup_frame(page)

    # then its refused request is sent again with the widget's token, and it works
    await expect(popup.get_by_text("Parcel 1 · REF-1 · 0 photos")).to_be_visible()
    tokens = [await bearer(r) for r in sent]
    assert bad in tokens and tokens[-1] == good


async def test_a_token_offered_from_another_origin_is_ignored(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a popup whose token has expired, alone on the page (no widget holds a fresh one)
    parcel = await ship(client, dashboard.saleor)
    expired = dashboard.saleor.staff_token(ttl=-60)
    sent = graphql_requests(page)
    async with page.expect_response(lambda r: r.url.endswith("/graphql/") and r.status == 401):
        frame = await dashboard.open(page, "/dashboard/dispatch-popup", token=expired,
                                     orderId=parcel.order_id)  # fmt: skip

    # when a frame of the Dashboard's origin offers a token as Foresight's frames do
    offer = {"type": "foresight:token", "payload": {"token": dashboard.saleor.staff_token()}}
    await page.evaluate("(message) => window.dashboard.fromStranger(message)", offer)
    await page.evaluate("window.dashboard.theme('dark')")
    await expect(frame.locator("html")).to_have_attribute("data-theme", "dark")

    # then the popup did not take it: it still waits, having tried only its own, refused token
    await expect(frame.get_by_role("status")).to_contain_text("Loading")
    assert [await bearer(r) for r in sent] == [expired]


async def test_the_widget_shows_the_photos_the_popup_added_without_a_reload(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given an order's page with the widget and the popup open, the parcel without a photo
    parcel = await ship(client, dashboard.saleor, tracking_number="WID-1")
    widget = await dashboard.open(
        page, "/dashboard/order-widget", widget=True,
        popup="/dashboard/dispatch-popup", orderId=parcel.order_id,
    )  # fmt: skip
    await expect(widget.get_by_text("No photo yet")).to_be_visible()
    popup = await dashboard.popup_frame(page)
    navigations: list[str] = []
    page.on("framenavigated", lambda f: navigations.append(f.url))

    # when staff add a photo in the popup
    await popup.locator("input[type=file]:not([capture])").set_input_files([JPEG])
    await expect(popup.get_by_text("1 photo added.")).to_be_visible()

    # then the widget shows it, and neither frame was reloaded
    await expect(widget.locator(".photos img")).to_have_count(1)
    await expect(widget.get_by_text("No photo yet")).to_have_count(0)
    assert navigations == []
