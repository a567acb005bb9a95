"""Orders read from Saleor with the app token: one on demand, or the shop's recent ones by page.

Both select what the order webhooks select (``ForesightOrder``) and translate it with the
webhooks' own ``order_snapshot``, so an order read here is recorded exactly as a delivery
would record it (``orders.record.apply_snapshot``). A read's snapshot is versioned with the
moment it was asked for: a webhook issued later is newer and wins.

* ``read_order``: one order, for a caller who asked about an order Foresight does not hold
  (``graphql/access.py`` decides who may make it happen). An ID that is not an order's global
  ID is not sent; the read is shared while under way and for ``ORDER_READ_TTL`` seconds
  after, and "no such order" is remembered for ``NO_SUCH_ORDER_TTL`` seconds
  (``shared_reads``).
* ``order_pages`` / ``order_backfill_handler``: the backfill after an install
  (``orders/backfill.py``), ``FORESIGHT_BACKFILL_PAGE_SIZE`` orders a page.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..db import utcnow
from ..errors import WebhookError
from ..jobs.queue import Handler
from ..orders import backfill, record
from .models import Installation
from .saleor_client import SaleorClient
from .shared_reads import NO_SUCH_ORDER_TTL, SharedReads
from .webhooks.orders import order_snapshot
from .webhooks.parse import dig

logger = logging.getLogger(__name__)

# what follows "Order:" in an order's global ID (a UUID; older Saleors' numbers too)
ORDER_PK = re.compile(r"[0-9A-Za-z-]{1,64}")


@dataclass(frozen=True)
class ReadOrder:
    """An order as Saleor answered it, and when it was asked (the snapshot's version)."""

    snapshot: record.OrderSnapshot
    read_at: datetime


def is_order_id(value: str) -> bool:
    """Whether ``value`` is shaped like Saleor's global ID of an order (``Order:<pk>``)."""
    try:
        decoded = base64.b64decode(value.encode("ascii"), validate=True).decode("ascii")
    except (ValueError, binascii.Error, UnicodeError):
        return False
    kind, _, pk = decoded.partition(":")
    return kind == "Order" and ORDER_PK.fullmatch(pk) is not None


async def read_order(
    reads: SharedReads[ReadOrder],
    client: SaleorClient,
    installation_id: uuid.UUID,
    order_id: str,
) -> ReadOrder | None:
    """The order as Saleor has it now, or None when Saleor knows no such order."""
    if not is_order_id(order_id):
        return None

    async def ask_saleor() -> ReadOrder | None:
        read_at = utcnow()
        found = await client.order_for_record(order_id)
        return None if found is None else ReadOrder(order_snapshot(found), read_at)

    return await reads.read((installation_id, order_id), ask_saleor)


def order_pages(client: SaleorClient, page_size: int) -> backfill.OrderPages:
    """The backfill's pages, read from this Saleor."""

    async def page(since: datetime, after: str | None) -> backfill.Page:
        read_at = utcnow()
        connection = await client.orders_created_since(since, after=after, first=page_size)
        snapshots = []
        for edge in connection["edges"]:
            node = dig(edge, "node")
            try:
                snapshots.append(order_snapshot(node if isinstance(node, dict) else {}))
            except WebhookError as exc:  # one unreadable order does not stop the rest
                logger.warning("backfill skips an order of %s: %s", client.api_url, exc)
        info: Mapping[str, Any] = connection.get("pageInfo") or {}
        cursor = info.get("endCursor")
        return backfill.Page(
            orders=tuple(snapshots),
            end_cursor=cursor if isinstance(cursor, str) else None,
            has_next=bool(info.get("hasNextPage")),
            read_at=read_at,
        )

    return page


def order_backfill_handler(
    sessionmaker: async_sessionmaker[AsyncSession],
    load: Callable[[uuid.UUID], Awaitable[Installation]],
    client_for: Callable[[Installation], SaleorClient],
    page_size: int,
) -> Handler:
    async def run(installation_id: uuid.UUID, payload: Mapping[str, Any]) -> None:
        installation = await load(installation_id)
        if not installation.active:
            return  # removed since: nothing to bring in for it
        pages = order_pages(client_for(installation), page_size)
        await backfill.run(sessionmaker.begin, installation_id, pages)

    return run


__all__ = [
    "NO_SUCH_ORDER_TTL",
    "ReadOrder",
    "is_order_id",
    "order_backfill_handler",
    "order_pages",
    "read_order",
]
