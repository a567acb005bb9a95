"""orderBackfill: how bringing in the orders placed before the install stands."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from ...orders import backfill
from ..access import MANAGE_ORDERS
from ..context import Info


@strawberry.enum(description="Where bringing in the orders placed before the install stands.")
class OrderBackfillStatus(Enum):
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"


@strawberry.type(
    description="The orders the shop placed before it installed Foresight, brought in from "
    "Saleor a page at a time by a background job."
)
class OrderBackfill:
    status: OrderBackfillStatus
    since: datetime = strawberry.field(description="Orders created from then on are brought in.")
    orders: int = strawberry.field(description="Orders brought in so far.")
    pages: int = strawberry.field(description="Pages of orders read from Saleor so far.")
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    last_error: str | None = strawberry.field(
        description="Why the last page failed; cleared by the next page read."
    )

    @classmethod
    def of(cls, progress: backfill.Progress) -> OrderBackfill:
        return cls(
            status=OrderBackfillStatus(progress.status.value),
            since=progress.since,
            orders=progress.orders,
            pages=progress.pages,
            started_at=progress.started_at,
            updated_at=progress.updated_at,
            finished_at=progress.finished_at,
            last_error=progress.last_error,
        )


@strawberry.type
class OrderQuery:
    @strawberry.field(
        description="How bringing in the orders placed before the install stands; null when "
        "the install brought none in (FORESIGHT_BACKFILL_DAYS=0). Needs MANAGE_ORDERS."
    )
    async def order_backfill(self, info: Info) -> OrderBackfill | None:
        context = info.context
        context.staff(MANAGE_ORDERS)
        progress = await backfill.progress(context.session, context.installation.id)
        return None if progress is None else OrderBackfill.of(progress)
