"""Order and fulfillment events: each carries the whole order, recorded if newer."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ...claims import resolution as claims_resolution
from ...errors import WebhookError, WebhookRefusal
from ...orders import record
from ...rules import fulfillment as rules_fulfillment
from ...settings import Settings
from ..models import Installation
from .base import Delivery, Webhook, subscription
from .order_binding import bind_new_order
from .parse import dig, parse_datetime

ORDER_EVENTS = {
    "ORDER_CREATED": "OrderCreated",
    "ORDER_UPDATED": "OrderUpdated",
    "ORDER_CONFIRMED": "OrderConfirmed",
    "ORDER_FULLY_PAID": "OrderFullyPaid",
    "ORDER_CANCELLED": "OrderCancelled",
    "ORDER_REFUNDED": "OrderRefunded",
}
FULFILLMENT_EVENTS = {
    "FULFILLMENT_CREATED": "FulfillmentCreated",
    "FULFILLMENT_TRACKING_NUMBER_UPDATED": "FulfillmentTrackingNumberUpdated",
    "FULFILLMENT_CANCELED": "FulfillmentCanceled",
}


async def handle_order_event(
    session: AsyncSession, installation: Installation, delivery: Delivery, settings: Settings
) -> None:
    order = delivery.payload.get("order")
    if not isinstance(order, dict):
        raise WebhookError(f"{delivery.event} payload has no order", WebhookRefusal.INCOMPLETE)
    snapshot = order_snapshot(order)
    extras: tuple[record.FulfillmentSnapshot, ...] = ()
    if delivery.event in FULFILLMENT_EVENTS:
        extra = delivery.payload.get("fulfillment")
        if not isinstance(extra, dict):
            raise WebhookError(
                f"{delivery.event} payload has no fulfillment", WebhookRefusal.INCOMPLETE
            )
        extras = (fulfillment_snapshot(extra),)
    # everything was read before anything is written: a refused snapshot changes nothing
    held = await record.apply_snapshot(
        session, installation.id, snapshot, delivery.issued_at, extras,
        placed=delivery.event == "ORDER_CREATED",
    )  # fmt: skip
    if delivery.event == "ORDER_CREATED" and held.acceptance_status is None:
        await bind_new_order(session, settings, installation, held)
    if delivery.event == "ORDER_REFUNDED":
        # a refund a claim is waiting for may have gone through: check it now
        await claims_resolution.order_refunded(session, installation.id, held.id)
    if delivery.event == "FULFILLMENT_CREATED" and extras:
        # a valuable parcel shipped untracked: one note for staff (rules/fulfillment.py)
        shipped = extras[0]
        await rules_fulfillment.fulfillment_created(
            session, installation.id, held, shipped.saleor_id, shipped.tracking_number
        )
    if delivery.event == "FULFILLMENT_TRACKING_NUMBER_UPDATED" and extras:
        # the tracking number a warning asked for: the warning is settled
        parcel = extras[0]
        await rules_fulfillment.tracking_added(
            session, installation.id, parcel.saleor_id, parcel.tracking_number
        )


def order_snapshot(order: dict[str, Any]) -> record.OrderSnapshot:
    """Translate Saleor's order (our ForesightOrder fragment, or less) into a snapshot.

    A snapshot replaces what the record holds, so what it must say is required: the order's
    id, creation time, status, lines and fulfillments (each with its id). One missing or of
    the wrong shape refuses the whole delivery (WebhookError) instead of wiping the record;
    fields added to our query in later releases may be absent (older queries) and read as
    unknown."""
    try:
        return _order_snapshot(order)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _incomplete("order", exc) from exc


def _incomplete(what: str, exc: Exception) -> WebhookError:
    message = f"the {what} lacks what Foresight needs ({type(exc).__name__}: {exc})"
    return WebhookError(message[:300], WebhookRefusal.INCOMPLETE)


def _order_snapshot(order: dict[str, Any]) -> record.OrderSnapshot:
    saleor_id = _id(order)
    created_at = parse_datetime(order["created"])
    status = order["status"]
    if not isinstance(status, str) or not status:
        raise ValueError("status is not a status")
    gross = dig(order, "total", "gross") or {}
    method = order.get("deliveryMethod") or {}
    if method.get("__typename") != "ShippingMethod":
        method = {}
    metadata = {
        **_metadata_map(order.get("foresightMetadata")),
        **_metadata_map(order.get("foresightPrivateMetadata")),
    }
    return record.OrderSnapshot(
        saleor_id=saleor_id,
        number=str(order.get("number", "")),
        channel_slug=str(dig(order, "channel", "slug") or ""),
        status=status,
        created_at=created_at,
        user_id=dig(order, "user", "id"),
        user_email=order.get("userEmail"),
        checkout_id=order.get("checkoutId"),
        currency=gross.get("currency"),
        total_gross=_decimal(gross.get("amount")),
        shipping_method_id=method.get("id"),
        shipping_method_name=method.get("name"),
        min_delivery_days=method.get("minimumDeliveryDays"),
        max_delivery_days=method.get("maximumDeliveryDays"),
        shipping_country=dig(order, "shippingAddress", "country", "code"),
        shipping_address_digest=address_digest(saleor_id, order.get("shippingAddress")),
        foresight_metadata=metadata,
        lines=tuple(_line(line) for line in _list(order, "lines")),
        fulfillments=tuple(_fulfillment(f) for f in _list(order, "fulfillments")),
    )


def fulfillment_snapshot(fulfillment: dict[str, Any]) -> record.FulfillmentSnapshot:
    """A fulfillment (our ForesightFulfillment fragment); WebhookError when it has no id."""
    try:
        return _fulfillment(fulfillment)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _incomplete("fulfillment", exc) from exc


def _fulfillment(fulfillment: dict[str, Any]) -> record.FulfillmentSnapshot:
    created = fulfillment.get("created")
    return record.FulfillmentSnapshot(
        saleor_id=_id(fulfillment),
        number=int(fulfillment.get("fulfillmentOrder") or 0),
        status=str(fulfillment.get("status", "")),
        tracking_number=str(fulfillment.get("trackingNumber") or ""),
        created_at=parse_datetime(created) if created else None,
        lines=tuple(
            record.FulfillmentLineSnapshot(
                order_line_id=str(dig(line, "orderLine", "id") or ""),
                quantity=int(line.get("quantity") or 0),
            )
            for line in fulfillment.get("lines") or ()
        ),
    )


def _id(node: Any) -> str:
    """A node's Saleor id: a non-empty string, else ValueError/TypeError/KeyError."""
    value = node["id"]
    if not isinstance(value, str) or not value:
        raise ValueError("id is not a Saleor id")
    return value


def _list(node: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """A list every item of which is an object; a missing or null list is refused."""
    value = node[key]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValueError(f"{key} is not a list of objects")
    return value


def _line(line: dict[str, Any]) -> record.LineSnapshot:
    variant = line.get("variant") or {}
    product = variant.get("product") or {}
    return record.LineSnapshot(
        saleor_id=_id(line),
        product_name=str(line.get("productName") or ""),
        variant_name=str(line.get("variantName") or ""),
        sku=line.get("productSku") or variant.get("sku"),
        quantity=int(line.get("quantity") or 0),
        product_id=product.get("id"),
        variant_id=variant.get("id"),
        product_type_id=dig(product, "productType", "id"),
        category_id=dig(product, "category", "id"),
        collection_ids=tuple(c["id"] for c in product.get("collections") or ()),
        attributes=tuple(
            record.AttributeSnapshot(
                attribute=str(dig(a, "attribute", "slug") or ""),
                values=tuple(str(v.get("slug") or "") for v in a.get("values") or ()),
                names=tuple(str(v.get("name") or "") for v in a.get("values") or ()),
            )
            # a colour may be assigned to the product or to the variant: keep both
            for a in (*(product.get("attributes") or ()), *(variant.get("attributes") or ()))
            if a.get("values")
        ),
    )


ADDRESS_FIELDS = (
    "firstName", "lastName", "companyName", "streetAddress1", "streetAddress2", "postalCode",
    "city", "cityArea", "countryArea",
)  # fmt: skip


def address_digest(order_id: str, address: Any) -> str | None:
    """A digest telling whether the parcel's destination changed, without keeping it.

    Case, spacing and punctuation do not count (staff retyping an address is no change);
    the order's id salts it, so equal addresses of two orders do not match. None when the
    delivery carries no street (installations whose subscription predates this field).
    """
    if not isinstance(address, dict) or "streetAddress1" not in address:
        return None
    parts = [order_id, str(dig(address, "country", "code") or "")]
    for name in ADDRESS_FIELDS:
        words = re.findall(r"\w+", str(address.get(name) or "").casefold())
        parts.append(" ".join(words))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _metadata_map(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return {}


WEBHOOKS = [
    *(
        Webhook(
            event,
            subscription(type_name, "order { ...ForesightOrder }", "order_fields"),
            handle_order_event,
        )
        for event, type_name in ORDER_EVENTS.items()
    ),
    *(
        Webhook(
            event,
            subscription(
                type_name,
                "fulfillment { ...ForesightFulfillment }\n      order { ...ForesightOrder }",
                "order_fields",
            ),
            handle_order_event,
        )
        for event, type_name in FULFILLMENT_EVENTS.items()
    ),
]
