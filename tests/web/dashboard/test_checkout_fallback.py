"""The Rules tab: the owner sets what the storefront's checkout does when Foresight cannot be
reached, and reads a warning where strict mode cannot hold an order."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from saleor_foresight.settings import Settings
from tests.graphql.conftest import gql
from tests.web.dashboard.conftest import ON_SESSION_LOOP, Dashboard

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]

FALLBACK = """
{ channelRules(channel: "default-channel") {
    checkoutFallback { whenUnreachable releaseAfterSeconds message } } }
"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"strict_acceptance_channels": ("default-channel",)})


async def test_the_owner_sets_the_checkout_fallback_and_is_warned_about_strict_mode(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a strict channel that Saleor confirms all new orders of by itself, and its owner
    dashboard.saleor.confirms_automatically("default-channel", True)
    owner = dashboard.saleor.staff_token(
        user_permissions=["MANAGE_ORDERS", "MANAGE_SETTINGS"], email="owner@example.com"
    )

    # when the owner opens the channel's rules
    frame = await dashboard.open(page, "/dashboard/app/rules", token=owner)
    await frame.get_by_label("Channel", exact=True).select_option("default-channel")

    # then the warning says strict mode holds nothing there, and the fallback shows its default
    heading = frame.get_by_role("heading", name="Rules of default-channel")
    await expect(heading).to_be_visible(timeout=20_000)  # Saleor is asked: slow when cold
    warning = frame.get_by_role("status").filter(has_text="Strict mode is on for this channel")
    await expect(warning).to_be_visible()
    mode = frame.get_by_label("When Foresight cannot be reached")
    await expect(mode).to_have_value("RELEASE")
    await expect(frame.get_by_label("Wait before letting the buyer pay")).to_have_value("4")

    # when they choose a 0 s wait, Foresight's refusal shows beside it
    await frame.get_by_label("Wait before letting the buyer pay").fill("0")
    await frame.get_by_role("button", name="Save rules").click()
    await expect(
        frame.locator('[data-field="checkoutFallback.releaseAfterSeconds"] .field-error')
    ).to_have_text("Wait between 1 and 60 seconds.")

    # when they hold instead, with the shop's words, and save
    # (no order on record yet: the currency is the channel's in Saleor, nothing to type)
    await expect(frame.get_by_label("Currency")).to_have_value("USD")
    await mode.select_option("HOLD")
    await frame.get_by_label("Wait before letting the buyer pay").fill("6")
    await frame.get_by_label("Message to the buyer").fill("Please call us to order.")
    await frame.get_by_role("button", name="Save rules").click()
    await expect(frame.get_by_text("Rules saved.")).to_be_visible()

    # then Foresight keeps it
    saved = await gql(client, dashboard.saleor, FALLBACK, token=owner)
    assert saved.json()["data"]["channelRules"]["checkoutFallback"] == {
        "whenUnreachable": "HOLD", "releaseAfterSeconds": 6, "message": "Please call us to order.",
    }  # fmt: skip

    # and with automatic confirmation off in Saleor, the warning is gone
    dashboard.saleor.confirms_automatically("default-channel", False)
    frame = await dashboard.open(page, "/dashboard/app/rules", token=owner)
    await frame.get_by_label("Channel", exact=True).select_option("default-channel")
    await expect(frame.get_by_role("heading", name="Rules of default-channel")).to_be_visible()
    warning = frame.get_by_role("status").filter(has_text="Strict mode is on for this channel")
    await expect(warning).to_have_count(0)
