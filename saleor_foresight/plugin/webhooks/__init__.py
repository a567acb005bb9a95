"""Every webhook Foresight subscribes to; the manifest and the intake routes come from this list."""

from . import app_deleted, checkouts, orders
from .base import Delivery, Webhook

WEBHOOKS: tuple[Webhook, ...] = (*orders.WEBHOOKS, *checkouts.WEBHOOKS, *app_deleted.WEBHOOKS)
BY_EVENT: dict[str, Webhook] = {w.event: w for w in WEBHOOKS}

__all__ = ["BY_EVENT", "WEBHOOKS", "Delivery", "Webhook"]
