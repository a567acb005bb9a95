"""orderDispatchProof: the buyer (own order; a guest with order ID and email) reads each parcel's
tracking number and photos: short-lived links, capture and upload times, the original's hash."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from saleor_foresight.runtime import AppState
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import Parcel, deliver, photograph, ship, statements
from tests.photos import pictures
from tests.saleor_double import SaleorDouble

PROOF = """
query Proof($orderId: ID!, $email: String) {
  orderDispatchProof(orderId: $orderId, email: $email) {
    orderId
    orderNumber
    fulfillments {
      id number status trackingNumber createdAt
      photos { id url thumbnailUrl width height capturedAt uploadedAt sha256 hidden }
    }
  }
}
"""

STAFF_FIELDS = """
query Proof($orderId: ID!, $email: String) {
  orderDispatchProof(orderId: $orderId, email: $email) {
    fulfillments { photos { id uploadedBy originalUrl cameraMake } }
  }
}
"""

BUYER = "VXNlcjo0Ng=="
WITH_ALL = """
query Proof($orderId: ID!, $email: String) {
  orderDispatchProof(orderId: $orderId, email: $email) {
    items { name } fulfillments { trackingUrl expectedDeliveryOn photos { id url } }
  }
}
"""


async def proof(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    order_id: str,
    *,
    email: str | None = None,
    token: str | None = None,
    document: str = PROOF,
) -> dict[str, Any]:
    response = await gql(
        client, saleor, document, {"orderId": order_id, "email": email}, token=token
    )
    body: dict[str, Any] = response.json()
    return body


async def test_the_buyer_reads_the_parcel_and_its_photo(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given the buyer's order, shipped with a tracking number and photographed
    parcel = await ship(client, installed, user_id=BUYER, tracking_number="1Z999AA10123456784")
    original = pictures.jpeg((64, 48), exif=pictures.camera_exif())
    photo = await photograph(client, installed, parcel, body=original)

    # when the buyer, signed in, reads the order's proof of dispatch
    body = await proof(
        client, installed, parcel.order_id, token=installed.customer_token(user_id=BUYER)
    )

    # then it shows the parcel, its tracking number and its photo
    assert "errors" not in body, body
    shown = body["data"]["orderDispatchProof"]
    assert (shown["orderId"], shown["orderNumber"]) == (parcel.order_id, parcel.order["number"])
    [fulfillment] = shown["fulfillments"]
    assert fulfillment["id"] == parcel.fulfillment_id
    assert (fulfillment["number"], fulfillment["status"]) == (1, "FULFILLED")
    assert fulfillment["trackingNumber"] == "1Z999AA10123456784"
    assert fulfillment["createdAt"] is not None
    [seen] = fulfillment["photos"]
    assert seen["id"] == photo["id"]
    assert seen["sha256"] == photo["sha256"]
    assert seen["capturedAt"] == "2026-11-20T09:15:00+01:00"
    assert seen["uploadedAt"] == photo["uploadedAt"]
    assert (seen["width"], seen["height"], seen["hidden"]) == (64, 48, False)
    # with links that expire (the local storage signs them for five minutes)
    for url in (seen["url"], seen["thumbnailUrl"]):
        assert "expires=" in url and "signature=" in url
        served = await client.get(url)
        assert served.status_code == 200
        assert pictures.gps_of(served.content) == {}


ORDER_PAGE = """
query Proof($orderId: ID!, $email: String) {
  orderDispatchProof(orderId: $orderId, email: $email) {
    orderNumber shippingMethodName items { name quantity }
    fulfillments { number trackingNumber carrier trackingUrl expectedDeliveryOn }
  }
}
"""


async def test_the_order_page_reads_the_items_the_carriers_link_and_the_expected_day(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given an order of a scarf and two shirts, shipped by "DHL Paket" (at most 3 business
    # days) on Friday 27 November 2026, in a shop keeping the default calendar (UTC)
    scarf = installed.add_product("Silk scarf", variant_name="Red")
    shirt = installed.add_product("Linen shirt", variant_name="Linen shirt")
    order = installed.add_order(
        [(scarf, 1), (shirt, 2)], delivery_days=(1, 3), shipping_method="DHL Paket"
    )
    fulfillment = installed.add_fulfillment(order, tracking_number="00340434161094042557")
    fulfillment["created"] = "2026-11-27T15:00:00+00:00"
    await deliver(client, installed, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment)

    # when the buyer's order page reads it
    body = await proof(client, installed, order["id"], email="buyer@example.com",
                       document=ORDER_PAGE)  # fmt: skip

    # then the items are named once each, the parcel links to DHL's tracking page, and it is
    # expected by Wednesday 2 December (three business days after Friday, the weekend skipped)
    assert "errors" not in body, body
    shown = body["data"]["orderDispatchProof"]
    assert shown["items"] == [{"name": "Silk scarf (Red)", "quantity": 1},
                              {"name": "Linen shirt", "quantity": 2}]  # fmt: skip
    assert shown["shippingMethodName"] == "DHL Paket"
    (parcel,) = shown["fulfillments"]
    assert parcel["carrier"] == "DHL"
    assert parcel["trackingUrl"] == (
        "https://www.dhl.com/global-en/home/tracking.html?tracking-id=00340434161094042557"
    )
    assert parcel["expectedDeliveryOn"] == "2026-12-02"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("its customer", True),
        ("a guest with the order's email", True),
        ("a guest with the email in other case", True),
        ("staff with MANAGE_ORDERS", True),
        ("another customer", False),
        ("a guest with another email", False),
        ("a guest without email", False),
        ("staff without MANAGE_ORDERS", False),
    ],
)
async def test_who_may_read_the_proof(
    client: httpx.AsyncClient, installed: SaleorDouble, who: str, allowed: bool
) -> None:
    parcel = await ship(client, installed, user_id=BUYER, email="ada@example.com")
    await photograph(client, installed, parcel)
    email, token = {
        "its customer": (None, installed.customer_token(user_id=BUYER)),
        "a guest with the order's email": ("ada@example.com", None),
        "a guest with the email in other case": (" Ada@Example.COM", None),
        "staff with MANAGE_ORDERS": (None, installed.staff_token()),
        "another customer": (None, installed.customer_token(user_id="VXNlcjo5OQ==")),
        "a guest with another email": ("eve@example.com", None),
        "a guest without email": (None, None),
        "staff without MANAGE_ORDERS": (None, installed.staff_token(user_permissions=[])),
    }[who]

    body = await proof(client, installed, parcel.order_id, email=email, token=token)

    if allowed:
        assert len(body["data"]["orderDispatchProof"]["fulfillments"][0]["photos"]) == 1
    else:
        assert body["data"]["orderDispatchProof"] is None
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_an_order_of_another_saleor_is_not_found(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    parcel = await ship(client, installed, email="ada@example.com")

    body = await proof(client, installed, parcel.order_id + "x", email="ada@example.com")

    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_buyers_do_not_get_the_evidence_details(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    parcel = await ship(client, installed, email="ada@example.com")
    await photograph(client, installed, parcel)

    buyer = await proof(
        client, installed, parcel.order_id, email="ada@example.com", document=STAFF_FIELDS
    )
    staff = await proof(
        client, installed, parcel.order_id, token=installed.staff_token(), document=STAFF_FIELDS
    )

    [photo] = buyer["data"]["orderDispatchProof"]["fulfillments"][0]["photos"]
    assert (photo["uploadedBy"], photo["originalUrl"], photo["cameraMake"]) == (None, None, None)
    assert {e["extensions"]["code"] for e in buyer["errors"]} == {"PERMISSION_DENIED"}
    assert len(buyer["errors"]) == 3
    [seen] = staff["data"]["orderDispatchProof"]["fulfillments"][0]["photos"]
    assert seen["uploadedBy"] == "staff@example.com"
    assert seen["cameraMake"] == "Pixelmaker"
    assert "signature=" in seen["originalUrl"]


async def ship_in_parcels(client: httpx.AsyncClient, saleor: SaleorDouble, n: int) -> Parcel:
    """An order of ``n`` lines, each shipped in its own parcel."""
    order = saleor.add_order([(saleor.add_product(f"Item {i}"), 1) for i in range(n)])
    first = None
    for line in order["lines"]:
        fulfillment = saleor.add_fulfillment(order, {line["id"]: 1}, tracking_number=line["id"])
        await deliver(client, saleor, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment)
        first = first or fulfillment
    assert first is not None
    return Parcel(order, first)


async def test_every_shipped_parcel_is_listed_and_a_cancelled_one_without_photo_is_not(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    parcel = await ship_in_parcels(client, installed, 3)
    cancelled = parcel.order["fulfillments"][2]
    cancelled["status"] = "CANCELED"
    await deliver(
        client, installed, "FULFILLMENT_CANCELED", order=parcel.order, fulfillment=cancelled
    )

    body = await proof(client, installed, parcel.order_id, email="buyer@example.com")

    shown = body["data"]["orderDispatchProof"]["fulfillments"]
    assert [f["number"] for f in shown] == [1, 2]


async def count_proof_statements(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState, parcels: int
) -> int:
    parcel = await ship_in_parcels(client, saleor, parcels)
    for fulfillment in parcel.order["fulfillments"]:
        await photograph(client, saleor, Parcel(parcel.order, fulfillment))
    token = saleor.staff_token()
    with statements(state.engine) as sent:
        body = await proof(client, saleor, parcel.order_id, token=token, document=WITH_ALL)
    photos = [p for f in body["data"]["orderDispatchProof"]["fulfillments"] for p in f["photos"]]
    assert len(photos) == parcels
    return len(sent)


async def test_photos_of_many_parcels_load_in_a_constant_number_of_queries(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    one = await count_proof_statements(client, installed, state, 1)
    five = await count_proof_statements(client, installed, state, 5)

    assert one == five
    # installation, order, its lines, its fulfillments, their photos, the claim settings
    assert five <= 7
