"""The per-request loaders of order access (``graphql/access.py``): each answer once per request.

The fields of one request are resolved side by side, so two fields asking the same question
share one answer: one guess of a guest's email per order and email, one read from Saleor per
order ID. Neither batches (each key is its own question), so these are not DataLoaders but
the futures of a request's questions, keyed as Saleor names its loaders.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar

from ...orders.models import Order

K = TypeVar("K")
V = TypeVar("V")


class _Once(Generic[K, V]):
    def __init__(self) -> None:
        self._pending: dict[K, asyncio.Future[V]] = {}

    async def load(self, key: K, ask: Callable[[], Coroutine[Any, Any, V]]) -> V:
        """The answer to ``key``: ``ask()`` is called for its first asker only."""
        pending = self._pending.get(key)
        if pending is None:
            pending = self._pending[key] = asyncio.ensure_future(ask())
        return await pending


class GuestGuessByOrderAndEmailLoader(_Once[tuple[str, str], bool]):
    """Whether an email is the order's: (order ID, casefolded email) → right, counted once."""


class OrderBroughtInByIdLoader(_Once[str, Order | None]):
    """An order Foresight did not hold, read from Saleor (or None): order ID → the order."""
