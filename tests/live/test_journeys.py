"""Journeys against the real Saleor: installed from the manifest URL, Saleor keeps our queries,
a paid storefront order and its fulfilment reach Foresight, and no delivery to us fails."""

from __future__ import annotations

from typing import Any

import pytest

from saleor_foresight.plugin.webhook_sync import normalise
from saleor_foresight.plugin.webhooks import WEBHOOKS
from tests.live.conftest import Installed
from tests.live.kit import Kit
from tests.live.shop import (
    ask_foresight,
    checkout,
    dashboard_token,
    eventually,
    fulfil,
    pay_and_complete,
)

pytestmark = pytest.mark.real_saleor

APP_WEBHOOKS = """
query($id: ID!) {
  app(id: $id) {
    webhooks {
      name targetUrl isActive subscriptionQuery asyncEvents { eventType } syncEvents { eventType }
      eventDeliveries(first: 100) {
        edges { node { status eventType
                       attempts(first: 5) { edges { node { status responseStatusCode } } } } }
      }
    }
  }
}
"""
DISPATCH = """
query($id: ID!) {
  orderDispatchProof(orderId: $id) { orderNumber fulfillments { trackingNumber } }
}
"""


def held_webhooks(kit: Kit, installed: Installed) -> list[dict[str, Any]]:
    webhooks: list[dict[str, Any]] = kit.gql(APP_WEBHOOKS, {"id": installed.app_id})["app"][
        "webhooks"
    ]
    return webhooks


def test_saleor_keeps_the_manifests_webhooks_and_queries(kit: Kit, installed: Installed) -> None:
    # when Saleor installed Foresight from its manifest
    held = {w["name"]: w for w in held_webhooks(kit, installed)}

    # then it holds each webhook of the manifest, active, at its route, with its query
    assert set(held) == {w.name for w in WEBHOOKS}
    for webhook in WEBHOOKS:
        copy = held[webhook.name]
        assert copy["isActive"]
        assert copy["targetUrl"] == f"{installed.served.url}{webhook.path}"
        assert [e["eventType"] for e in copy["asyncEvents"]] == [webhook.event]
        assert normalise(copy["subscriptionQuery"]) == normalise(webhook.subscription)


def test_a_paid_storefront_order_and_its_parcel_reach_foresight(
    kit: Kit, installed: Installed
) -> None:
    # given a buyer's checkout, paid through the payment app and completed
    order = pay_and_complete(kit, checkout(kit, "live-buyer@example.com"))
    staff = dashboard_token(kit, installed.app_id)

    def known() -> dict[str, Any] | None:
        answer = ask_foresight(installed.served.url, kit, DISPATCH, {"id": order["id"]}, staff)
        proof = answer.json().get("data", {}) or {}
        return proof.get("orderDispatchProof")

    # then Foresight recorded the order from Saleor's ORDER_CREATED
    assert eventually(known, "the order in Foresight")["orderNumber"] == str(order["number"])

    # when staff ship it with a tracking number
    fulfil(kit, order, tracking="LIVE-TRACK-1")

    # then Foresight holds the parcel from FULFILLMENT_CREATED
    def shipped() -> dict[str, Any] | None:
        proof = known()
        return proof if proof and proof["fulfillments"] else None

    parcels = eventually(shipped, "the parcel in Foresight")["fulfillments"]
    assert [p["trackingNumber"] for p in parcels] == ["LIVE-TRACK-1"]


def test_saleor_records_no_failed_delivery_to_foresight(kit: Kit, installed: Installed) -> None:
    # given an order whose deliveries Foresight took (besides the journeys before)
    order = pay_and_complete(kit, checkout(kit, "deliveries@example.com"))
    staff = dashboard_token(kit, installed.app_id)
    eventually(
        lambda: ask_foresight(
            installed.served.url, kit, DISPATCH, {"id": order["id"]}, staff
        ).json()["data"]["orderDispatchProof"],
        "the order in Foresight",
    )

    # when the deliveries still in flight have been made
    def settled() -> list[tuple[str, str, str, Any]] | None:
        kept = [
            (webhook["name"], edge["node"]["eventType"], edge["node"]["status"],
             [a["node"] for a in edge["node"]["attempts"]["edges"]])
            for webhook in held_webhooks(kit, installed)
            for edge in webhook["eventDeliveries"]["edges"]
        ]  # fmt: skip
        return None if any(k[2] == "PENDING" for k in kept) else kept

    kept = eventually(settled, "Saleor's deliveries to Foresight to settle", seconds=60)

    # then none failed (Saleor deletes a delivery once it succeeded)
    assert [k for k in kept if k[2] != "SUCCESS"] == []
