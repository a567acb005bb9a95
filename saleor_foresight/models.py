"""Every mapped model, imported in one place so Alembic and tests see the whole schema."""

from .db import Base
from .jobs.models import Job
from .orders.models import Fulfillment, Order, OrderLine
from .plugin.models import Installation, InstallationStatus, WebhookDelivery

__all__ = [
    "Base",
    "Fulfillment",
    "Installation",
    "InstallationStatus",
    "Job",
    "Order",
    "OrderLine",
    "WebhookDelivery",
]
