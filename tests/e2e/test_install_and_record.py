"""End to end: Saleor installs Foresight from its manifest, then an order is placed and shipped;
Foresight's record holds the order, its product facts and its tracking number."""

from __future__ import annotations

import httpx

from saleor_foresight.orders import record
from saleor_foresight.plugin import installations
from saleor_foresight.runtime import AppState
from tests.saleor_double import SaleorDouble

MANIFEST_URL = "https://foresight.test/api/manifest"


async def test_install_then_order_created_then_fulfillment_created(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given Foresight installed from its manifest
    manifest = await saleor.install(client, MANIFEST_URL)
    assert set(saleor.installed_webhooks) >= {"ORDER_CREATED", "FULFILLMENT_CREATED"}

    # when a buyer orders a red torch and staff ship it with a tracking number
    torch = saleor.add_product(
        "LED torch", sku="TORCH-RED", product_type="Torch", category="Lights",
        collections=("Outdoor",), attributes={"colour": ["Red"]},
        product_attributes={"material": ["Aluminium"]},
    )  # fmt: skip
    order = saleor.add_order([(torch, 2)], email="buyer@example.com", country="DE")
    created = await saleor.deliver(client, "ORDER_CREATED", order=order)
    fulfillment = saleor.add_fulfillment(order, tracking_number="DHL-00340434161094042557")
    shipped = await saleor.deliver(
        client, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment
    )

    # then both deliveries were taken and the record holds the order and its tracking number
    assert (created.status_code, shipped.status_code) == (200, 200)
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, saleor.api_url)
        assert installation.app_id == saleor.app_id
        held = await record.get_order(session, installation.id, order["id"])
    assert held is not None
    assert (held.number, held.user_email, held.status) == (
        order["number"], "buyer@example.com", "FULFILLED",
    )  # fmt: skip
    assert held.shipping_country == "DE"
    assert (held.min_delivery_days, held.max_delivery_days) == (2, 5)
    assert held.currency == "USD" and held.total_gross is not None and held.total_gross > 0
    (line,) = held.lines
    assert (line.product_name, line.sku, line.quantity) == ("LED torch", "TORCH-RED", 2)
    assert line.product_type_id and line.category_id and len(line.collection_ids) == 1
    assert line.attributes == [
        {"attribute": "material", "values": ["aluminium"], "names": ["Aluminium"]},
        {"attribute": "colour", "values": ["red"], "names": ["Red"]},
    ]
    assert [(f.tracking_number, f.status) for f in held.fulfillments] == [
        ("DHL-00340434161094042557", "FULFILLED")
    ]
    assert manifest["tokenTargetUrl"] == "https://foresight.test/api/register"


async def test_a_tracking_number_added_later_reaches_the_record(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    await saleor.install(client, MANIFEST_URL)
    order = saleor.add_order([(saleor.add_product(), 1)])
    fulfillment = saleor.add_fulfillment(order)
    await saleor.deliver(client, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment)

    fulfillment["trackingNumber"] = "1Z999AA10123456784"
    updated = await saleor.deliver(
        client, "FULFILLMENT_TRACKING_NUMBER_UPDATED", order=order, fulfillment=fulfillment
    )

    assert updated.status_code == 200
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, saleor.api_url)
        held = await record.get_order(session, installation.id, order["id"])
    assert held is not None
    assert [f.tracking_number for f in held.fulfillments] == ["1Z999AA10123456784"]
