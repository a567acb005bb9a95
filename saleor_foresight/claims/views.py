"""When a buyer was shown the guidance for a reason, before filing (or instead of filing).

The widget reports each reason the buyer opens in the "report a problem" form. One row per
order and reason (``claim_guidance_view``) keeps the availability the reason had when it
was first shown, when it was first and last shown, and how often (counting stops at
``MAX_TIMES``). A monthly report compares these views with the claims filed after them.

The availability is Foresight's own (``guidance.py``), never the client's word. Two
requests at once for the same order and reason meet in one ``INSERT … ON CONFLICT DO
UPDATE``, atomic on PostgreSQL and SQLite, so neither fails on the unique constraint.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import insert_or_merge
from ..orders.models import Order
from . import guidance
from .guidance import Availability
from .models import ClaimReason, GuidanceView

# a counter for the report, not a limit: it stops here, far below the column's 2**31 - 1
MAX_TIMES = 1_000_000


async def buyer_shown(
    session: AsyncSession, order: Order, reason: ClaimReason, now: datetime
) -> GuidanceView:
    """Record that the buyer was shown ``reason``, as Foresight's guidance has it ``now``."""
    shown = await guidance.for_order(session, order.installation_id, order, now)
    return await guidance_shown(session, order, reason, shown.option(reason).availability, now)


async def guidance_shown(
    session: AsyncSession,
    order: Order,
    reason: ClaimReason,
    availability: Availability,
    now: datetime,
) -> GuidanceView:
    """Insert the order's row for ``reason``, or count one more view of it."""
    statement = insert_or_merge(session, GuidanceView).values(
        installation_id=order.installation_id,
        order_id=order.id,
        reason=reason,
        availability=availability,
        first_shown_at=now,
        last_shown_at=now,
        times=1,
    )
    upsert = statement.on_conflict_do_update(
        index_elements=[GuidanceView.order_id, GuidanceView.reason],
        set_={
            "last_shown_at": now,
            "times": case(
                (GuidanceView.times < MAX_TIMES, GuidanceView.times + 1),
                else_=GuidanceView.times,
            ),
        },
    ).returning(GuidanceView)
    rows = await session.scalars(upsert, execution_options={"populate_existing": True})
    return rows.one()
