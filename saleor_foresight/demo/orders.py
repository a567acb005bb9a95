"""The demo's Saleor side of an order: placing it from the demo checkout and shipping it, each
announced to Foresight as a signed delivery through the real webhook intake."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from ..plugin.webhooks.intake import Outcome
from ..runtime import AppState
from .sandbox import SandboxSaleor, global_id


def _now() -> str:
    return datetime.now(UTC).isoformat()


async def deliver(state: AppState, sandbox: SandboxSaleor, event: str, subject: Any) -> Outcome:
    type_name = "".join(part.capitalize() for part in event.split("_"))
    recipient = {"id": sandbox.app_id}
    body = json.dumps(
        {"__typename": type_name, "issuedAt": _now(), "recipient": recipient, **subject}
    ).encode()
    headers = {
        "saleor-api-url": sandbox.api_url,
        "saleor-event": event.lower(),
        "saleor-signature": sandbox.sign_webhook(body),
    }
    return await state.intake.take(event.lower(), headers, body)


async def place_order(state: AppState, sandbox: SandboxSaleor, checkout_id: str) -> dict[str, Any]:
    """Complete the checkout: an UNCONFIRMED order carrying the checkout's private metadata."""
    checkout = sandbox.checkouts[checkout_id]
    number = str(100 + len(sandbox.orders) + 1)
    order_id = global_id("Order", uuid.uuid4())
    order = {
        "id": order_id, "number": number, "checkoutId": checkout_id, "created": _now(),
        "updatedAt": _now(), "status": "UNCONFIRMED", "userEmail": checkout["email"],
        "user": checkout["user"], "channel": checkout["channel"],
        "total": {"gross": {"amount": 59.0, "currency": "EUR"}},
        "shippingAddress": checkout["shippingAddress"],
        "deliveryMethod": {"__typename": "ShippingMethod", "id": global_id("ShippingMethod", 1),
                           "name": "Parcel", "minimumDeliveryDays": 2,
                           "maximumDeliveryDays": 5},
        "foresightMetadata": {},
        "foresightPrivateMetadata": {
            k: v for k, v in sandbox.metadata.get(checkout_id, {}).items()
            if k == "foresight.acceptance"
        },
        "lines": [
            {"id": global_id("OrderLine", uuid.uuid4()), "productName": line["variant"]["name"],
             "variantName": line["variant"]["name"], "productSku": line["variant"]["sku"],
             "quantity": line["quantity"], "variant": line["variant"]}
            for line in checkout["lines"]
        ],
        "fulfillments": [],
    }  # fmt: skip
    sandbox.orders[order_id] = order
    await deliver(state, sandbox, "ORDER_CREATED", {"order": order})
    await state.worker.run_once()
    return order


async def ship(
    state: AppState, sandbox: SandboxSaleor, order_id: str, tracking: str
) -> dict[str, Any]:
    order = sandbox.orders[order_id]
    fulfillment = {
        "id": global_id("Fulfillment", uuid.uuid4()),
        "fulfillmentOrder": len(order["fulfillments"]) + 1, "status": "FULFILLED",
        "trackingNumber": tracking, "created": _now(),
        "lines": [{"quantity": line["quantity"], "orderLine": {"id": line["id"]}}
                  for line in order["lines"]],
    }  # fmt: skip
    order["fulfillments"].append(fulfillment)
    order["status"] = "FULFILLED"
    order["updatedAt"] = _now()
    await deliver(
        state, sandbox, "FULFILLMENT_CREATED", {"order": order, "fulfillment": fulfillment}
    )
    return fulfillment
