"""A webhook is a definition (event, subscription query, path) plus a handler."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any

from graphql import FieldNode, InlineFragmentNode, OperationDefinitionNode, parse
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
    # taken from a removed installation too (APP_DELETED repeats): verified and checked
    # like any other, then answered with no effect (the handler runs, nothing is recorded)
    after_removal: bool = False

    @property
    def type_name(self) -> str:
        """The event's GraphQL type the query selects on, e.g. ``OrderCreated``: what the
        body's ``__typename`` must be."""
        return event_type_of(self.subscription)

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


@cache
def event_type_of(query: str) -> str:
    """The type condition of the query's ``event { ... on X }``."""
    operation = parse(query).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    (event,) = operation.selection_set.selections
    assert isinstance(event, FieldNode) and event.selection_set is not None
    names = {
        s.type_condition.name.value
        for s in event.selection_set.selections
        if isinstance(s, InlineFragmentNode) and s.type_condition is not None
    }
    if len(names) != 1:
        raise ValueError(f"a subscription selects on exactly one event type, not {names}")
    return names.pop()


@cache
def subscription(event_type: str, selection: str, *fragment_files: str) -> str:
    """A subscription on one event type, e.g. ``subscription("OrderCreated", "order {...}")``.

    Every query selects what binds a delivery to us (``plugin/webhooks/binding.py``): the
    event's ``__typename`` and ``issuedAt``, and ``recipient { id }``, the app Saleor built
    this body for. Saleor signs every app's deliveries with one key, so without these a body
    another app of the shop received would verify here too."""
    query = (
        "subscription {\n  event {\n    __typename\n    issuedAt\n    recipient {\n"
        "      id\n    }\n"
        f"    ... on {event_type} {{\n      {selection}\n    }}\n  }}\n}}\n"
    )
    return "\n".join([query, *(fragments(name) for name in fragment_files)])
