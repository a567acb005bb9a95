"""The claims job: one job kind, ``claims``, for the two things claims leave to the worker.

``{"task": "sweep"}`` escalates every claim of the installation whose response deadline
passed (``sweep.py``). It is scheduled with the change that sets a deadline, for the first
five-minute slot at or after the deadline, with the dedupe key ``claims-sweep:<slot>``:
one sweep per slot and installation however many deadlines fall in it, written in the same
transaction as the deadline (an outbox, never a timer), and since a sweep takes every
overdue claim, a late or retried one misses nothing.

``{"task": "resolve", "resolution": id}`` carries out the next steps of a resolution in
Saleor (``carry_out.py``); each enqueue has its own dedupe key, ``claim-resolution:<id>:<n>``
(n counts the runs), so a retry or a confirmation check is a new job, not a lost one.
"""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from ..jobs.models import Job
from ..jobs.queue import enqueue
from .models import ClaimResolution

CLAIMS_JOB = "claims"
SWEEP_SLOT = timedelta(minutes=5)
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def slot_after(moment: datetime) -> datetime:
    """The first slot boundary at or after ``moment``."""
    slots = math.ceil((moment - _EPOCH) / SWEEP_SLOT)
    return _EPOCH + slots * SWEEP_SLOT


async def schedule_sweep(
    session: AsyncSession, installation_id: uuid.UUID, deadline: datetime
) -> Job:
    slot = slot_after(deadline)
    return await enqueue(
        session,
        installation_id,
        CLAIMS_JOB,
        {"task": "sweep"},
        dedupe_key=f"claims-sweep:{slot.isoformat()}",
        run_after=slot,
    )


async def schedule_resolution(
    session: AsyncSession,
    resolution: ClaimResolution,
    run_after: datetime | None = None,
    *,
    attempt_now: bool = False,
) -> Job:
    """Queue the next run for a resolution (flushes the resolution's run counter);
    ``attempt_now``: the request that decided it tries it once it commits (``jobs/queue.py``)."""
    resolution.runs += 1
    resolution.next_attempt_at = run_after
    return await enqueue(
        session,
        resolution.installation_id,
        CLAIMS_JOB,
        {"task": "resolve", "resolution": str(resolution.id)},
        dedupe_key=f"claim-resolution:{resolution.id}:{resolution.runs}",
        run_after=run_after,
        attempt_now=attempt_now,
    )
