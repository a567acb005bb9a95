"""The job queue: enqueued with the change, run once, retried with backoff, never lost."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.db import utcnow
from saleor_foresight.jobs.models import Job, JobStatus
from saleor_foresight.jobs.queue import Worker, backoff, enqueue
from tests.factories import make_installation


class Recorder:
    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.calls: list[Mapping[str, Any]] = []

    async def __call__(self, installation_id: uuid.UUID, payload: Mapping[str, Any]) -> None:
        self.calls.append(payload)
        if self.failures:
            self.failures -= 1
            raise RuntimeError("Saleor is down")


async def job_row(sessionmaker: async_sessionmaker[AsyncSession], job_id: uuid.UUID) -> Job:
    async with sessionmaker() as session:
        job = await session.get(Job, job_id)
        assert job is not None
        return job


async def test_a_job_enqueued_with_a_change_runs_once(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        job = await enqueue(session, installation.id, "note", {"text": "hello"})
    handler = Recorder()
    worker = Worker(sessionmaker, {"note": handler})

    first = await worker.run_once()
    second = await worker.run_once()

    assert (first.done, second.done) == (1, 0)
    assert handler.calls == [{"text": "hello"}]
    assert (await job_row(sessionmaker, job.id)).status == JobStatus.DONE


async def test_a_job_rolled_back_with_its_change_never_runs(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
    async with sessionmaker() as session:
        await enqueue(session, installation.id, "note", {})
        await session.rollback()
    handler = Recorder()

    report = await Worker(sessionmaker, {"note": handler}).run_once()

    assert report.done == 0 and handler.calls == []


async def test_a_failing_job_is_retried_later_with_backoff(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        job = await enqueue(session, installation.id, "note", {})
    handler = Recorder(failures=1)
    worker = Worker(sessionmaker, {"note": handler})

    failed = await worker.run_once()
    not_yet = await worker.run_once()
    row = await job_row(sessionmaker, job.id)

    assert (failed.retried, not_yet.done) == (1, 0)
    assert row.status == JobStatus.PENDING and row.last_error == "RuntimeError: Saleor is down"
    assert row.run_after > utcnow()

    # when the backoff has passed
    async with sessionmaker.begin() as session:
        current = await session.get(Job, job.id)
        assert current is not None
        current.run_after = utcnow() - timedelta(seconds=1)
    assert (await worker.run_once()).done == 1


async def test_a_job_gives_up_after_its_last_attempt_and_stays_visible(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        job = await enqueue(session, installation.id, "note", {})
        job.max_attempts = 2
    worker = Worker(sessionmaker, {"note": Recorder(failures=5)})

    for _ in range(2):
        await worker.run_once()
        async with sessionmaker.begin() as session:
            current = await session.get(Job, job.id)
            assert current is not None
            current.run_after = utcnow() - timedelta(seconds=1)

    row = await job_row(sessionmaker, job.id)
    assert row.status == JobStatus.FAILED and row.attempts == 2


async def test_a_job_held_by_a_live_lease_is_not_run_twice(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        job = await enqueue(session, installation.id, "note", {})
        job.locked_until = utcnow() + timedelta(minutes=1)  # another worker holds it
    handler = Recorder()

    report = await Worker(sessionmaker, {"note": handler}).run_once()

    assert report.done == 0 and handler.calls == []


async def test_the_same_dedupe_key_enqueues_once(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        first = await enqueue(session, installation.id, "note", {}, dedupe_key="k")
        again = await enqueue(session, installation.id, "note", {}, dedupe_key="k")

    async with sessionmaker() as session:
        rows = (await session.scalars(select(Job))).all()
    assert first.id == again.id and len(rows) == 1


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [5, 10, 20]
    assert backoff(40) == timedelta(hours=1)
