"""<foresight-checkout> in a storefront page, as a buyer uses it: the disclosures that apply,
a pay button held until every required box is ticked and accepted, the keyboard alone, errors
said aloud, a cart that changes under the buyer, and the page in German."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.async_api import Page, expect

from saleor_foresight.runtime import AppState
from tests.saleor_double import SaleorDouble
from tests.web.browser.support import (
    BUYER,
    COLOUR_WARNING,
    RETURN_TERMS,
    checkout_page,
    coloured_shirt,
    order_page,
    place_order,
    shop_policies,
)

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


async def events(page: Page, kind: str) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = await page.evaluate("window.demo.events")
    return [event["detail"] for event in seen if event["type"] == kind]


async def test_the_buyer_accepts_both_disclosures_and_the_order_shows_them(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given two policies that apply to a signed-in buyer's checkout
    returns, colour = await shop_policies(client, installed)
    checkout = installed.add_checkout(
        [(coloured_shirt(installed), 1)], email="ada@example.com", user_id=BUYER
    )
    token = installed.customer_token(user_id=BUYER, email="ada@example.com")

    # when the buyer opens the checkout (the storefront hands the token through getToken)
    await page.goto(checkout_page(installed, checkout["id"], token=token))

    # then both disclosures show with their text and a labelled checkbox, and pay is held
    widget = page.locator("foresight-checkout")
    pay = page.get_by_role("button", name="Pay $20.00")
    await expect(widget.get_by_role("heading", name="Before you pay")).to_be_visible()
    await expect(widget.get_by_role("heading", name="Return terms")).to_be_visible()
    await expect(widget.get_by_role("heading", name="Colours may differ")).to_be_visible()
    await expect(widget.get_by_text("may look darker")).to_be_visible()
    returns_box = widget.get_by_role("checkbox", name=RETURN_TERMS)
    colour_box = widget.get_by_role("checkbox", name=COLOUR_WARNING)
    await expect(pay).to_be_disabled()
    await expect(pay).to_have_attribute("aria-disabled", "true")
    # and says why it waits
    await expect(pay).to_have_accessible_description("Accept the terms above to pay.")
    await expect(pay).to_have_attribute("title", "Accept the terms above to pay.")

    # when only one box is ticked, accepting is refused aloud and pay stays held
    await returns_box.check()
    await widget.get_by_role("button", name="Accept and continue").click()
    await expect(widget.get_by_role("alert")).to_contain_text("One required box is not ticked")
    await expect(colour_box).to_be_focused()
    await expect(colour_box).to_have_attribute("aria-invalid", "true")
    await expect(pay).to_be_disabled()

    # when both are ticked and accepted
    await colour_box.check()
    await expect(widget.get_by_role("alert")).to_have_text("")
    await widget.get_by_role("button", name="Accept and continue").click()

    # then the element says so, the storefront hears it, and pay is released
    await expect(widget.get_by_text("You can now pay.")).to_be_focused()
    await expect(pay).to_be_enabled()
    await expect(pay).not_to_have_attribute("aria-disabled", "true")
    await expect(pay).not_to_have_attribute("title", "Accept the terms above to pay.")
    (accepted,) = await events(page, "foresight:accepted")
    assert accepted["checkoutId"] == checkout["id"]
    assert set(accepted["versionIds"]) == {returns["id"], colour["id"]}
    assert len(accepted["recordHash"]) == 64
    assert await events(page, "foresight:change") == [{"ready": False}, {"ready": True}]
    assert await widget.evaluate("element => element.ready") is True
    assert await page.evaluate("window.demo.tokenCalls") >= 2  # asked per request

    # when Saleor creates the order and the buyer opens its page as a guest with the email
    order = await place_order(client, installed, state, checkout)
    await page.goto(order_page(installed, order["id"], email="ada@example.com"))

    # then the order element shows the terms accepted, with the text and the record's hash
    shown = page.locator("foresight-order")
    await expect(shown.get_by_role("heading", name="Terms you accepted")).to_be_visible()
    await expect(shown.get_by_role("heading", name="Return terms version 1")).to_be_visible()
    await expect(shown.get_by_role("heading", name="Colours may differ version 1")).to_be_visible()
    await expect(shown.get_by_text(f"You ticked: “{COLOUR_WARNING}”")).to_be_visible()
    # the record's hash is the shop's evidence, not the buyer's to read
    await expect(shown.get_by_text(accepted["recordHash"])).to_have_count(0)
    await shown.get_by_text("Show the text you accepted").first.click()
    await expect(shown.get_by_text("within 30 days")).to_be_visible()
    await expect(shown.get_by_role("heading", name="Shipping")).to_be_visible()
    await expect(shown.get_by_text("Your order has not been shipped yet.")).to_be_visible()


async def test_the_keyboard_alone_accepts_and_reaches_pay(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a guest's checkout with two required disclosures
    await shop_policies(client, installed)
    checkout = installed.add_checkout([(coloured_shirt(installed), 1)])
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")
    returns_box = widget.get_by_role("checkbox", name=RETURN_TERMS)
    colour_box = widget.get_by_role("checkbox", name=COLOUR_WARNING)
    accept = widget.get_by_role("button", name="Accept and continue")
    await expect(accept).to_be_visible()

    # when the buyer tabs to each box, ticks it with Space, tabs to accept and presses Enter
    await page.keyboard.press("Tab")
    await expect(returns_box).to_be_focused()
    await page.keyboard.press("Space")
    await expect(returns_box).to_be_checked()
    await page.keyboard.press("Tab")
    await expect(colour_box).to_be_focused()
    await page.keyboard.press("Space")
    await expect(colour_box).to_be_checked()
    await page.keyboard.press("Tab")
    await expect(accept).to_be_focused()
    await page.keyboard.press("Enter")

    # then focus lands on the confirmation; Tab passes "Change" and reaches the released pay
    await expect(widget.get_by_text("You can now pay.")).to_be_focused()
    await page.keyboard.press("Tab")
    await expect(widget.get_by_role("button", name="Change")).to_be_focused()
    await page.keyboard.press("Tab")
    pay = page.get_by_role("button", name="Pay $20.00")
    await expect(pay).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(page.get_by_text("Demo: the payment would start now.")).to_be_visible()


async def test_errors_from_the_api_are_announced(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a buyer who ticked both boxes
    await shop_policies(client, installed)
    checkout = installed.add_checkout([(coloured_shirt(installed), 1)])
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")
    await widget.get_by_role("checkbox", name=RETURN_TERMS).check()
    await widget.get_by_role("checkbox", name=COLOUR_WARNING).check()
    alert = widget.get_by_role("alert")
    pay = page.get_by_role("button", name="Pay $20.00")

    # when Foresight cannot be reached
    await page.route("**/graphql/", lambda route: route.abort())
    await widget.get_by_role("button", name="Accept and continue").click()

    # then the live region says so, the button is usable again, and pay stays held
    await expect(alert).to_have_text(
        "This could not be loaded. Please check your connection and try again."
    )
    await expect(widget.get_by_role("button", name="Accept and continue")).to_be_focused()
    await expect(pay).to_be_disabled()

    # when the API answers that the checkout is gone (Saleor no longer has it)
    await page.unroute("**/graphql/")
    del installed.objects[checkout["id"]]
    await widget.get_by_role("button", name="Accept and continue").click()

    # then that is announced instead
    await expect(alert).to_have_text("This checkout could not be found. Please reload the page.")
    await expect(pay).to_be_disabled()
    (error,) = [e for e in await events(page, "foresight:error") if e["code"] == "NOT_FOUND"]
    assert error["message"] == "No such checkout."


async def test_a_cart_that_changed_shows_the_fresh_disclosures(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a cart without coloured goods: only the return terms apply, and the buyer ticks them
    await shop_policies(client, installed)
    checkout = installed.add_checkout([(installed.add_product("Gift card", attributes={}), 1)])
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")
    await widget.get_by_role("checkbox", name=RETURN_TERMS).check()
    await expect(widget.get_by_role("checkbox")).to_have_count(1)

    # when a coloured scarf joins the cart (another tab) before the buyer accepts
    scarf = installed.add_product("Silk scarf", attributes={"colour": ["Red"]})
    checkout["lines"].append(installed.add_checkout([(scarf, 1)])["lines"][0])
    await widget.get_by_role("button", name="Accept and continue").click()

    # then the fresh list shows, the new warning is marked and focused, the tick that still
    # stands is kept, and the change is announced
    await expect(widget.get_by_role("alert")).to_have_text(
        "The terms changed while you were reading. "
        "Please review the updated terms and accept again."
    )
    colour_box = widget.get_by_role("checkbox", name=COLOUR_WARNING)
    await expect(colour_box).to_be_focused()
    await expect(colour_box).not_to_be_checked()
    await expect(widget.get_by_role("checkbox", name=RETURN_TERMS)).to_be_checked()
    await expect(widget.get_by_role("heading", name="Colours may differ New")).to_be_visible()
    await expect(page.get_by_role("button", name="Pay $20.00")).to_be_disabled()

    # and accepting the fresh list goes through
    await colour_box.check()
    await widget.get_by_role("button", name="Accept and continue").click()
    await expect(widget.get_by_text("You can now pay.")).to_be_visible()
    await expect(page.get_by_role("button", name="Pay $20.00")).to_be_enabled()


async def test_the_element_speaks_the_pages_language_and_takes_new_words(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a German storefront page
    await shop_policies(client, installed)
    checkout = installed.add_checkout([(coloured_shirt(installed), 1)])
    await page.goto(checkout_page(installed, checkout["id"], lang="de"))
    widget = page.locator("foresight-checkout")

    # then the element's own words are German (the policies have English text only)
    await expect(widget.get_by_role("heading", name="Bevor Sie bezahlen")).to_be_visible()
    await expect(widget.get_by_role("button", name="Zustimmen und fortfahren")).to_be_visible()
    await expect(widget.get_by_role("heading", name="Return terms")).to_be_visible()
    # and the switch to English is said, not sprung on the buyer
    await expect(
        widget.get_by_text("Der Shop hat diese Bedingungen nur auf Englisch.")
    ).to_have_count(2)

    # when the buyer ticks a box and the storefront then overrides a message
    await widget.get_by_role("checkbox", name=RETURN_TERMS).check()
    await widget.evaluate(
        'element => { element.messages = {de: {"checkout.accept": "Jetzt zustimmen"}}; }'
    )

    # then the element shows it, keeping the buyer's tick
    await expect(widget.get_by_role("button", name="Jetzt zustimmen")).to_be_visible()
    await expect(widget.get_by_role("checkbox", name=RETURN_TERMS)).to_be_checked()


async def test_the_hold_on_pay_survives_the_storefront_and_respects_its_own(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a buyer at checkout, pay held
    await shop_policies(client, installed)
    checkout = installed.add_checkout([(coloured_shirt(installed), 1)])
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")
    pay = page.locator("#pay")
    await expect(widget.get_by_role("checkbox")).to_have_count(2)

    # when the storefront's own code enables its button before the buyer accepted
    await pay.evaluate("button => { button.disabled = false; }")

    # then the element holds it again
    await expect(pay).to_be_disabled()
    await expect(pay).to_have_attribute("data-foresight-held", "")

    # when the storefront disables it for a reason of its own, and the buyer then accepts
    await pay.evaluate("button => button.removeAttribute('data-foresight-held')")
    await widget.get_by_role("checkbox", name=RETURN_TERMS).check()
    await widget.get_by_role("checkbox", name=COLOUR_WARNING).check()
    await widget.get_by_role("button", name="Accept and continue").click()
    await expect(widget.get_by_text("You can now pay.")).to_be_visible()

    # then the element leaves the storefront's own hold alone
    await expect(pay).to_be_disabled()
