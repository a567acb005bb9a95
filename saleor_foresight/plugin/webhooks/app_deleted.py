"""APP_DELETED: the admin removed the app; stop serving the installation, keep the evidence."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ...settings import Settings
from .. import installations
from ..models import Installation
from .base import Delivery, Webhook, subscription


async def handle_app_deleted(
    session: AsyncSession, installation: Installation, delivery: Delivery, settings: Settings
) -> None:
    installations.mark_removed(installation)


WEBHOOKS = [Webhook("APP_DELETED", subscription("AppDeleted", "app { id }"), handle_app_deleted)]
