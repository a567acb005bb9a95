"""<foresight-order> as a buyer reads it first: the order's number and items, then shipping —
the tracking number as a link to the carrier, the day the parcel is expected — and the terms
last, without the record hashes that belong in the evidence pack."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.graphql.claims.flow import EMAIL, file_claim, shipped_order
from tests.graphql.claims.test_instant_refund import LONG_AGO, set_instant_refund_below
from tests.graphql.dispatch.flow import deliver
from tests.saleor_double import SaleorDouble
from tests.web.browser.support import order_page

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

TIMES = "\N{MULTIPLICATION SIGN}"


async def test_the_order_page_shows_the_order_then_its_parcel_with_the_carriers_link(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given an order of a red scarf and two shirts, sent by "DHL Paket" (at most 3 business
    # days) on Friday 27 November 2026, and a claim whose answer is due
    scarf = installed.add_product("Silk scarf", variant_name="Red")
    shirt = installed.add_product("Linen shirt", variant_name="Linen shirt")
    order = installed.add_order(
        [(scarf, 1), (shirt, 2)], email=EMAIL, delivery_days=(1, 3), shipping_method="DHL Paket"
    )
    fulfillment = installed.add_fulfillment(order, tracking_number="00340434161094042557")
    fulfillment["created"] = "2026-11-27T15:00:00+00:00"
    await deliver(client, installed, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment)
    await file_claim(client, installed, order)

    # when the buyer opens the order page
    await page.goto(order_page(installed, order["id"], email=EMAIL))
    shown = page.locator("foresight-order")

    # then the order comes first, its items named once each
    first = shown.get_by_role("heading", name=f"Order #{order['number']}")
    await expect(first).to_be_visible()
    summary = shown.locator("[part~=order]")
    await expect(summary.get_by_text(f"1 {TIMES} Silk scarf (Red)")).to_be_visible()
    await expect(summary.get_by_text(f"2 {TIMES} Linen shirt", exact=True)).to_be_visible()
    await expect(summary.get_by_text("DHL Paket")).to_be_visible()

    # and its parcel links to DHL, and is expected by Wednesday 2 December (not the 3rd: the
    # expected day is the shop's last day, whatever the buyer's zone)
    link = shown.get_by_role("link", name="00340434161094042557 (track with DHL)")
    await expect(link).to_have_attribute(
        "href", "https://www.dhl.com/global-en/home/tracking.html?tracking-id=00340434161094042557"
    )
    await expect(link).to_have_attribute("target", "_blank")
    parcel = shown.locator("[part=parcel]")
    await expect(parcel.get_by_text("2 Dec 2026")).to_be_visible()

    # and shipping comes before the claims, the claims before the terms
    headings = await shown.get_by_role("heading", level=2).all_inner_texts()
    assert headings == [f"Order #{order['number']}", "Problems with this order",
                        "Terms you accepted"]  # fmt: skip

    # and the claim says the day the shop answers by, not a midnight that means the day before
    due = shown.locator("[part=claim] dt:has-text('The shop answers by') + dd")
    await expect(due).to_have_text(re.compile(r"^\d{1,2} \w{3} \d{4}$"))


async def test_a_german_page_reads_the_shops_guidance_in_german_with_german_days(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a shipped order, opened on a German page
    order = await shipped_order(client, installed, created="2026-11-27T15:00:00+00:00")
    await page.goto(order_page(installed, order["id"], email=EMAIL, lang="de"))
    shown = page.locator("foresight-order")

    # when the buyer opens the report and goes to the reasons
    await shown.get_by_role("button", name="Ein Problem melden").click()
    form = shown.get_by_role("form", name="Ein Problem melden")
    await form.get_by_role("checkbox").first.check()
    await form.get_by_role("button", name="Weiter").click()

    # then the shop's guidance is German, its days written the German way
    await expect(form.get_by_text("Sagen Sie uns, was beschädigt ist")).to_be_visible()
    await expect(
        form.get_by_text("Ihr Paket wurde am 27.11.2026 mit der Sendungsnummer")
    ).to_be_visible()
    await expect(form.get_by_text("Tell us")).to_have_count(0)


async def test_foresights_own_message_in_a_claim_reads_in_the_buyers_language(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a small order long undelivered, refunded at once by the channel's rule
    order = await shipped_order(client, installed, created=LONG_AGO)
    await set_instant_refund_below(client, installed, "100")
    await file_claim(client, installed, order, reason="NOT_RECEIVED", quantity=2)

    # when the buyer reads the claim on a German page
    await page.goto(order_page(installed, order["id"], email=EMAIL, lang="de"))
    shown = page.locator("foresight-order")

    # then the automatic offer's message is German, and the offer asks before accepting
    await expect(shown.get_by_text("Der Shop erstattet dies sofort")).to_be_visible()
    await expect(shown.get_by_text("The shop refunds this straight away")).to_have_count(0)
    await shown.get_by_role("button", name="Angebot annehmen").click()
    await expect(shown.get_by_role("button", name="Ja, annehmen")).to_be_focused()
