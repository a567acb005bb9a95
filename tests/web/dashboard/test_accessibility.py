"""Every Dashboard page and tab staff meet, framed as the Dashboard frames it, checked by
axe-core at 1280 px and 390 px (no critical, serious or moderate violation) and kept as
screenshots (``tests/web/accessibility.py``)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.graphql.dispatch.flow import Parcel, photograph, ship
from tests.web.accessibility import check_page
from tests.web.dashboard.conftest import ON_SESSION_LOOP, Dashboard
from tests.web.dashboard.test_app_page import file_claim

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]

TABS = ["claims", "packing", "notifications", "report", "policies", "rules"]


async def test_every_tab_of_the_app_page_is_accessible(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient, artifacts_dir: Path
) -> None:
    # given a parcel with a claim, so the lists have something to show
    parcel = await ship(client, dashboard.saleor)
    await file_claim(client, dashboard.saleor, parcel)
    token = dashboard.saleor.staff_token(user_permissions=["MANAGE_ORDERS", "MANAGE_SETTINGS"])

    for tab in TABS:
        frame = await dashboard.open(page, f"/dashboard/app/{tab}", token=token)
        await expect(frame.locator(".loading")).to_have_count(0)
        await check_page(page, f"dashboard-{tab}", artifacts_dir, frame=frame)


async def test_the_claim_page_the_order_widget_and_the_popup_are_accessible(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient, artifacts_dir: Path
) -> None:
    parcel = await ship(client, dashboard.saleor)
    await photograph(client, dashboard.saleor, Parcel(parcel.order, parcel.fulfillment))
    claim = await file_claim(client, dashboard.saleor, parcel)

    frame = await dashboard.open(page, f"/dashboard/app/claims/{claim['id']}")
    await expect(frame.get_by_text("The box was crushed")).to_be_visible()
    await check_page(page, "dashboard-claim", artifacts_dir, frame=frame)

    frame = await dashboard.open(
        page, "/dashboard/order-widget", widget=True, orderId=parcel.order_id
    )
    await expect(frame.locator(".loading")).to_have_count(0)
    await check_page(page, "dashboard-order-widget", artifacts_dir, frame=frame)

    frame = await dashboard.open(page, "/dashboard/dispatch-popup", orderId=parcel.order_id)
    await expect(frame.locator(".loading")).to_have_count(0)
    await check_page(page, "dashboard-dispatch-popup", artifacts_dir, frame=frame)


async def test_the_claim_pages_offer_composer_is_accessible(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient, artifacts_dir: Path
) -> None:
    parcel = await ship(client, dashboard.saleor)
    claim = await file_claim(client, dashboard.saleor, parcel)
    frame = await dashboard.open(page, f"/dashboard/app/claims/{claim['id']}")
    decide = frame.get_by_role("group", name="Decide")
    await decide.get_by_role("button", name="Offer a resolution").click()
    await expect(frame.locator("form.composer")).to_be_visible()
    await check_page(page, "dashboard-claim-offer-composer", artifacts_dir, frame=frame)
