"""The upload sweep: tickets nobody confirmed are rejected as EXPIRED, their objects deleted.

A ticket staff or a buyer asked for and never confirmed (a closed tab, a claim given up)
would stay PENDING for ever, and its file, if the browser did upload one, in the bucket.
Once a day past its confirmation window (``sweepable_at``: ``expires_at`` +
``uploads.CONFIRM_WINDOW`` + ``GRACE``), when no confirm can accept it any more, the
``upload_sweep`` job deletes the object (one that is already gone is fine) and only then
marks the row REJECTED with EXPIRED, in batches. A storage failure leaves the row PENDING
for the next run; the run raises at its end, so the queue retries it and keeps the error.
Only PENDING rows are read, and rows a table declares ``unattached``: an upload accepted
by the checks but never tied to what it was sent for (a claim photo whose claimCreate was
then refused) is swept the same way, its buyer copy and thumbnail with it, once nothing can
take it any more and any retention has lapsed. An upload in use is never touched.

Both kinds of upload ticket are swept, each described by a ``TicketTable``: dispatch
uploads in ``dispatch.service``, claim photos in ``claims.photos``. ``runtime.py``
hands the job both, so this package never imports the domains built on it.

Scheduling: one job per installation pending at a time. Creating a ticket calls
``schedule``, an indexed look-up once a sweep is pending, else an insert that a ticket
created at the same moment cannot make fail; each run first schedules its successor a day
later, so even a failing run has one. Dedupe keys name the day (``upload-sweep:<date>``):
a run retried or repeated on a day adds no second successor. Installations that never ask
for a ticket never get a sweep.

Object Lock: a presigned POST carries no retention fields and ``retain`` is called only
for an upload a confirm accepted, so an unconfirmed original is deletable. A bucket with a
default retention rule would lock it anyway; then the delete is refused, the row stays
PENDING and every run fails with the reason (the README says not to set such a rule).
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..db import Base, utcnow
from ..jobs.models import Job, JobStatus
from ..jobs.queue import Handler, enqueue_once
from ..storage import ObjectNotFound, Storage, StorageError, StorageUnavailable
from .errors import EXPIRED_MESSAGE, PhotoErrorCode
from .uploads import CONFIRM_WINDOW

logger = logging.getLogger(__name__)

UPLOAD_SWEEP = "upload_sweep"
GRACE = timedelta(days=1)
INTERVAL = timedelta(days=1)
BATCH = 200

UnitOfWork = Callable[[], AbstractAsyncContextManager[AsyncSession]]


@dataclass(frozen=True)
class TicketTable:
    """A table of upload tickets (``models.TicketColumns``, with ``id`` and
    ``installation_id``); ``pending`` until a confirm decides, ``rejected`` when it refuses.

    ``unattached(now)``, when given, matches decided rows that were never put to use and
    can no longer be (swept like expired tickets); ``copies`` names the columns holding the
    keys of objects made from the upload, deleted with it."""

    model: type[Base]
    pending: str
    rejected: str
    unattached: Callable[[datetime], ColumnElement[bool]] | None = None
    copies: tuple[str, ...] = ()

    def sweepable(self, now: datetime) -> ColumnElement[bool]:
        """The rows this sweep may reject: pending ones, and unattached ones if declared."""
        pending = self.model.__table__.c.status == self.pending
        return pending if self.unattached is None else or_(pending, self.unattached(now))


@dataclass(frozen=True)
class Expired:
    id: uuid.UUID
    storage_key: str
    expires_at: datetime
    copies: tuple[str | None, ...] = ()


@dataclass
class SweepReport:
    rejected: int = 0
    failed: int = 0  # objects the storage refused to delete; their rows stay PENDING


def sweepable_at(expires_at: datetime) -> datetime:
    """When a ticket expiring at ``expires_at`` may be swept: no confirm accepts it then."""
    return expires_at + CONFIRM_WINDOW + GRACE


async def schedule(session: AsyncSession, installation_id: uuid.UUID, at: datetime) -> None:
    """Make sure the installation has a sweep pending; if none is, the next runs at ``at``."""
    pending = await session.scalar(
        select(Job.id)
        .where(
            Job.status == JobStatus.PENDING,
            Job.installation_id == installation_id,
            Job.kind == UPLOAD_SWEEP,
        )
        .limit(1)
    )
    if pending is None:
        await _enqueue(session, installation_id, at)


async def sweep(
    transaction: UnitOfWork,
    storage: Storage,
    installation_id: uuid.UUID,
    tables: Sequence[TicketTable],
    now: datetime,
) -> SweepReport:
    """Reject the installation's tickets past ``sweepable_at`` and delete their objects.

    ``StorageUnavailable`` stops the sweep (the next run finds the objects it deleted by then
    gone, and marks their rows); a delete the storage refuses is logged and counted, and the
    sweep goes on."""
    report = SweepReport()
    cutoff = now - CONFIRM_WINDOW - GRACE
    for tickets in tables:
        after: tuple[datetime, uuid.UUID] | None = None
        while True:
            async with transaction() as session:
                batch = await _expired(session, tickets, installation_id, cutoff, now, after)
            gone = await _delete_objects(storage, batch, report)
            async with transaction() as session:
                report.rejected += await _reject(session, tickets, gone, now)
            if len(batch) < BATCH:
                break
            after = (batch[-1].expires_at, batch[-1].id)
    return report


def upload_sweep_handler(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    tables: Sequence[TicketTable],
) -> Handler:
    """The job handler: the next run is scheduled first, then this one sweeps ``storage``
    (the app's)."""

    async def run(installation_id: uuid.UUID, payload: Mapping[str, Any]) -> None:
        now = utcnow()
        async with sessionmaker.begin() as session:
            await _enqueue(session, installation_id, now + INTERVAL)
        report = await sweep(sessionmaker.begin, storage, installation_id, tables, now)
        if report.failed:
            raise StorageError(
                f"{report.failed} expired upload(s) could not be deleted and stay pending"
            )

    return run


async def _enqueue(session: AsyncSession, installation_id: uuid.UUID, at: datetime) -> None:
    await enqueue_once(
        session,
        installation_id,
        UPLOAD_SWEEP,
        {},
        dedupe_key=f"upload-sweep:{at.date().isoformat()}",
        run_after=at,
    )


async def _expired(
    session: AsyncSession,
    tickets: TicketTable,
    installation_id: uuid.UUID,
    cutoff: datetime,
    now: datetime,
    after: tuple[datetime, uuid.UUID] | None,
) -> list[Expired]:
    """The next batch of sweepable tickets that expired before ``cutoff``, oldest first."""
    c = tickets.model.__table__.c
    query = select(c.id, c.storage_key, c.expires_at, *(c[name] for name in tickets.copies)).where(
        c.installation_id == installation_id,
        tickets.sweepable(now),
        c.expires_at < cutoff,
    )
    if after is not None:  # past the rows already seen, those left PENDING included
        query = query.where(
            or_(c.expires_at > after[0], and_(c.expires_at == after[0], c.id > after[1]))
        )
    rows = await session.execute(query.order_by(c.expires_at, c.id).limit(BATCH))
    return [Expired(row[0], row[1], row[2], tuple(row[3:])) for row in rows]


async def _delete_objects(
    storage: Storage, batch: Sequence[Expired], report: SweepReport
) -> list[uuid.UUID]:
    """Delete each ticket's object; the tickets whose object is now known to be gone."""
    gone: list[uuid.UUID] = []
    for ticket in batch:
        try:
            for key in (*(copy for copy in ticket.copies if copy), ticket.storage_key):
                # never uploaded, or deleted by an earlier run
                with contextlib.suppress(ObjectNotFound):
                    await storage.delete(key)
        except StorageUnavailable:
            raise
        except StorageError as exc:
            logger.warning("expired upload %s: deleting its object failed: %s", ticket.id, exc)
            report.failed += 1
            continue
        gone.append(ticket.id)
    return gone


async def _reject(
    session: AsyncSession, tickets: TicketTable, ids: Sequence[uuid.UUID], now: datetime
) -> int:
    if not ids:
        return 0
    c = tickets.model.__table__.c
    result = await session.execute(
        update(tickets.model)
        # a confirm may have decided first, or a claim taken the photo
        .where(c.id.in_(ids), tickets.sweepable(now))
        .values(
            status=tickets.rejected,
            rejection_code=PhotoErrorCode.EXPIRED.value,
            rejection_message=EXPIRED_MESSAGE,
            decided_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
