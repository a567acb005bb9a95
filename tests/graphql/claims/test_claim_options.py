"""claimOptions: before filing, the buyer sees, per reason, whether it is open and what the
shop already knows: the parcel's photo and tracking, the expected date, accepted terms."""

from __future__ import annotations

from typing import Any

import httpx

from tests.graphql.claims.flow import shipped_order
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import Parcel, deliver, photograph
from tests.saleor_double import SaleorDouble

OPTIONS = """
query Options($orderId: ID!, $email: String) {
  claimOptions(orderId: $orderId, email: $email) {
    orderId orderNumber expectedDeliveryBy returnWindowEndsAt suggestCancellation
    reasons { reason availability explanation mayFile needsConfirmation opensAt closesAt evidence }
    parcels { shippedAt expectedDeliveryBy
              fulfillment { trackingNumber photos { id url hidden } } }
    colourWarnings { title acceptedAt }
    returnTerms { title returnWindowDays }
    lines { id productName quantity claimable }
  }
}
"""


def reason(options: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in options["reasons"] if r["reason"] == name)
    return found


async def test_the_buyer_sees_the_parcel_photo_tracking_and_the_date_claims_open(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a parcel sent with a tracking number and photographed by staff
    order = await shipped_order(client, installed, created="2026-11-23T09:00:00+00:00")
    await photograph(client, installed, Parcel(order, order["fulfillments"][0]))

    # when the guest asks what they may claim
    response = await gql(
        client, installed, OPTIONS, {"orderId": order["id"], "email": "buyer@example.com"}
    )

    # then "not received" opens after the expected delivery (5 business days) and 2 more
    options = response.json()["data"]["claimOptions"]
    assert options["expectedDeliveryBy"] == "2026-12-01T00:00:00+00:00"
    (parcel,) = options["parcels"]
    assert parcel["fulfillment"]["trackingNumber"] == "DHL-00340434161094042557"
    assert len(parcel["fulfillment"]["photos"]) == 1
    not_received = reason(options, "NOT_RECEIVED")
    assert not_received["opensAt"] == "2026-12-03T00:00:00+00:00"
    assert not_received["evidence"] == ["DISPATCH_PHOTOS", "TRACKING", "EXPECTED_DELIVERY"]
    assert reason(options, "DAMAGED")["availability"] == "OPEN"
    assert options["suggestCancellation"] is False
    assert [(line["quantity"], line["claimable"]) for line in options["lines"]] == [(2, 2)]


async def test_an_unshipped_order_suggests_cancelling_it(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = installed.add_order([(installed.add_product(), 1)])
    await deliver(client, installed, "ORDER_CREATED", order=order)

    response = await gql(
        client, installed, OPTIONS, {"orderId": order["id"], "email": "buyer@example.com"}
    )

    options = response.json()["data"]["claimOptions"]
    assert options["suggestCancellation"] is True
    assert reason(options, "DAMAGED")["availability"] == "CLOSED"
    assert reason(options, "OTHER")["mayFile"] is True


async def test_a_stranger_learns_nothing(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = await shipped_order(client, installed)

    response = await gql(
        client, installed, OPTIONS, {"orderId": order["id"], "email": "eve@example.com"}
    )

    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
