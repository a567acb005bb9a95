"""APP_DELETED: the admin removed the app; stop serving the installation, keep the evidence.

Saleor may deliver it again after the first removed the installation (a retry, or a second
delivery of the same removal). Such a repeat is still verified against the removed
installation's JWKS and must name its app; it is then answered 200 with no effect, so Saleor
records no failed delivery.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ...errors import WebhookError, WebhookRefusal
from ...settings import Settings
from .. import installations
from ..models import Installation
from .base import Delivery, Webhook, subscription
from .parse import dig


async def handle_app_deleted(
    session: AsyncSession, installation: Installation, delivery: Delivery, settings: Settings
) -> None:
    # the body names the app removed: only our own removal stops the installation
    if dig(delivery.payload, "app", "id") != installation.app_id:
        raise WebhookError("APP_DELETED names another app", WebhookRefusal.WRONG_RECIPIENT)
    installations.mark_removed(installation)


WEBHOOKS = [
    Webhook(
        "APP_DELETED",
        subscription("AppDeleted", "app { id }"),
        handle_app_deleted,
        after_removal=True,
    )
]
