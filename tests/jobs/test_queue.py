"""The job queue: enqueued with the change, run once, retried with backoff, never lost."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.db import utcnow
from saleor_foresight.jobs.models import Job, JobStatus
from saleor_foresight.jobs.queue import Worker, attempts_after_commit, backoff, enqueue
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


async def test_only_a_job_enqueued_to_attempt_now_is_noted_for_after_the_commit(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        now = await enqueue(session, installation.id, "note", {"n": 1}, attempt_now=True)
        await enqueue(session, installation.id, "note", {"n": 2})
        again = await enqueue(
            session, installation.id, "note", {"n": 3}, dedupe_key="k", attempt_now=True
        )
        await enqueue(session, installation.id, "note", {"n": 4}, dedupe_key="k", attempt_now=True)

        noted = attempts_after_commit(session)

    assert noted == [now.id, again.id]  # each once, in the order enqueued
    assert attempts_after_commit(session) == []  # taken, so tried once


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


class Blocker:
    """A handler that runs until released (or forever), counting how often it was started."""

    def __init__(self) -> None:
        self.started = 0
        self.running = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, installation_id: uuid.UUID, payload: Mapping[str, Any]) -> None:
        self.started += 1
        self.running.set()
        await self.release.wait()


SHORT = timedelta(milliseconds=300)


async def test_a_long_handler_keeps_its_lease_while_it_runs(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given a job whose handler runs for several leases
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        job = await enqueue(session, installation.id, "note", {})
    handler = Blocker()
    first = asyncio.create_task(Worker(sessionmaker, {"note": handler}, lease=SHORT).run_once())
    await handler.running.wait()

    # when another worker polls all that time
    second = Worker(sessionmaker, {"note": handler}, lease=SHORT)
    polled = []
    for _ in range(8):
        await asyncio.sleep(SHORT.total_seconds() / 2)
        polled.append((await second.run_once()).done)
    handler.release.set()
    report = await first

    # then only the first worker ran it, and its outcome stands
    assert handler.started == 1 and polled == [0] * 8
    assert report.done == 1
    row = await job_row(sessionmaker, job.id)
    assert row.status == JobStatus.DONE and row.attempts == 1


async def test_a_job_whose_worker_died_runs_again_after_the_short_lease(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given a worker that claimed a job and died while running it
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        job = await enqueue(session, installation.id, "note", {})
    hung = Blocker()
    dying = asyncio.create_task(Worker(sessionmaker, {"note": hung}, lease=SHORT).run_once())
    await hung.running.wait()
    dying.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await dying
    handler = Recorder()
    other = Worker(sessionmaker, {"note": handler}, lease=SHORT)

    # when another worker looks at once, and again once the lease has lapsed
    at_once = await other.run_once()
    await asyncio.sleep(SHORT.total_seconds() * 1.5)
    later = await other.run_once()

    # then the job waits out the lease only
    assert (at_once.done, later.done) == (0, 1) and len(handler.calls) == 1
    row = await job_row(sessionmaker, job.id)
    assert row.status == JobStatus.DONE and row.attempts == 2


async def test_a_running_job_is_leased_for_a_minute_at_most_by_default(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        job = await enqueue(session, installation.id, "note", {})
    handler = Blocker()
    running = asyncio.create_task(Worker(sessionmaker, {"note": handler}).run_once())
    await handler.running.wait()

    row = await job_row(sessionmaker, job.id)
    handler.release.set()
    await running

    assert row.locked_until is not None
    assert row.locked_until - utcnow() <= timedelta(minutes=1)


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [5, 10, 20]
    assert backoff(40) == timedelta(hours=1)
