"""A webhook is a definition (event, subscription query, path) plus a handler."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ...settings import Settings
from ..models import Installation


@dataclass(frozen=True)
class Delivery:
    """A verified delivery, as a handler sees it."""

    id: uuid.UUID
    event: str
    payload: dict[str, Any]
    issued_at: datetime


Handler = Callable[[AsyncSession, Installation, Delivery, Settings], Awaitable[None]]


@dataclass(frozen=True)
class Webhook:
    event: str  # Saleor's WebhookEventTypeAsyncEnum value, e.g. ORDER_CREATED
    subscription: str  # the subscription query Saleor runs to build the payload
    handler: Handler

    @property
    def name(self) -> str:
        return f"foresight-{self.event.lower().replace('_', '-')}"

    @property
    def path(self) -> str:
        return f"/api/webhooks/{self.event.lower()}"


@cache
def fragments(name: str) -> str:
    """GraphQL fragments kept beside this module (``<name>.graphql``)."""
    return (files(__package__) / f"{name}.graphql").read_text()


def subscription(event_type: str, selection: str, *fragment_files: str) -> str:
    """A subscription on one event type, e.g. ``subscription("OrderCreated", "order {...}")``."""
    query = (
        "subscription {\n  event {\n    __typename\n    issuedAt\n"
        f"    ... on {event_type} {{\n      {selection}\n    }}\n  }}\n}}\n"
    )
    return "\n".join([query, *(fragments(name) for name in fragment_files)])
