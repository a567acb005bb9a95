"""The packing queue as the channel's rules rank and flag it: riskiest first, each parcel with
its order total, what the rules flag, a signature when needed, and whether a photo exists."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.graphql.dispatch.flow import deliver, photograph, ship
from tests.web.dashboard.conftest import ON_SESSION_LOOP, Dashboard, snapshot
from tests.web.dashboard.rules_flow import ship_to_a_changed_address, want_tracking

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]


async def test_the_queue_ranks_and_flags_the_parcels_in_words(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a shop that wants parcels above 100 USD tracked, and a signature above 750:
    # a 900 USD parcel photographed but shipped untracked, a tracked 300 USD parcel sent to
    # another address than ordered, and a tracked 50 USD parcel, neither photographed
    saleor = dashboard.saleor
    await want_tracking(client, saleor)
    dear = await ship(client, saleor, price="900.00", tracking_number="")
    await photograph(client, saleor, dear)
    moved = await ship_to_a_changed_address(client, saleor, price="300.00", tracking_number="UPS-9")
    cheap = await ship(client, saleor, price="50.00", tracking_number="GLS-1")

    # when staff open the packing queue
    frame = await dashboard.open(page, "/dashboard/app/packing")

    # then the ranking is explained, and the parcels come riskiest first: 900 x 1 missing
    # proof, 300 x 1, 50 x 1
    await expect(frame.get_by_text("Riskiest first: the order's total times")).to_be_visible()
    rows = frame.locator(".queue-row")
    await expect(rows).to_have_count(3)
    numbers = [dear.order["number"], moved.order["number"], cheap.order["number"]]
    assert [await row.get_attribute("data-order") for row in await rows.all()] == numbers
    first, second, third = rows.nth(0), rows.nth(1), rows.nth(2)
    # each flag in words, not colour alone
    await expect(first.locator(".queue-rank")).to_have_text("Risk rank #1")
    await expect(first).to_contain_text("USD 900.00")
    await expect(first.locator(".badge")).to_have_text(
        ["No tracking number", "Signature on delivery", "Photo on record"]
    )
    await expect(first.get_by_text("Add photo")).to_be_visible()
    await expect(second.locator(".badge")).to_have_text(
        ["Address changed since the order", "No photo yet"]
    )
    await expect(second).to_contain_text("USD 300.00")
    await expect(third.locator(".badge")).to_have_text(["No photo yet"])
    await expect(third.locator(".queue-rank")).to_have_text("Risk rank #3")
    await snapshot(page, "app-packing-ranked")

    # and the order opens in the Dashboard
    await first.get_by_role("link", name=f"Order #{dear.order['number']}").click()
    await page.wait_for_function("window.dashboard.actions.some(a => a.type === 'redirect')")
    redirects = [a for a in await dashboard.actions(page) if a["type"] == "redirect"]
    assert redirects[-1]["payload"]["to"] == f"/orders/{dear.order_id}"


async def test_staff_choose_a_channel_from_the_shops_channels(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given parcels waiting in a dollar channel and in a euro one
    saleor = dashboard.saleor
    saleor.channel("europe", currency="EUR")
    dollars = await ship(client, saleor, price="900.00")
    euros = await ship(client, saleor, channel="europe", price="20.00")
    frame = await dashboard.open(page, "/dashboard/app/packing")
    rows = frame.locator(".queue-row")
    await expect(rows).to_have_count(2)

    # when staff choose the euro channel from the list (its currency named beside it)
    picker = frame.get_by_label("Channel", exact=True)
    await expect(picker.locator("option")).to_have_text(
        ["All channels", "Default Channel · USD", "Europe · EUR"]
    )
    await picker.select_option("europe")

    # then only its parcels are ranked; and all of them again for all channels
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_have_attribute("data-order", euros.order["number"])
    await picker.select_option("")
    await expect(rows).to_have_count(2)
    await expect(rows.first).to_have_attribute("data-order", dollars.order["number"])


async def test_an_order_to_pack_is_in_the_queue_before_its_parcel_leaves(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given an order paid and not shipped yet, worth more than a parcel shipped without a photo
    saleor = dashboard.saleor
    shipped = await ship(client, saleor, price="50.00")
    order = saleor.add_order([(saleor.add_product(price="400.00"), 1)])
    await deliver(client, saleor, "ORDER_CREATED", order=order)

    # when staff open the packing queue
    frame = await dashboard.open(page, "/dashboard/app/packing")

    # then the order to pack comes first, by risk, saying what to do before it leaves
    rows = frame.locator(".queue-row")
    await expect(rows).to_have_count(2)
    first = rows.nth(0)
    await expect(first).to_have_attribute("data-order", order["number"])
    await expect(first).to_have_attribute("data-stage", "to-pack")
    await expect(first.locator(".badge")).to_have_text(["To pack"])
    await expect(first).to_contain_text("USD 400.00")
    await expect(first).to_contain_text("before it leaves")
    await expect(first.locator("input[type=file]")).to_have_count(0)  # no parcel to attach to
    await expect(rows.nth(1)).to_have_attribute("data-order", shipped.order["number"])
    await expect(rows.nth(1).get_by_text("Take photo")).to_be_visible()
