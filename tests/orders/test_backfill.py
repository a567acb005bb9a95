"""After an install, the shop's recent orders are brought in a page at a time by a job that
resumes where it stopped and never overwrites a newer snapshot from a webhook."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from saleor_foresight.db import utcnow
from saleor_foresight.jobs.models import Job
from saleor_foresight.orders import backfill, record
from saleor_foresight.orders.models import Order
from saleor_foresight.plugin import installations
from saleor_foresight.runtime import AppState
from saleor_foresight.settings import Settings
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble, WorkerDied

MANIFEST_URL = "https://foresight.test/api/manifest"
BACKFILL = """
query { orderBackfill { status orders pages since finishedAt lastError } }
"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The last 90 days are brought in, two orders a page."""
    return settings.model_copy(update={"backfill_days": 90, "backfill_page_size": 2})


def orders_placed(saleor: SaleorDouble, count: int) -> list[dict[str, Any]]:
    """``count`` orders of the last weeks, oldest first, and one from long ago."""
    start = datetime.now(UTC) - timedelta(days=30)
    placed = []
    for n in range(count):
        order = saleor.add_order([(saleor.add_product(), 1)], email=f"buyer{n}@example.com")
        order["created"] = (start + timedelta(days=n)).isoformat()
        placed.append(order)
    ancient = saleor.add_order([(saleor.add_product(), 1)])
    ancient["created"] = (datetime.now(UTC) - timedelta(days=400)).isoformat()
    return placed


async def recorded(state: AppState) -> dict[str, Order]:
    async with state.sessionmaker() as session:
        found = await session.scalars(select(Order).options(selectinload(Order.lines)))
        return {o.saleor_id: o for o in found}


async def progress(state: AppState, saleor: SaleorDouble) -> backfill.Progress:
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, saleor.api_url)
        found = await backfill.progress(session, installation.id)
    assert found is not None
    return found


async def test_an_install_brings_in_the_recent_orders_page_by_page(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given a shop with six orders of the last weeks (and one from long ago)
    placed = orders_placed(saleor, 6)

    # when it installs Foresight and the worker runs the job the install scheduled
    await saleor.install(client, MANIFEST_URL)
    staff = saleor.staff_token()
    before = (await gql(client, saleor, BACKFILL, token=staff)).json()["data"]["orderBackfill"]
    report = await state.worker.run_once()

    # then three pages were read, and the six orders recorded as the webhooks record them
    assert report.done == 1
    assert len(saleor.calls_to("orders")) == 3
    held = await recorded(state)
    assert set(held) == {o["id"] for o in placed}
    assert {o.user_email for o in held.values()} == {f"buyer{n}@example.com" for n in range(6)}
    assert all(len(o.lines) == 1 for o in held.values())
    # and staff see it done, in the API and in saleor-foresight check
    after = (await gql(client, saleor, BACKFILL, token=staff)).json()["data"]["orderBackfill"]
    assert (before["status"], before["orders"], before["pages"]) == ("RUNNING", 0, 0)
    assert (after["status"], after["orders"], after["pages"]) == ("DONE", 6, 3)
    assert after["finishedAt"] is not None and after["lastError"] is None
    since = datetime.fromisoformat(after["since"])
    assert timedelta(days=89) < datetime.now(UTC) - since < timedelta(days=91)


async def test_a_worker_that_dies_mid_way_resumes_after_the_last_page_recorded(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given a backfill of three pages whose worker dies once Saleor answered the second
    placed = orders_placed(saleor, 6)
    await saleor.install(client, MANIFEST_URL)
    saleor.lose_answer_to("orders", "die", after=1)

    with pytest.raises(WorkerDied):
        await state.worker.run_once()
    mid_way = await progress(state, saleor)
    assert (mid_way.status, mid_way.pages, mid_way.orders) == ("RUNNING", 1, 2)
    assert len(await recorded(state)) == 2

    # when the job's lease runs out and a worker takes it again
    async with state.sessionmaker.begin() as session:
        await session.execute(update(Job).values(locked_until=utcnow() - timedelta(seconds=1)))
    await state.worker.run_once()

    # then it went on from the second page, and every order is recorded once
    pages = saleor.calls_to("orders")
    assert len(pages) == 4
    assert pages[0]["after"] is None
    assert pages[1]["after"] == pages[2]["after"] is not None  # the lost page, asked again
    done = await progress(state, saleor)
    assert (done.status, done.pages, done.orders) == ("DONE", 3, 6)
    assert set(await recorded(state)) == {o["id"] for o in placed}


async def test_a_newer_webhook_snapshot_is_never_overwritten(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given a shipped order whose FULFILLMENT_CREATED was issued after the backfill read it
    placed = orders_placed(saleor, 3)
    await saleor.install(client, MANIFEST_URL)
    shipped = placed[1]
    parcel = saleor.add_fulfillment(shipped, tracking_number="DHL-NEW")
    later = datetime.now(UTC) + timedelta(minutes=5)
    delivered = await saleor.deliver(
        client, "FULFILLMENT_CREATED", order=shipped, fulfillment=parcel, issued_at=later
    )
    assert delivered.status_code == 200
    # and Saleor's page still shows the order as it was before (the read came first)
    shipped["status"], shipped["fulfillments"] = "UNFULFILLED", []
    shipped["userEmail"] = "before@example.com"

    # when the backfill runs
    await state.worker.run_once()

    # then the webhook's snapshot stands, and the other orders were brought in
    held = await recorded(state)
    assert set(held) == {o["id"] for o in placed}
    order = held[shipped["id"]]
    assert (order.status, order.user_email) == ("FULFILLED", "buyer1@example.com")
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, saleor.api_url)
        fresh = await record.get_order(session, installation.id, shipped["id"])
    assert fresh is not None
    assert [(f.tracking_number, f.status) for f in fresh.fulfillments] == [("DHL-NEW", "FULFILLED")]
    assert (await progress(state, saleor)).orders == 3


async def test_a_failing_saleor_leaves_the_error_and_the_job_to_retry(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState, settings: Settings
) -> None:
    orders_placed(saleor, 2)
    await saleor.install(client, MANIFEST_URL)
    saleor.fail_next(settings.saleor_attempts)

    report = await state.worker.run_once()

    assert report.retried == 1
    stalled = await progress(state, saleor)
    assert stalled.status == "RUNNING" and stalled.pages == 0
    assert stalled.last_error is not None and "HTTP 503" in stalled.last_error

    # when the queue gives up, the backfill says so
    async with state.sessionmaker.begin() as session:
        await session.execute(update(Job).values(status="FAILED"))
    assert (await progress(state, saleor)).status == "FAILED"


async def test_no_backfill_when_turned_off(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    orders_placed(saleor, 2)
    state.settings = state.settings.model_copy(update={"backfill_days": 0})

    await saleor.install(client, MANIFEST_URL)
    await state.worker.run_once()

    assert saleor.calls_to("orders") == []
    staff = saleor.staff_token()
    answer = await gql(client, saleor, BACKFILL, token=staff)
    assert answer.json() == {"data": {"orderBackfill": None}}
