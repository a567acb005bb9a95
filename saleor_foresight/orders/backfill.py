"""Bring in the orders a shop placed before it installed Foresight.

An install schedules one ``orders.backfill`` job (``schedule``, in the registration's
transaction) when ``FORESIGHT_BACKFILL_DAYS`` is above 0. The job pages through the orders
Saleor created since then, oldest first, and records each page through ``record.apply_snapshot``
— the path the webhooks take — in one transaction with the progress row: the cursor after
the page, the pages and orders so far. So:

* a job that dies mid-way runs again (the queue's lease lapses) and resumes after the last
  page it recorded; a page recorded twice changes nothing;
* a page's snapshots carry the moment the page was asked for as their version, so a webhook
  issued after that (a newer snapshot) is never overwritten, whichever is recorded first;
* a page that fails leaves its error in ``last_error`` and the queue retries it with backoff;
  when the queue gives up, the backfill shows FAILED.

Saleor is read through ``OrderPages`` (``plugin/saleor_orders.py``): this module knows
nothing of Saleor's wire format.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import utcnow
from ..jobs.models import Job, JobStatus
from ..jobs.queue import enqueue
from . import record
from .models import OrderBackfill

BACKFILL_JOB = "orders.backfill"
DEDUPE_KEY = "order-backfill"

UnitOfWork = Callable[[], AbstractAsyncContextManager[AsyncSession]]


class BackfillStatus(StrEnum):
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"  # the queue gave up; ``last_error`` says why


@dataclass(frozen=True)
class Page:
    """One page of orders as Saleor had them at ``read_at`` (when the page was asked for)."""

    orders: Sequence[record.OrderSnapshot]
    end_cursor: str | None
    has_next: bool
    read_at: datetime


class OrderPages(Protocol):
    """The page of orders created since ``since`` that follows the cursor ``after``."""

    async def __call__(self, since: datetime, after: str | None) -> Page: ...


@dataclass(frozen=True)
class Progress:
    status: BackfillStatus
    since: datetime
    pages: int
    orders: int
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    last_error: str | None


async def schedule(
    session: AsyncSession, installation_id: uuid.UUID, days: int, now: datetime | None = None
) -> OrderBackfill | None:
    """Start bringing in the last ``days`` days of orders, once per installation (a reinstall
    keeps the backfill it has); None when ``days`` is 0."""
    if days <= 0:
        return None
    held = await _row(session, installation_id)
    if held is not None:
        return held
    moment = now or utcnow()
    row = OrderBackfill(
        installation_id=installation_id,
        since=moment - timedelta(days=days),
        pages=0,
        orders=0,
        started_at=moment,
        updated_at=moment,
    )
    session.add(row)
    await enqueue(session, installation_id, BACKFILL_JOB, {}, dedupe_key=DEDUPE_KEY)
    await session.flush()
    return row


async def run(transaction: UnitOfWork, installation_id: uuid.UUID, pages: OrderPages) -> None:
    """Record page after page from where the last run stopped, until the last page."""
    async with transaction() as session:
        row = await _row(session, installation_id)
        if row is None or row.finished_at is not None:
            return
        since, cursor = row.since, row.cursor
    while True:
        try:
            page = await pages(since, cursor)
        except Exception as exc:
            async with transaction() as session:
                failed = await _row(session, installation_id)
                if failed is not None:
                    failed.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                    failed.updated_at = utcnow()
            raise
        async with transaction() as session:
            row = await _row(session, installation_id)
            if row is None or row.cursor != cursor or row.finished_at is not None:
                return  # removed, or another run recorded this page meanwhile
            for snapshot in page.orders:
                await record.apply_snapshot(session, installation_id, snapshot, page.read_at)
            row.cursor = page.end_cursor or cursor
            row.pages += 1
            row.orders += len(page.orders)
            row.last_error = None
            row.updated_at = utcnow()
            if not page.has_next or not page.end_cursor:
                row.finished_at = row.updated_at
                return
            cursor = row.cursor


async def progress(session: AsyncSession, installation_id: uuid.UUID) -> Progress | None:
    """How the backfill stands; None when there is none (installed with 0 days)."""
    row = await _row(session, installation_id)
    if row is None:
        return None
    job_status = await session.scalar(
        select(Job.status).where(
            Job.installation_id == installation_id, Job.dedupe_key == DEDUPE_KEY
        )
    )
    if row.finished_at is not None:
        status = BackfillStatus.DONE
    elif job_status == JobStatus.FAILED:
        status = BackfillStatus.FAILED
    else:
        status = BackfillStatus.RUNNING
    return Progress(
        status=status,
        since=row.since,
        pages=row.pages,
        orders=row.orders,
        started_at=row.started_at,
        updated_at=row.updated_at,
        finished_at=row.finished_at,
        last_error=row.last_error,
    )


async def _row(session: AsyncSession, installation_id: uuid.UUID) -> OrderBackfill | None:
    found: OrderBackfill | None = await session.scalar(
        select(OrderBackfill).where(OrderBackfill.installation_id == installation_id)
    )
    return found
