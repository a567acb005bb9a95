"""Reads of a checkout from Saleor, shared within the process while one is under way.

Two rules, each per process and keyed by installation and checkout id:

* **single flight**: while Saleor is being asked about a checkout, every other caller asking
  about the same one awaits that answer instead of asking again (a storefront's burst, or a
  crowd of requests for one id, costs one Saleor read). A caller that goes away does not
  cancel the read the others wait for;
* **no such checkout** is remembered for ``NO_SUCH_CHECKOUT_TTL`` seconds (at most
  ``MAX_REMEMBERED`` ids, the oldest forgotten first), so made-up ids do not each become a
  Saleor call. A real checkout's id is known only once Saleor made it, so no real checkout
  is hidden by this; a failed read (``SaleorError``) is not remembered.

A read that is under way started before the caller asked, at most a Saleor round trip
earlier: that is what "fresh" means here too (``read_checkout(fresh=True)``).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

NO_SUCH_CHECKOUT_TTL = 30.0
MAX_REMEMBERED = 10_000

Key = tuple[uuid.UUID, str]
Checkout = dict[str, Any]


class CheckoutReads:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._pending: dict[Key, asyncio.Future[Checkout | None]] = {}
        self._missing: OrderedDict[Key, float] = OrderedDict()

    async def read(
        self, key: Key, fetch: Callable[[], Awaitable[Checkout | None]]
    ) -> Checkout | None:
        """Saleor's checkout through ``fetch`` (run once for every caller waiting on ``key``),
        or None when Saleor knows no such checkout."""
        if self._known_missing(key):
            return None
        pending = self._pending.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._fetch(key, fetch))
            self._pending[key] = pending
            pending.add_done_callback(lambda _: self._pending.pop(key, None))
        return await asyncio.shield(pending)

    async def _fetch(
        self, key: Key, fetch: Callable[[], Awaitable[Checkout | None]]
    ) -> Checkout | None:
        checkout = await fetch()
        if checkout is None:
            self._missing[key] = self.clock() + NO_SUCH_CHECKOUT_TTL
            self._missing.move_to_end(key)
            while len(self._missing) > MAX_REMEMBERED:
                self._missing.popitem(last=False)
        return checkout

    def _known_missing(self, key: Key) -> bool:
        until = self._missing.get(key)
        if until is None:
            return False
        if until > self.clock():
            return True
        del self._missing[key]
        return False
