"""<foresight-checkout> as a demanding buyer meets it: a policy with words longer than a phone,
terms long enough to hide behind "Read the full terms", a notice that asks for no tick, a colour
warning that names its items, and an acceptance that stays accepted on reload until the buyer
chooses "Change"."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.graphql.policies.support import current_version, published_policy
from tests.plugin.webhooks.conftest import delivery_for, post
from tests.saleor_double import SaleorDouble
from tests.web.browser.support import (
    COLOUR_WARNING,
    RETURN_TERMS,
    checkout_page,
    coloured_shirt,
    shop_policies,
)

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

LONG_WORD = "Rücksendebedingungsvereinbarungsbestätigung" * 3  # some 1,200 px wide
LONG_URL = "https://shop.example.com/" + "terms-and-conditions/" * 12 + "returns"


async def accepted_events(page: Page) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = await page.evaluate("window.demo.events")
    return [event["detail"] for event in seen if event["type"] == "foresight:accepted"]


async def scroll_width(page: Page) -> int:
    width: int = await page.evaluate("document.documentElement.scrollWidth")
    return width


async def test_no_word_or_link_makes_a_phone_page_scroll_sideways(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given terms with a word and a link far wider than a 320 px phone
    await published_policy(
        client, installed, title=f"Return terms {LONG_WORD}",
        body=f"Return within 30 days: {LONG_WORD}. Read more at <{LONG_URL}>.",
        consent=f"I accept {LONG_WORD}",
    )  # fmt: skip
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    await page.set_viewport_size({"width": 320, "height": 800})

    # when the buyer opens the checkout
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")
    await expect(widget.get_by_role("button", name="Accept and continue")).to_be_visible()

    # then nothing spills out: the page is as wide as the phone
    assert await scroll_width(page) <= 320
    box = await widget.get_by_role("checkbox").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 320


async def test_long_terms_show_their_start_and_the_rest_is_one_tap_away(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given terms of many paragraphs
    paragraphs = "\n\n".join(
        f"Paragraph {n}: goods may be returned within 30 days in their original packaging."
        for n in range(1, 16)
    )
    await published_policy(client, installed, body=paragraphs)
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")

    # then the start shows, the end is hidden behind "Read the full terms"
    more = widget.get_by_role("button", name="Read the full terms")
    await expect(more).to_have_attribute("aria-expanded", "false")
    await expect(widget.get_by_text("Paragraph 1:")).to_be_in_viewport()
    last = widget.get_by_text("Paragraph 15:")
    body = widget.locator(".policy-body")
    collapsed = await body.bounding_box()
    assert collapsed is not None and collapsed["height"] < 250

    # when the buyer taps it, the whole text is there; tapping again folds it
    await more.click()
    await expect(widget.get_by_role("button", name="Show less")).to_have_attribute(
        "aria-expanded", "true"
    )
    expanded = await body.bounding_box()
    assert expanded is not None and expanded["height"] > collapsed["height"] * 2
    await last.scroll_into_view_if_needed()
    await expect(last).to_be_in_viewport()
    await widget.get_by_role("button", name="Show less").click()
    await expect(more).to_be_visible()


async def test_a_notice_asks_for_no_tick_and_is_recorded_with_the_acceptance(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given return terms to accept and a delivery-time notice that needs no consent
    returns = current_version(await published_policy(client, installed))
    notice = current_version(
        await published_policy(
            client, installed, kind="DELIVERY_TIME", title="Delivery takes a week",
            body="Made to order: allow 5 to 7 working days.", required=False,
        )
    )  # fmt: skip
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")

    # then the notice reads as one, without a checkbox; only the terms have a box
    await expect(widget.get_by_role("heading", name="Delivery takes a week")).to_be_visible()
    await expect(widget.get_by_text("Please note")).to_be_visible()
    await expect(widget.get_by_role("checkbox")).to_have_count(1)

    # when the buyer accepts the terms, the notice shown is recorded with them
    await widget.get_by_role("checkbox", name=RETURN_TERMS).check()
    await widget.get_by_role("button", name="Accept and continue").click()
    await expect(widget.get_by_text("You can now pay.")).to_be_visible()
    (accepted,) = await accepted_events(page)
    assert set(accepted["versionIds"]) == {returns["id"], notice["id"]}


async def test_a_colour_warning_names_the_items_it_covers(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a cart of three items, two of them with a colour
    await shop_policies(client, installed)
    scarf = installed.add_product("Silk scarf", variant_name="Red", attributes={"colour": ["Red"]})
    torch = installed.add_product("LED torch", variant_name="LED torch")
    checkout = installed.add_checkout([(coloured_shirt(installed), 1), (scarf, 1), (torch, 1)])

    # when the buyer opens the checkout
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")
    warning = widget.locator("li", has=page.get_by_role("heading", name="Colours may differ"))

    # then the warning names the two coloured items, and the terms for all name none
    named = "Applies to: Linen shirt (M) and Silk scarf (Red)"
    await expect(warning.get_by_text(named)).to_be_visible()
    returns = widget.locator("li", has=page.get_by_role("heading", name="Return terms"))
    await expect(returns.get_by_text("Applies to:")).to_have_count(0)
    colour_box = widget.get_by_role("checkbox", name=COLOUR_WARNING)
    await expect(colour_box).to_have_accessible_description(named)


async def test_an_acceptance_shows_as_accepted_stays_on_reload_and_can_be_changed(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a buyer who accepted both disclosures
    await shop_policies(client, installed)
    checkout = installed.add_checkout([(coloured_shirt(installed), 1)])
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")
    pay = page.get_by_role("button", name="Pay $20.00")
    await widget.get_by_role("checkbox", name=RETURN_TERMS).check()
    await widget.get_by_role("checkbox", name=COLOUR_WARNING).check()
    await widget.get_by_role("button", name="Accept and continue").click()

    # then the element says plainly it is accepted, not "tick every box", and offers Change
    await expect(widget.get_by_text("You accepted the terms below.")).to_be_visible()
    await expect(widget.get_by_text("Tick every box")).to_have_count(0)
    await expect(widget.get_by_text("Accepted", exact=True)).to_have_count(2)
    await expect(widget.get_by_role("checkbox")).to_have_count(0)
    await expect(widget.get_by_text(f"{RETURN_TERMS}")).to_be_visible()
    await expect(pay).to_be_enabled()
    (first,) = await accepted_events(page)

    # when the page is loaded again, it is still accepted and pay is released
    await page.reload()
    await expect(widget.get_by_text("You can now pay.")).to_be_visible()
    await expect(widget.get_by_role("button", name="Change")).to_be_visible()
    await expect(pay).to_be_enabled()
    (restored,) = await accepted_events(page)
    assert restored["acceptanceId"] == first["acceptanceId"]
    assert restored["restored"] is True
    assert await widget.evaluate("element => element.ready") is True

    # when the buyer chooses Change, the boxes are back as ticked and pay waits
    await widget.get_by_role("button", name="Change").click()
    returns_box = widget.get_by_role("checkbox", name=RETURN_TERMS)
    await expect(returns_box).to_be_focused()
    await expect(returns_box).to_be_checked()
    await expect(widget.get_by_text("Payment waits until you do.")).to_be_visible()
    await expect(pay).to_be_disabled()

    # when the buyer unticks the colour warning and tries to accept, it is refused
    await widget.get_by_role("checkbox", name=COLOUR_WARNING).uncheck()
    await widget.get_by_role("button", name="Accept and continue").click()
    await expect(widget.get_by_role("alert")).to_contain_text("One required box is not ticked")
    await expect(pay).to_be_disabled()

    # when ticked again and accepted, the same record stands (nothing changed)
    await widget.get_by_role("checkbox", name=COLOUR_WARNING).check()
    await widget.get_by_role("button", name="Accept and continue").click()
    await expect(pay).to_be_enabled()
    again = (await accepted_events(page))[-1]
    assert again["acceptanceId"] == first["acceptanceId"]
    assert again["restored"] is False


async def test_an_acceptance_is_asked_again_once_the_cart_changed(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a buyer who accepted, then added an item in another tab
    await shop_policies(client, installed)
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")
    await widget.get_by_role("checkbox", name=RETURN_TERMS).check()
    await widget.get_by_role("button", name="Accept and continue").click()
    await expect(widget.get_by_text("You can now pay.")).to_be_visible()
    shirt = installed.add_checkout([(coloured_shirt(installed), 1)])["lines"][0]
    checkout["lines"].append(shirt)
    checkout["updatedAt"] = "2999-01-01T00:00:00+00:00"
    await post(client, delivery_for(installed, "CHECKOUT_UPDATED", checkout=checkout))

    # when the page is loaded again with a fresh read of the checkout
    await page.reload()

    # then the buyer is asked again, now for the colour warning too
    await expect(widget.get_by_role("checkbox", name=COLOUR_WARNING)).to_be_visible()
    await expect(widget.get_by_role("checkbox", name=RETURN_TERMS)).not_to_be_checked()
    await expect(page.get_by_role("button", name="Pay $20.00")).to_be_disabled()


async def test_headings_in_terms_never_read_smaller_than_their_text(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given terms with headings of every Markdown depth
    body = "### Returns\n\nWithin 30 days.\n\n#### Refunds\n\nTo the card.\n\n##### Costs\n\nFree."
    await published_policy(client, installed, body=body)
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    await page.goto(checkout_page(installed, checkout["id"]))
    widget = page.locator("foresight-checkout")
    await expect(widget.get_by_text("Within 30 days.")).to_be_visible()

    # then each heading is at least as large as the body text
    text_size = await widget.get_by_text("Within 30 days.").evaluate(
        "node => parseFloat(getComputedStyle(node).fontSize)"
    )
    for name in ("Returns", "Refunds", "Costs"):
        heading = widget.get_by_role("heading", name=name)
        size = await heading.evaluate("node => parseFloat(getComputedStyle(node).fontSize)")
        assert size >= text_size, (name, size, text_size)
