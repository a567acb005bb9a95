"""A channel's checkout fallback (what the storefront widget does when Foresight cannot be
reached) and the strict-mode facts beside the rules: set by the shop owner, read back, and
handed to the widget with the disclosures."""

from __future__ import annotations

import httpx
import pytest

from saleor_foresight.settings import Settings
from tests.graphql.claims.flow import call
from tests.graphql.conftest import gql
from tests.graphql.rules.test_channel_rules import owner
from tests.saleor_double import SaleorDouble

UPDATE = """
mutation Fallback($channel: String!, $input: ChannelRulesInput!) {
  channelRulesUpdate(channel: $channel, input: $input) {
    rules { currency checkoutFallback { whenUnreachable releaseAfterSeconds message } }
    errors { field code message }
  }
}
"""
READ = """
query Fallback($channel: String!) {
  channelRules(channel: $channel) {
    checkoutFallback { whenUnreachable releaseAfterSeconds message }
    strictAcceptance confirmsNewOrdersAutomatically
  }
}
"""
DISCLOSURES = """
query Disclosures($checkoutId: ID!) {
  checkoutDisclosures(checkoutId: $checkoutId) {
    checkoutFallback { whenUnreachable releaseAfterSeconds message }
  }
}
"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"strict_acceptance_channels": ("default-channel",)})


async def test_the_default_releases_after_four_seconds_in_the_widgets_words(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    read = await call(client, installed, READ, {"channel": "eu"}, token=owner(installed))

    assert read["checkoutFallback"] == {
        "whenUnreachable": "RELEASE", "releaseAfterSeconds": 4, "message": None,
    }  # fmt: skip


async def test_the_owner_sets_the_fallback_without_naming_a_currency(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a channel without orders or rules (no currency known)
    # when the owner chooses to hold, then to release after 10 s with the shop's words
    held = await call(client, installed, UPDATE, {"channel": "eu", "input": {
        "checkoutFallback": {"whenUnreachable": "HOLD"},
    }}, token=owner(installed))  # fmt: skip
    released = await call(client, installed, UPDATE, {"channel": "eu", "input": {
        "checkoutFallback": {"whenUnreachable": "RELEASE", "releaseAfterSeconds": 10,
                             "message": "  Our terms are on the returns page.  "},
    }}, token=owner(installed))  # fmt: skip
    read = await call(client, installed, READ, {"channel": "eu"}, token=owner(installed))

    # then each is kept, with no currency needed
    assert held["errors"] == [] and held["rules"]["currency"] is None
    assert held["rules"]["checkoutFallback"]["whenUnreachable"] == "HOLD"
    assert released["errors"] == []
    assert read["checkoutFallback"] == {
        "whenUnreachable": "RELEASE", "releaseAfterSeconds": 10,
        "message": "Our terms are on the returns page.",
    }  # fmt: skip

    # and an amount still needs the currency
    amount = await call(client, installed, UPDATE, {"channel": "eu", "input": {
        "trackedShippingAbove": "100",
    }}, token=owner(installed))  # fmt: skip
    assert [(e["field"], e["code"]) for e in amount["errors"]] == [("currency", "REQUIRED")]


async def test_out_of_range_seconds_and_an_overlong_message_are_refused(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    zero = await call(client, installed, UPDATE, {"channel": "eu", "input": {
        "checkoutFallback": {"releaseAfterSeconds": 0},
    }}, token=owner(installed))  # fmt: skip
    long = await call(client, installed, UPDATE, {"channel": "eu", "input": {
        "checkoutFallback": {"message": "x" * 501},
    }}, token=owner(installed))  # fmt: skip

    assert [(e["field"], e["code"]) for e in zero["errors"]] == [
        ("checkoutFallback.releaseAfterSeconds", "INVALID")
    ]
    assert [(e["field"], e["code"]) for e in long["errors"]] == [
        ("checkoutFallback.message", "TOO_LONG")
    ]


async def test_the_widget_gets_the_channels_fallback_with_the_disclosures(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    await call(client, installed, UPDATE, {"channel": "default-channel", "input": {
        "checkoutFallback": {"whenUnreachable": "HOLD"},
    }}, token=owner(installed))  # fmt: skip
    checkout = installed.add_checkout([(installed.add_product(), 1)])

    response = await gql(client, installed, DISCLOSURES, {"checkoutId": checkout["id"]})

    assert response.json()["data"]["checkoutDisclosures"]["checkoutFallback"] == {
        "whenUnreachable": "HOLD", "releaseAfterSeconds": 4, "message": None,
    }  # fmt: skip


async def test_staff_see_when_saleor_confirms_the_orders_strict_mode_would_hold(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a strict channel that Saleor confirms all new orders of, and one it does not
    installed.confirms_automatically("default-channel", True)
    installed.confirms_automatically("eu", False)

    strict = await call(
        client, installed, READ, {"channel": "default-channel"}, token=owner(installed)
    )
    other = await call(client, installed, READ, {"channel": "eu"}, token=owner(installed))
    installed.confirms_automatically("default-channel", False)
    unheld = await call(
        client, installed, READ, {"channel": "default-channel"}, token=owner(installed)
    )

    assert strict["strictAcceptance"] is True
    assert strict["confirmsNewOrdersAutomatically"] is True
    assert other["strictAcceptance"] is False
    assert other["confirmsNewOrdersAutomatically"] is None  # not asked: strict mode is off
    assert unheld["confirmsNewOrdersAutomatically"] is False
