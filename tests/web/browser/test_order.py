"""<foresight-order> for a shipped order: staff photograph the parcel through the API (as the
Dashboard's dispatch pages do) and the signed-in buyer sees the photo with its tracking number;
a stranger's email finds nothing."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.graphql.dispatch.flow import photograph, ship
from tests.saleor_double import SaleorDouble
from tests.web.browser.support import BUYER, order_page

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


def unsigned(url: str) -> tuple[str, list[tuple[str, str]]]:
    """A download link without its expiry and signature: which object it names."""
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("expires", "signature")]
    return parts.path, kept


async def test_staff_photograph_a_parcel_and_the_buyer_sees_it(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a buyer's order shipped with a tracking number, and staff's photo of the parcel
    parcel = await ship(client, installed, user_id=BUYER, tracking_number="1Z999AA10123456784")
    photo = await photograph(client, installed, parcel)

    # when the buyer, signed in, opens the order page
    token = installed.customer_token(user_id=BUYER)
    await page.goto(order_page(installed, parcel.order_id, token=token))

    # then the parcel shows with its tracking number, and the photo loads from its link
    shown = page.locator("foresight-order")
    await expect(shown.get_by_role("heading", name="Parcel 1")).to_be_visible()
    await expect(shown.get_by_text("1Z999AA10123456784")).to_be_visible()
    image = shown.get_by_role("img", name="Parcel 1, photo 1")
    await expect(image).to_be_visible()
    await expect(image).to_have_js_property("complete", True)
    assert await image.evaluate("img => img.naturalWidth") > 0
    link = shown.get_by_role("link", name="Parcel 1, photo 1 (opens in a new tab)")
    href = await link.get_attribute("href")  # a link signed afresh, to the same buyer copy
    assert href is not None and unsigned(href) == unsigned(photo["url"])
    await expect(shown.get_by_text("Taken 20 Nov 2026")).to_be_visible()  # the camera's clock
    await expect(shown.get_by_text("No terms were accepted for this order.")).to_be_visible()


async def test_a_guest_with_the_wrong_email_is_told_nothing_was_found(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a shipped order placed with ada@example.com
    parcel = await ship(client, installed, email="ada@example.com")

    # when someone opens its page with another email
    await page.goto(order_page(installed, parcel.order_id, email="eve@example.com"))

    # then the element says it found nothing, and shows nothing of the order
    shown = page.locator("foresight-order")
    await expect(shown.get_by_role("alert")).to_have_text(
        "We could not find this order. Please check the link and the email address."
    )
    await expect(shown).to_have_attribute("state", "not-found")
    await expect(shown.get_by_role("heading")).to_have_count(0)


async def test_a_token_given_after_the_element_loaded_shows_the_buyers_order(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a buyer's shipped order, and the page open before the storefront's auth answered
    parcel = await ship(client, installed, user_id=BUYER)
    await page.goto(order_page(installed, parcel.order_id))
    shown = page.locator("foresight-order")
    await expect(shown).to_have_attribute("state", "not-found")

    # when the storefront hands the element its token callback (as a React effect does)
    token = installed.customer_token(user_id=BUYER)
    await shown.evaluate("(element, token) => { element.getToken = async () => token; }", token)

    # then the element loads again as the buyer
    await expect(shown.get_by_role("heading", name="Parcel 1")).to_be_visible()
    await expect(shown.get_by_role("alert")).to_have_text("")
