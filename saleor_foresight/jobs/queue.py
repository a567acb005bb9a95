"""Enqueue jobs in the caller's transaction; claim and run them with leases, retries and backoff.

No task library serves both the embedded SQLite default and PostgreSQL (procrastinate and
saq need PostgreSQL or Redis, huey SQLite or Redis), so this is the small outbox table the
design names. A worker claims a due job with a conditional UPDATE (a lease in
``locked_until``, owned by the pass's ``lease_token``), which is atomic on both databases.
The lease is short and a heartbeat renews it while the pass holds the job, so a long handler
keeps it and a worker that dies leaves a lease that lapses within ``LEASE``; the job then runs
again. Handlers must therefore be idempotent. A pass that lost its lease does not record the
outcome over the run of the worker that took the job.

A job may also be tried at once: ``enqueue(..., attempt_now=True)`` (or ``attempt_after_commit``)
notes it on the session (``session.info``), and the edge that owns the transaction tries the
noted jobs once it committed, never after a rollback (``graphql/context.Context.transaction``
takes them with ``attempts_after_commit``). A job is noted only where a request's answer
should already show its effect (a resolution carried out, an acceptance written into the
checkout); a job scheduled for later, or one a webhook or the worker queues, is not.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..db import insert_or_merge, utcnow
from .models import Job, JobStatus

logger = logging.getLogger(__name__)

Handler = Callable[[uuid.UUID, Mapping[str, Any]], Awaitable[None]]

LEASE = timedelta(seconds=30)  # renewed every third of it while the job is held
BACKOFF_BASE = timedelta(seconds=5)
BACKOFF_CAP = timedelta(hours=1)
_ATTEMPT_NOW = "foresight.jobs.attempt_now"  # the session.info key of the noted job IDs


async def enqueue(
    session: AsyncSession,
    installation_id: uuid.UUID,
    kind: str,
    payload: Mapping[str, Any],
    *,
    dedupe_key: str | None = None,
    run_after: datetime | None = None,
    attempt_now: bool = False,
) -> Job:
    """Add a job in the caller's transaction; the same ``dedupe_key`` is enqueued once.

    ``attempt_now``: try the job (the one added, or the one already under the key) as soon as
    the transaction commits (see the module docstring)."""
    job = await _enqueue(session, installation_id, kind, payload, dedupe_key, run_after)
    if attempt_now:
        attempt_after_commit(session, job)
    return job


def attempt_after_commit(session: AsyncSession, job: Job) -> None:
    """Note ``job`` to be tried at once after ``session``'s transaction commits."""
    session.info.setdefault(_ATTEMPT_NOW, []).append(job.id)


def attempts_after_commit(session: AsyncSession) -> list[uuid.UUID]:
    """The jobs noted on ``session`` to try at once, in the order noted (and forget them)."""
    noted: list[uuid.UUID] = session.info.pop(_ATTEMPT_NOW, [])
    return list(dict.fromkeys(noted))


async def _enqueue(
    session: AsyncSession,
    installation_id: uuid.UUID,
    kind: str,
    payload: Mapping[str, Any],
    dedupe_key: str | None,
    run_after: datetime | None,
) -> Job:
    if dedupe_key is not None:
        existing = await session.scalar(
            select(Job).where(Job.installation_id == installation_id, Job.dedupe_key == dedupe_key)
        )
        if existing is not None:
            return existing
    job = Job(
        installation_id=installation_id,
        kind=kind,
        payload=dict(payload),
        dedupe_key=dedupe_key,
        run_after=run_after or utcnow(),
    )
    session.add(job)
    await session.flush()
    return job


async def enqueue_once(
    session: AsyncSession,
    installation_id: uuid.UUID,
    kind: str,
    payload: Mapping[str, Any],
    *,
    dedupe_key: str,
    run_after: datetime | None = None,
) -> bool:
    """``enqueue`` for a key that concurrent transactions may enqueue at the same moment
    (``INSERT … ON CONFLICT DO NOTHING``: the later one neither fails nor waits for a retry);
    whether this call added the job."""
    now = utcnow()
    statement = (
        insert_or_merge(session, Job)
        .values(
            id=uuid.uuid4(),
            installation_id=installation_id,
            kind=kind,
            payload=dict(payload),
            dedupe_key=dedupe_key,
            run_after=run_after or now,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["installation_id", "dedupe_key"])
        .returning(Job.id)
    )
    return (await session.execute(statement)).scalar_one_or_none() is not None


@dataclass
class RunReport:
    done: int = 0
    retried: int = 0
    failed: int = 0


class Worker:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        handlers: Mapping[str, Handler],
        *,
        lease: timedelta = LEASE,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._handlers = dict(handlers)
        self._lease = lease

    async def run_once(self, limit: int = 20, *, job_id: uuid.UUID | None = None) -> RunReport:
        """Claim and run up to ``limit`` due jobs (or just ``job_id``, when due)."""
        report = RunReport()
        token = uuid.uuid4().hex
        claimed = await self._claim(limit, job_id, token)
        held = {job.id for job in claimed}
        async with self._heartbeat(held, token):
            for job in claimed:
                try:
                    await self._run(job, token, report)
                finally:
                    held.discard(job.id)
        return report

    async def _claim(self, limit: int, job_id: uuid.UUID | None, token: str) -> list[Job]:
        now = utcnow()
        due = (
            select(Job.id)
            .where(
                Job.status == JobStatus.PENDING,
                Job.run_after <= now,
                or_(Job.locked_until.is_(None), Job.locked_until < now),
            )
            .order_by(Job.run_after)
            .limit(limit)
        )
        if job_id is not None:
            due = due.where(Job.id == job_id)
        claimed = []
        async with self._sessionmaker.begin() as session:
            for candidate in (await session.scalars(due)).all():
                taken = await session.execute(
                    update(Job)
                    .where(
                        Job.id == candidate,
                        Job.status == JobStatus.PENDING,
                        or_(Job.locked_until.is_(None), Job.locked_until < now),
                    )
                    .values(
                        locked_until=now + self._lease,
                        lease_token=token,
                        attempts=Job.attempts + 1,
                    )
                    .execution_options(synchronize_session=False)
                )
                if taken.rowcount == 1:  # type: ignore[attr-defined]
                    claimed.append(candidate)
            jobs = (await session.scalars(select(Job).where(Job.id.in_(claimed)))).all()
        order = {job_id: index for index, job_id in enumerate(claimed)}
        return sorted(jobs, key=lambda job: order[job.id])

    @contextlib.asynccontextmanager
    async def _heartbeat(self, held: set[uuid.UUID], token: str) -> AsyncIterator[None]:
        """Renew the lease of the jobs this pass still holds until the pass ends."""
        task = asyncio.create_task(self._renew(held, token)) if held else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _renew(self, held: set[uuid.UUID], token: str) -> None:
        interval = self._lease.total_seconds() / 3
        while held:
            await asyncio.sleep(interval)
            try:
                async with self._sessionmaker.begin() as session:
                    await session.execute(
                        update(Job)
                        .where(
                            Job.id.in_(list(held)),
                            Job.lease_token == token,
                            Job.status == JobStatus.PENDING,
                        )
                        .values(locked_until=utcnow() + self._lease)
                        .execution_options(synchronize_session=False)
                    )
            except Exception:  # a missed beat is retried at the next one
                logger.warning("job lease renewal failed", exc_info=True)

    async def _run(self, job: Job, token: str, report: RunReport) -> None:
        handler = self._handlers.get(job.kind)
        error: str | None = None
        try:
            if handler is None:
                raise LookupError(f"no handler for job kind {job.kind!r}")
            await handler(job.installation_id, job.payload)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"[:2000]
            logger.warning(
                "job %s (%s) attempt %d failed: %s", job.id, job.kind, job.attempts, error
            )
        async with self._sessionmaker.begin() as session:
            current = await session.get(Job, job.id, with_for_update=True)
            if current is None:
                return
            if current.lease_token != token:
                logger.warning("job %s (%s) lost its lease while running", job.id, job.kind)
                return
            current.locked_until = None
            current.lease_token = None
            if error is None:
                current.status = JobStatus.DONE
                current.finished_at = utcnow()
                report.done += 1
            elif current.attempts >= current.max_attempts:
                current.status = JobStatus.FAILED
                current.last_error = error
                current.finished_at = utcnow()
                report.failed += 1
            else:
                current.last_error = error
                current.run_after = utcnow() + backoff(current.attempts)
                report.retried += 1


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s … at most an hour."""
    delay: timedelta = BACKOFF_BASE * (2 ** max(attempts - 1, 0))
    return min(delay, BACKOFF_CAP)


__all__ = ["Job", "JobStatus", "RunReport", "Worker", "backoff", "enqueue", "enqueue_once"]
