"""<foresight-order>'s claim flow where buyers stumbled: an order that has not shipped (one
notice and a request to cancel, not seven closed reasons), the report form on a 390 px phone,
and answers that cannot be taken back asking once more in place."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.graphql.claims.flow import EMAIL, call, file_claim, shipped_order, staff_token
from tests.graphql.dispatch.flow import deliver
from tests.saleor_double import SaleorDouble
from tests.web.browser.support import order_page

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

CLAIMS = (
    "query Queue { claims { edges { node { number reason status lines { name quantity } } } } }"
)


async def test_before_anything_shipped_the_buyer_may_ask_the_shop_to_cancel(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a guest's order of two shirts that has not shipped yet
    order = installed.add_order([(installed.add_product(), 2)], email=EMAIL)
    await deliver(client, installed, "ORDER_CREATED", order=order)

    # when she opens the order page
    await page.goto(order_page(installed, order["id"], email=EMAIL))
    shown = page.locator("foresight-order")

    # then one notice says nothing has shipped, with a way to ask for a cancellation
    notice = shown.locator("[part=nothing-shipped]")
    await expect(notice.get_by_text("Nothing has shipped yet")).to_be_visible()
    await expect(shown.get_by_text("Closed", exact=True)).to_have_count(0)

    # and the report form does not list the reasons that wait for a parcel
    await shown.get_by_role("button", name="Report a problem").click()
    form = shown.get_by_role("form", name="Report a problem")
    await form.get_by_role("checkbox", name="Linen shirt (M)").check()
    await form.get_by_role("button", name="Continue").click()
    await expect(form.get_by_role("radio")).to_have_count(1)
    await expect(form.get_by_role("radio", name="Something else Open")).to_be_visible()

    # when she asks for the cancellation, with a word for the shop
    await notice.get_by_role("button", name="Request cancellation").click()
    await notice.get_by_label("Anything the shop should know? (optional)").fill("Ordered twice.")
    await notice.get_by_role("button", name="Send the request").click()

    # then she sees it sent, where she is, and the request is not offered again
    sent = shown.get_by_text("Your cancellation request was sent as claim #1.")
    await expect(sent).to_be_focused()
    await expect(shown.get_by_role("heading", name="Claim #1 · Cancel the order")).to_be_visible()
    await expect(shown.get_by_role("button", name="Request cancellation")).to_have_count(0)

    # and staff find a cancellation claim for both shirts, with her words
    queue = await call(client, installed, CLAIMS, {}, token=staff_token(installed))
    (claim,) = [edge["node"] for edge in queue["edges"]]
    assert claim == {"number": 1, "reason": "CANCELLATION", "status": "OPEN",
                     "lines": [{"name": "Linen shirt (M)", "quantity": 2}]}  # fmt: skip


async def test_the_report_form_fits_a_phone_at_every_step(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a shipped order, on a 390 px phone
    order = await shipped_order(client, installed)
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto(order_page(installed, order["id"], email=EMAIL))
    shown = page.locator("foresight-order")
    await shown.get_by_role("button", name="Report a problem").click()
    form = shown.get_by_role("form", name="Report a problem")

    # then no step is wider than the phone
    for step in ("Which items are affected?", "What is wrong?", "Tell the shop more"):
        await expect(form.get_by_text(step)).to_be_visible()
        assert await page.evaluate("document.documentElement.scrollWidth") <= 390, step
        if step == "Which items are affected?":
            await form.get_by_role("checkbox", name="Linen shirt (M)").check()
        if step == "What is wrong?":
            await form.get_by_role("radio", name="Arrived damaged Open").check()
        if step != "Tell the shop more":
            await form.get_by_role("button", name="Continue").click()


async def test_withdrawing_a_claim_asks_once_more_in_place(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a buyer's open claim
    order = await shipped_order(client, installed)
    await file_claim(client, installed, order)
    await page.goto(order_page(installed, order["id"], email=EMAIL))
    shown = page.locator("foresight-order")

    # when she chooses to withdraw it, she is asked in the page, not by a browser dialog
    await shown.get_by_role("button", name="Withdraw the claim").click()
    yes = shown.get_by_role("button", name="Yes, withdraw it")
    await expect(yes).to_be_focused()
    await expect(shown.get_by_text("Withdraw this claim?")).to_be_visible()
    await yes.click()

    # then the claim is withdrawn, said in the claim
    await expect(shown.get_by_text("Your claim was withdrawn.")).to_be_focused()
    await expect(shown.get_by_text("Withdrawn", exact=True)).to_be_visible()
