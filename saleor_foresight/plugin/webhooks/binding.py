"""Is this delivery ours? A signed body is taken only for its own event, app and moment.

Saleor signs the deliveries to every app and webhook of a shop with one key, so a valid
signature proves that Saleor sent the body to *someone*, not that it was built for us, for
this route, now. Every subscription query selects what settles that (``base.subscription``):

- ``__typename`` must be the GraphQL type of the route's event (an ORDER_CREATED body is no
  ORDER_CANCELLED delivery);
- ``recipient.id`` must be the installation's app id (a body built for another app or for a
  webhook the shop configured is not ours);
- ``issuedAt`` must be there and be a timestamp (the order record keeps the newest snapshot,
  so a body without a time must not be able to overwrite it).

A shop that installed Foresight before its queries selected ``recipient`` sends bodies
without one until the webhook sync (``plugin/webhook_sync.py``) has updated the queries Saleor
keeps; such an installation is *exposed* (``Installation.webhooks_bound`` is false): its
bodies without ``recipient`` are still taken, with a warning in the log and in ``check``.
A body that names another recipient is refused everywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ...errors import WebhookError, WebhookRefusal
from ..models import Installation
from .base import Webhook
from .parse import parse_datetime

logger = logging.getLogger(__name__)


def issued_at_of(
    webhook: Webhook, installation: Installation, payload: Mapping[str, Any]
) -> datetime:
    """The delivery's ``issuedAt`` once it is shown to be ours, else a WebhookError."""
    if payload.get("__typename") != webhook.type_name:
        raise WebhookError(
            f"the body is a {str(payload.get('__typename') or 'untyped')[:64]} event, "
            f"not {webhook.type_name}",
            WebhookRefusal.WRONG_EVENT,
        )
    recipient = payload.get("recipient")
    if recipient is None and "recipient" not in payload and not installation.webhooks_bound:
        logger.warning(
            "installation %s (%s) is exposed: its %s query in Saleor does not select recipient "
            "yet, so a body built for another app would be taken too (the webhook sync fixes it)",
            installation.id, installation.saleor_api_url, webhook.event,
        )  # fmt: skip
    elif not isinstance(recipient, Mapping) or recipient.get("id") != installation.app_id:
        raise WebhookError("the body was built for another app", WebhookRefusal.WRONG_RECIPIENT)
    value = payload.get("issuedAt")
    if value is None:
        raise WebhookError("the body has no issuedAt", WebhookRefusal.INCOMPLETE)
    try:
        return parse_datetime(value)
    except ValueError as exc:
        raise WebhookError("issuedAt is not a timestamp", WebhookRefusal.INCOMPLETE) from exc
