"""CHECKOUT_UPDATED: the buyer changed the cart, address or language; forget what we cached."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ...errors import WebhookError, WebhookRefusal
from ...settings import Settings
from .. import checkout_cache
from ..models import Installation
from .base import Delivery, Webhook, subscription
from .parse import parse_datetime


async def handle_checkout_updated(
    session: AsyncSession, installation: Installation, delivery: Delivery, settings: Settings
) -> None:
    checkout = delivery.payload.get("checkout")
    if not isinstance(checkout, dict) or not isinstance(checkout.get("id"), str):
        raise WebhookError("CHECKOUT_UPDATED payload has no checkout", WebhookRefusal.INCOMPLETE)
    updated = checkout.get("updatedAt")
    try:
        updated_at = parse_datetime(updated) if updated else None
    except ValueError as exc:
        refusal = WebhookError("updatedAt is not a timestamp", WebhookRefusal.INCOMPLETE)
        raise refusal from exc
    await checkout_cache.forget(session, installation.id, checkout["id"], updated_at)


WEBHOOKS = [
    Webhook(
        "CHECKOUT_UPDATED",
        subscription("CheckoutUpdated", "checkout { id updatedAt }"),
        handle_checkout_updated,
    )
]
