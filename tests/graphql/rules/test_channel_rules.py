"""channelRules and channelRulesUpdate: the shop owner sets a channel's thresholds
(MANAGE_SETTINGS), in the channel's currency."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import call, staff_token
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import deliver
from tests.saleor_double import SaleorDouble

UPDATE = """
mutation Rules($channel: String!, $input: ChannelRulesInput!) {
  channelRulesUpdate(channel: $channel, input: $input) {
    rules { channel currency instantRefundBelow trackedShippingAbove signatureAbove updatedBy }
    errors { field code message }
  }
}
"""
READ = """
query Rules($channel: String!) {
  channelRules(channel: $channel) {
    channel currency instantRefundBelow trackedShippingAbove signatureAbove
  }
}
"""


def owner(saleor: SaleorDouble) -> str:
    return saleor.staff_token(user_permissions=("MANAGE_SETTINGS",), email="owner@example.com")


async def test_the_owner_sets_rules_and_reads_them_back(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    before = await call(client, installed, READ, {"channel": "eu"}, token=owner(installed))
    changed = await call(client, installed, UPDATE, {"channel": "eu", "input": {
        "currency": "eur", "trackedShippingAbove": "100", "instantRefundBelow": "15.50",
    }}, token=owner(installed))  # fmt: skip
    cleared = await call(client, installed, UPDATE, {"channel": "eu", "input": {
        "signatureAbove": None,
    }}, token=owner(installed))  # fmt: skip
    after = await call(client, installed, READ, {"channel": "eu"}, token=owner(installed))

    assert before == {"channel": "eu", "currency": None, "instantRefundBelow": None,
                      "trackedShippingAbove": None, "signatureAbove": "750"}  # fmt: skip
    assert changed["errors"] == [] and cleared["errors"] == []
    assert changed["rules"]["updatedBy"] == "owner@example.com"
    assert changed["rules"]["signatureAbove"] == "750"
    assert after["currency"] == "EUR" and after["signatureAbove"] is None
    assert after["trackedShippingAbove"] == "100"
    assert after["instantRefundBelow"] == "15.50"


async def test_negative_amounts_and_a_missing_currency_are_refused(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    negative = await call(client, installed, UPDATE, {"channel": "eu", "input": {
        "currency": "EUR", "signatureAbove": "-1",
    }}, token=owner(installed))  # fmt: skip
    no_currency = await call(client, installed, UPDATE, {"channel": "eu", "input": {
        "trackedShippingAbove": "100",
    }}, token=owner(installed))  # fmt: skip

    assert [(e["field"], e["code"]) for e in negative["errors"]] == [("signatureAbove", "NEGATIVE")]
    assert negative["rules"] is None
    assert [(e["field"], e["code"]) for e in no_currency["errors"]] == [("currency", "REQUIRED")]


async def test_the_currency_must_be_the_one_of_the_channels_orders(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = installed.add_order([(installed.add_product(), 1)])  # default-channel: USD
    await deliver(client, installed, "ORDER_UPDATED", order=order)

    wrong = await call(client, installed, UPDATE, {"channel": "default-channel", "input": {
        "currency": "EUR", "trackedShippingAbove": "100",
    }}, token=owner(installed))  # fmt: skip
    known = await call(client, installed, UPDATE, {"channel": "default-channel", "input": {
        "trackedShippingAbove": "100",
    }}, token=owner(installed))  # fmt: skip

    assert [(e["field"], e["code"]) for e in wrong["errors"]] == [("currency", "CURRENCY_MISMATCH")]
    assert known["errors"] == [] and known["rules"]["currency"] == "USD"


async def test_order_staff_can_neither_read_nor_change_the_rules(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    token = staff_token(installed)
    read = await gql(client, installed, READ, {"channel": "eu"}, token=token)
    change = await gql(client, installed, UPDATE, {"channel": "eu", "input": {"currency": "EUR"}},
                       token=token)  # fmt: skip

    assert read.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert change.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
