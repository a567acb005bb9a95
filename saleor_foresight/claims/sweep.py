"""The deadline sweep: escalate every claim whose response deadline passed, and tell staff.

Run by the worker as the ``claims`` job's ``sweep`` task (``jobs.schedule_sweep`` queues it
for the slot after each deadline it sets). One transaction per installation, under the
claim log lock, so a buyer or staff step at the same moment is either seen or waits. Each
missed deadline is acted on once (``overdue_notified_at``): the claim takes MISS_DEADLINE
(OPEN becomes ESCALATED; an ESCALATED claim stays so), and an order note tells staff in the
Dashboard. The deadline itself is kept, so the claim shows as overdue until staff act or
the buyer writes. A sweep also queues the next one, for the earliest deadline still ahead,
so a lost job is made good by any later sweep.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from ..saleor_calls import order_note
from . import config, log
from .jobs import SWEEP_SLOT, schedule_sweep
from .models import Claim
from .states import DEADLINE_STATES, Action
from .transitions import Step, take

BATCH = 500


def _due(installation_id: uuid.UUID) -> tuple[ColumnElement[bool], ...]:
    return (
        Claim.installation_id == installation_id,
        Claim.status.in_(DEADLINE_STATES),
        Claim.overdue_notified_at.is_(None),
        Claim.due_at.is_not(None),
    )


async def sweep(session: AsyncSession, installation_id: uuid.UUID, now: datetime) -> list[Claim]:
    """Escalate the installation's overdue claims; the claims escalated."""
    head = await log.lock(session, installation_id)
    overdue = list(
        await session.scalars(
            select(Claim)
            .where(*_due(installation_id), Claim.due_at <= now)
            .order_by(Claim.due_at)
            .limit(BATCH)
            .options(selectinload(Claim.lines), selectinload(Claim.resolutions),
                     selectinload(Claim.order))
            .execution_options(populate_existing=True)
        )
    )  # fmt: skip
    cal = config.calendar_of(await config.get(session, installation_id))
    for claim in overdue:
        due = claim.due_at
        assert due is not None
        await take(session, head, claim, Step(Action.MISS_DEADLINE, log.SYSTEM), now)
        claim.overdue_notified_at = now
        last_day = cal.last_day(due).isoformat()
        await order_note(
            session,
            installation_id,
            claim.order.saleor_id,
            f"Foresight claim #{claim.number} missed its response deadline (end of {last_day}) "
            "and is escalated: answer the buyer in Foresight.",
            dedupe_key=f"claim-overdue:{claim.id}:{due.isoformat()}",
        )
    following = await session.scalar(select(func.min(Claim.due_at)).where(*_due(installation_id)))
    if len(overdue) == BATCH:
        following = now + SWEEP_SLOT
    if following is not None:
        await schedule_sweep(session, installation_id, max(following, now + SWEEP_SLOT))
    await session.flush()
    return overdue
