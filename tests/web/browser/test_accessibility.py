"""Every state of the storefront widget a buyer meets, checked by axe-core at 1280 px and 390 px
(no critical, serious or moderate violation) and kept as screenshots
(``tests/web/accessibility.py``)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.graphql.claims.flow import EMAIL, call, file_claim, shipped_order, staff_token
from tests.graphql.dispatch.flow import Parcel, deliver, photograph
from tests.saleor_double import SaleorDouble
from tests.web.accessibility import check_page
from tests.web.browser.support import (
    COLOUR_WARNING,
    RETURN_TERMS,
    checkout_page,
    coloured_shirt,
    order_page,
    shop_policies,
)

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

WITHDRAW = """
mutation Withdraw($id: ID!, $email: String) {
  claimWithdraw(id: $id, email: $email) { errors { code message } }
}
"""
OFFER = """
mutation Offer($id: ID!) {
  claimOffer(id: $id, input: {kind: PARTIAL_REFUND, amount: "7.50"}, message: "Half back?") {
    errors { code message }
  }
}
"""


async def test_every_checkout_state_is_accessible(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble, artifacts_dir: Path
) -> None:
    await shop_policies(client, installed)
    checkout = installed.add_checkout([(coloured_shirt(installed), 1)])
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")
    accept = widget.get_by_role("button", name="Accept and continue")
    await expect(accept).to_be_visible()
    await check_page(page, "checkout-open", artifacts_dir)

    await widget.get_by_role("checkbox", name=RETURN_TERMS).check()
    await accept.click()
    await expect(widget.get_by_role("alert")).to_contain_text("not ticked")
    await check_page(page, "checkout-missing-tick", artifacts_dir)

    await widget.get_by_role("checkbox", name=COLOUR_WARNING).check()
    await accept.click()
    await expect(widget.get_by_text("You can now pay.")).to_be_visible()
    await check_page(page, "checkout-accepted", artifacts_dir)


async def test_every_order_page_state_is_accessible(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble, artifacts_dir: Path
) -> None:
    # nothing shipped yet
    waiting = installed.add_order([(installed.add_product(), 2)], email=EMAIL)
    await deliver(client, installed, "ORDER_CREATED", order=waiting)
    await page.goto(order_page(installed, waiting["id"], email=EMAIL))
    shown = page.locator("foresight-order")
    await expect(shown.get_by_text("Nothing has shipped yet")).to_be_visible()
    await check_page(page, "order-not-shipped", artifacts_dir)

    # shipped and photographed, with the report form at each step
    order = await shipped_order(client, installed)
    await photograph(client, installed, Parcel(order, order["fulfillments"][0]))
    await page.goto(order_page(installed, order["id"], email=EMAIL))
    await expect(shown.get_by_role("img", name="Parcel 1, photo 1")).to_be_visible()
    await check_page(page, "order-shipped", artifacts_dir)
    await shown.get_by_role("button", name="Report a problem").click()
    form = shown.get_by_role("form", name="Report a problem")
    await form.get_by_role("button", name="Continue").click()
    await expect(form.locator("[part=claim-error]")).to_be_visible()
    await check_page(page, "order-report-items", artifacts_dir)
    await form.get_by_role("checkbox", name="Linen shirt (M)").check()
    await form.get_by_role("button", name="Continue").click()
    await form.get_by_role("radio", name="Arrived damaged Open").check()
    await check_page(page, "order-report-reason", artifacts_dir)
    await form.get_by_role("button", name="Continue").click()
    await expect(form.get_by_label("Describe the problem")).to_be_visible()
    await check_page(page, "order-report-details", artifacts_dir)

    # a claim with an offer of money, and the question before accepting it
    claim = (await file_claim(client, installed, order))["claim"]
    offered = await call(
        client, installed, OFFER, {"id": claim["id"]}, token=staff_token(installed)
    )
    assert offered["errors"] == [], offered
    await page.goto(order_page(installed, order["id"], email=EMAIL))
    await expect(shown.get_by_role("button", name="Accept the offer")).to_be_visible()
    await check_page(page, "order-claim-offer", artifacts_dir)
    await shown.get_by_role("button", name="Accept the offer").click()
    await expect(shown.get_by_role("button", name="Yes, accept")).to_be_focused()
    await check_page(page, "order-claim-offer-confirm", artifacts_dir)


async def test_the_failed_and_released_checkout_and_closed_claims_are_accessible(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble, live: str, artifacts_dir: Path
) -> None:
    # a checkout whose Foresight cannot be reached: first failed, then released to pay
    await shop_policies(client, installed)
    checkout = installed.add_checkout([(coloured_shirt(installed), 1)])
    await page.route(f"{live}/graphql/", lambda route: route.abort())
    await page.goto(checkout_page(installed, checkout["id"], when_unreachable=None))
    widget = page.locator("foresight-checkout")
    await expect(widget).to_have_attribute("state", "failed")
    await check_page(page, "checkout-failed", artifacts_dir)
    await expect(widget).to_have_attribute("state", "released", timeout=8_000)
    await check_page(page, "checkout-released", artifacts_dir)
    await page.unroute(f"{live}/graphql/")

    # a withdrawn claim, and a resolved one (the offer accepted and carried out)
    order = await shipped_order(client, installed)
    claim = (await file_claim(client, installed, order))["claim"]
    withdrawn = await call(client, installed, WITHDRAW, {"id": claim["id"], "email": EMAIL})
    assert withdrawn["errors"] == [], withdrawn
    await page.goto(order_page(installed, order["id"], email=EMAIL))
    shown = page.locator("foresight-order")
    await expect(shown.get_by_text("Withdrawn", exact=True)).to_be_visible()
    await check_page(page, "order-claim-withdrawn", artifacts_dir)

    claim = (await file_claim(client, installed, order))["claim"]
    staff = staff_token(installed)
    offered = await call(client, installed, OFFER, {"id": claim["id"]}, token=staff)
    assert offered["errors"] == [], offered
    await page.goto(order_page(installed, order["id"], email=EMAIL))
    await shown.get_by_role("button", name="Accept the offer").click()
    await shown.get_by_role("button", name="Yes, accept").click()
    await expect(shown.get_by_text("You accepted the offer.")).to_be_visible()
    await check_page(page, "order-claim-accepted", artifacts_dir)
