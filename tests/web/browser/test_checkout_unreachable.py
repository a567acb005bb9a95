"""The buyer can always pay: when Foresight cannot be reached the checkout element follows the
channel's fallback (release after a few seconds in the shop's words, or hold), and when the
widget's script does not load, the snippet in docs/storefront.md leaves the pay button usable."""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, Request, Route, expect

from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble
from tests.web.browser.support import checkout_page, coloured_shirt, shop_policies

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

SNIPPET_DOCS = Path(__file__).parents[3] / "docs" / "storefront.md"
SHOP_MESSAGE = "Our return terms are on the Returns page. Your order goes ahead as usual."
FALLBACK_UPDATE = """
mutation Fallback($channel: String!, $fallback: CheckoutFallbackInput!) {
  channelRulesUpdate(channel: $channel, input: {checkoutFallback: $fallback}) {
    errors { field code message }
  }
}
"""


async def set_fallback(client: httpx.AsyncClient, saleor: SaleorDouble, **fallback: Any) -> None:
    token = saleor.staff_token(user_permissions=("MANAGE_SETTINGS",))
    variables = {"channel": "default-channel", "fallback": fallback}
    response = await gql(client, saleor, FALLBACK_UPDATE, variables, token=token)
    assert response.json()["data"]["channelRulesUpdate"]["errors"] == [], response.text


async def reports_to_saleor(page: Page, saleor: SaleorDouble) -> list[dict[str, Any]]:
    """The browser's calls to the shop's Saleor, answered as Saleor would."""
    seen: list[dict[str, Any]] = []

    async def answer(route: Route, request: Request) -> None:
        seen.append(json.loads(request.post_data or "{}"))
        body = {"data": {"updateMetadata": {"errors": []}}}
        await route.fulfill(json=body, headers={"Access-Control-Allow-Origin": "*"})

    await page.route(saleor.api_url, answer)
    return seen


async def foresight_down(page: Page, live: str) -> None:
    await page.route(f"{live}/graphql/", lambda route: route.abort())


@pytest_asyncio.fixture(loop_scope="session")
async def storefront_page(browser: Browser, live: str) -> AsyncIterator[Page]:
    """A page as on a storefront whose CSP lets it talk to its Saleor (the demo pages' CSP,
    Foresight's own, allows only Foresight)."""
    context = await browser.new_context(base_url=live, locale="en-GB", bypass_csp=True)
    context.set_default_timeout(5_000)
    try:
        yield await context.new_page()
    finally:
        await context.close()


async def test_unreachable_releases_pay_after_the_default_delay_in_neutral_words(
    storefront_page: Page, client: httpx.AsyncClient, installed: SaleorDouble, live: str
) -> None:
    page = storefront_page
    # given terms that must be accepted, and a buyer whose browser never reached Foresight
    await shop_policies(client, installed)
    checkout = installed.add_checkout([(coloured_shirt(installed), 1)])
    reports = await reports_to_saleor(page, installed)
    await foresight_down(page, live)

    # when the buyer opens the checkout
    opened = time.monotonic()
    await page.goto(checkout_page(installed, checkout["id"], when_unreachable=None))
    widget = page.locator("foresight-checkout")
    pay = page.get_by_role("button", name="Pay $20.00")

    # then pay is held at first, and released after the default 4 seconds
    await expect(widget).to_have_attribute("state", "failed")
    await expect(pay).to_be_disabled()
    await expect(pay).to_be_enabled(timeout=8_000)
    assert time.monotonic() - opened >= 3.5
    await expect(pay).not_to_have_attribute("aria-disabled", "true")
    await expect(widget).to_have_attribute("state", "released")
    # with the neutral wording, which never names Foresight
    neutral = widget.get_by_role("paragraph").filter(has_text="could not be shown right now")
    await expect(neutral).to_be_visible()
    await expect(widget.get_by_role("status")).to_contain_text("could not be shown right now")
    shown = await widget.evaluate("element => element.shadowRoot.textContent")
    assert "Foresight" not in shown
    # and the buyer can pay
    await pay.click()
    await expect(page.get_by_text("Demo: the payment would start now.")).to_be_visible()
    # and the checkout carries the report, for the order to be flagged
    (report,) = reports
    assert report["variables"]["id"] == checkout["id"]
    assert json.loads(report["variables"]["value"])["during"] == "load"
    assert "foresight.unreachable" in report["query"]
    released = [
        e for e in await page.evaluate("window.demo.events") if e["type"] == "foresight:released"
    ]
    assert [e["detail"] for e in released] == [
        {"reason": "UNREACHABLE", "checkoutId": checkout["id"]}
    ]


async def test_the_shops_message_and_delay_hold_when_foresight_goes_down_later(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble, live: str
) -> None:
    # given the shop's own words and a 2 s wait, seen by the buyer on a visit Foresight answered
    # (the page holds on that first visit, see checkout_page)
    await set_fallback(client, installed, whenUnreachable="RELEASE", releaseAfterSeconds=2,
                       message=SHOP_MESSAGE)  # fmt: skip
    await shop_policies(client, installed)
    checkout = installed.add_checkout([(coloured_shirt(installed), 1)])
    await reports_to_saleor(page, installed)
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")
    pay = page.get_by_role("button", name="Pay $20.00")
    first_answer = widget.get_by_role("heading", name="Before you pay")
    await expect(first_answer).to_be_visible(timeout=15_000)  # a cold first answer is slow
    await expect(pay).to_be_disabled()

    # when Foresight cannot be reached on the next visit
    await foresight_down(page, live)
    await page.reload()

    # then what Foresight said wins over the page's hold attribute: pay is released after the
    # wait, with the shop's message
    await expect(widget).to_have_attribute("state", "failed")
    await expect(pay).to_be_disabled()
    await expect(pay).to_be_enabled(timeout=5_000)
    await expect(widget.get_by_role("paragraph").filter(has_text=SHOP_MESSAGE)).to_be_visible()
    shown = await widget.evaluate("element => element.shadowRoot.textContent")
    assert "Foresight" not in shown


async def test_hold_keeps_pay_disabled_while_foresight_cannot_be_reached(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble, live: str
) -> None:
    # given a channel that holds, seen by the buyer on a visit Foresight answered
    await set_fallback(client, installed, whenUnreachable="HOLD", releaseAfterSeconds=1)
    await shop_policies(client, installed)
    checkout = installed.add_checkout([(coloured_shirt(installed), 1)])
    reports = await reports_to_saleor(page, installed)
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")
    first_answer = widget.get_by_role("heading", name="Before you pay")
    await expect(first_answer).to_be_visible(timeout=15_000)  # a cold first answer is slow

    # when Foresight cannot be reached on the next visit, to a page without the attribute
    await foresight_down(page, live)
    await page.goto(checkout_page(installed, checkout["id"], when_unreachable=None))
    await expect(widget).to_have_attribute("state", "failed")
    await page.wait_for_timeout(2_500)  # past the 1 s a release would have waited

    # then pay stays held, and nothing was reported to Saleor
    pay = page.get_by_role("button", name="Pay $20.00")
    await expect(pay).to_be_disabled()
    await expect(pay).to_have_attribute("aria-disabled", "true")
    await expect(widget).to_have_attribute("state", "failed")
    assert reports == []


def documented_snippet() -> str:
    text = SNIPPET_DOCS.read_text(encoding="utf-8")
    found = re.search(r"<!-- the fallback snippet.*?-->\n```html\n(?P<html>.*?)```", text, re.S)
    assert found is not None, "docs/storefront.md lost its fallback snippet"
    return found["html"]


async def test_the_documented_snippet_leaves_pay_usable_when_the_script_fails_to_load(
    page: Page,
) -> None:
    # given a storefront page built from the documented snippet, whose widget script fails
    html = "<!doctype html><html lang='en'><body>" + documented_snippet() + "</body></html>"
    await page.route("https://shop.example.com/checkout", lambda route: route.fulfill(
        body=html, content_type="text/html"))  # fmt: skip
    await page.route("https://foresight.example.com/**", lambda route: route.abort())

    # when the buyer opens the page
    opened = time.monotonic()
    await page.goto("https://shop.example.com/checkout")
    pay = page.get_by_role("button", name="Pay")

    # then pay is held from the first paint, and usable once the snippet's 4 s are over
    await expect(pay).to_be_disabled()
    await expect(pay).to_be_enabled(timeout=8_000)
    assert time.monotonic() - opened >= 3.5
    assert await pay.get_attribute("data-foresight-held") is None
    assert await page.evaluate("customElements.get('foresight-checkout')") is None
