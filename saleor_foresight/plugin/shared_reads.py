"""Reads from Saleor shared within the process while one is under way (checkouts, orders).

Two rules, each per process and keyed by installation and the object's id:

* **single flight**: while Saleor is being asked about an object, every other caller asking
  about the same one awaits that answer instead of asking again (a storefront's burst, the
  Dashboard's widget asking three things about one order, or a crowd of requests for one id,
  costs one Saleor read). A caller that goes away does not cancel the read the others wait
  for;
* **just read**: an answer is kept for ``found_ttl`` seconds after it came (orders: a
  request that asked while the first one was still recording what it read gets the same
  answer, not a second read); 0 keeps nothing (checkouts: their cache is in the database);
* **no such object** is remembered for ``missing_ttl`` seconds (at most ``MAX_REMEMBERED``
  ids, the oldest forgotten first), so made-up ids do not each become a Saleor call. A real
  checkout's or order's id is known only once Saleor made it, so no real one is hidden by
  this for long; a failed read (``SaleorError``) is not remembered.

A read that is under way started before the caller asked, at most a Saleor round trip
earlier: that is what "fresh" means here too (``read_checkout(fresh=True)``).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

NO_SUCH_CHECKOUT_TTL = 30.0
NO_SUCH_ORDER_TTL = 300.0
ORDER_READ_TTL = 10.0
MAX_REMEMBERED = 10_000

Key = tuple[uuid.UUID, str]
T = TypeVar("T")
V = TypeVar("V")


class SharedReads(Generic[T]):
    def __init__(
        self,
        missing_ttl: float,
        found_ttl: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.missing_ttl = missing_ttl
        self.found_ttl = found_ttl
        self.clock = clock
        self._pending: dict[Key, asyncio.Future[T | None]] = {}
        self._missing: OrderedDict[Key, float] = OrderedDict()
        self._found: OrderedDict[Key, tuple[float, T]] = OrderedDict()

    async def read(self, key: Key, fetch: Callable[[], Awaitable[T | None]]) -> T | None:
        """Saleor's object through ``fetch`` (run once for every caller waiting on ``key``),
        or None when Saleor knows no such object."""
        if self.known_missing(key):
            return None
        kept = self._found.get(key)
        if kept is not None:
            if kept[0] > self.clock():
                return kept[1]
            del self._found[key]
        pending = self._pending.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._fetch(key, fetch))
            self._pending[key] = pending
            pending.add_done_callback(lambda _: self._pending.pop(key, None))
        return await asyncio.shield(pending)

    async def _fetch(self, key: Key, fetch: Callable[[], Awaitable[T | None]]) -> T | None:
        found = await fetch()
        if found is None:
            _remember(self._missing, key, self.clock() + self.missing_ttl)
        elif self.found_ttl > 0:
            _remember(self._found, key, (self.clock() + self.found_ttl, found))
        return found

    def known_missing(self, key: Key) -> bool:
        """Whether Saleor said lately that it knows no such object."""
        until = self._missing.get(key)
        if until is None:
            return False
        if until > self.clock():
            return True
        del self._missing[key]
        return False


def _remember(kept: OrderedDict[Key, V], key: Key, value: V) -> None:
    """Keep ``value`` as the newest entry, forgetting the oldest past ``MAX_REMEMBERED``."""
    kept[key] = value
    kept.move_to_end(key)
    while len(kept) > MAX_REMEMBERED:
        kept.popitem(last=False)
