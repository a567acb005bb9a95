"""The Rules tab: a channel's thresholds in its currency, Foresight's refusals beside the field
they name, and nothing to change without MANAGE_SETTINGS."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import ship
from tests.web.dashboard.conftest import ON_SESSION_LOOP, Dashboard, snapshot

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]

RULES = """
{ channelRules(channel: "default-channel") {
    currency instantRefundBelow trackedShippingAbove signatureAbove updatedBy } }
"""


async def test_the_owner_sets_a_channels_rules_and_reads_why_a_value_is_refused(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a channel whose orders are in USD, and its owner
    await ship(client, dashboard.saleor)
    owner = dashboard.saleor.staff_token(
        user_permissions=["MANAGE_ORDERS", "MANAGE_SETTINGS"], email="owner@example.com"
    )

    # when the owner opens the Rules tab and chooses the channel from the shop's channels
    frame = await dashboard.open(page, "/dashboard/app/rules", token=owner)
    picker = frame.get_by_label("Channel", exact=True)
    await expect(picker.locator("option")).to_have_text(
        ["Choose a channel", "Default Channel · USD"]
    )
    await picker.select_option("default-channel")

    # then its rules are there: its currency (from Saleor, not typed) and the default signature
    await expect(frame.get_by_role("heading", name="Rules of default-channel")).to_be_visible()
    await expect(frame.get_by_label("Currency")).to_have_value("USD")
    await expect(frame.get_by_label("Currency")).not_to_be_editable()
    await expect(frame.get_by_label("Signature on delivery above")).to_have_value("750")
    await expect(frame.get_by_label("Tracked shipping above")).to_have_value("")
    routes = [a for a in await dashboard.actions(page) if a["type"] == "updateRouting"]
    assert routes[-1]["payload"]["newRoute"] == "/rules/default-channel"

    # when they write something that is no amount, then a negative one
    tracked = frame.get_by_label("Tracked shipping above")
    await tracked.fill("lots")
    await frame.get_by_role("button", name="Save rules").click()
    await expect(tracked).to_have_attribute("aria-invalid", "true")
    await expect(frame.locator("[data-field=trackedShippingAbove] .field-error")).to_have_text(
        "Write an amount such as 150 or 24.99, or leave it empty for no rule."
    )
    await tracked.fill("-1")
    await frame.get_by_role("button", name="Save rules").click()

    # then Foresight's refusal shows beside that field, which takes the focus
    await expect(frame.locator("[data-field=trackedShippingAbove] .field-error")).to_have_text(
        "The amount cannot be negative."
    )
    await expect(tracked).to_be_focused()
    await snapshot(page, "app-rules-refused")

    # when they fix it, set an instant refund and clear the signature rule
    await tracked.fill("150")
    await frame.get_by_label("Instant refund below").fill("25.50")
    await frame.get_by_label("Signature on delivery above").fill("")
    await frame.get_by_role("button", name="Save rules").click()

    # then the rules are saved, and said to be
    await expect(frame.get_by_text("Rules saved.")).to_be_visible()
    await expect(frame.get_by_text("by owner@example.com")).to_be_visible()
    await expect(frame.get_by_label("Instant refund below")).to_have_value("25.5")
    await expect(frame.get_by_label("Tracked shipping above")).to_have_value("150")
    response = await gql(client, dashboard.saleor, RULES, token=owner)
    rules = response.json()["data"]["channelRules"]
    assert (rules["currency"], rules["signatureAbove"], rules["updatedBy"]) == (
        "USD", None, "owner@example.com",
    )  # fmt: skip
    assert Decimal(rules["instantRefundBelow"]) == Decimal("25.50")
    assert Decimal(rules["trackedShippingAbove"]) == 150
    notifications = [a for a in await dashboard.actions(page) if a["type"] == "notification"]
    assert notifications[-1]["payload"]["title"] == "Rules saved"


async def test_staff_without_manage_settings_are_told_who_sets_rules(
    page: Page, dashboard: Dashboard
) -> None:
    # when staff who may only manage orders open the Rules tab
    frame = await dashboard.open(page, "/dashboard/app/rules/default-channel")

    # then they are told why they see no rules
    await expect(frame.get_by_text("staff with the MANAGE_SETTINGS permission")).to_be_visible()
    await expect(frame.get_by_role("button", name="Save rules")).to_have_count(0)


async def test_the_currency_follows_the_channel_chosen(page: Page, dashboard: Dashboard) -> None:
    # given a shop selling in dollars and in euros, no order on record in either
    dashboard.saleor.channel("default-channel", currency="USD")
    dashboard.saleor.channel("europe", currency="EUR")
    owner = dashboard.saleor.staff_token(user_permissions=["MANAGE_ORDERS", "MANAGE_SETTINGS"])
    frame = await dashboard.open(page, "/dashboard/app/rules/default-channel", token=owner)
    await expect(frame.get_by_label("Currency")).to_have_value("USD")

    # when the owner chooses the other channel
    await frame.get_by_label("Channel", exact=True).select_option("europe")

    # then its rules show in its currency, and the route follows
    await expect(frame.get_by_role("heading", name="Rules of europe")).to_be_visible()
    await expect(frame.get_by_label("Currency")).to_have_value("EUR")
    await expect(frame.locator("[data-field=trackedShippingAbove]")).to_contain_text("EUR")
    routes = [a for a in await dashboard.actions(page) if a["type"] == "updateRouting"]
    assert routes[-1]["payload"]["newRoute"] == "/rules/europe"
