"""Calls to Saleor queued as jobs (``saleor_calls``): carried out by the worker, retried until
Saleor answers, each taking effect once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from saleor_foresight.db import utcnow
from saleor_foresight.jobs.models import Job, JobStatus
from saleor_foresight.jobs.queue import enqueue
from saleor_foresight.plugin import installations
from saleor_foresight.plugin.saleor_jobs import CALLS
from saleor_foresight.runtime import AppState
from saleor_foresight.saleor_calls import (
    SALEOR_CALL,
    SaleorCall,
    order_confirm,
    order_note,
    private_metadata,
)
from tests.saleor_double import SaleorDouble, WorkerDied


async def test_a_metadata_write_is_carried_out_and_retried_until_saleor_answers(
    state: AppState,
    installed: SaleorDouble,
) -> None:
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    async with state.sessionmaker.begin() as session:
        installation = await installations.get_active(session, installed.api_url)
        job = await private_metadata(
            session, installation.id, checkout["id"], {"foresight.acceptance": "{}"}
        )

    # Saleor is down for the first try
    installed.fail_next(state.settings.saleor_attempts)
    await state.run_job_now(job.id)
    assert installed.private_metadata(checkout["id"]) == {}

    # the worker tries again once the backoff has passed
    async with state.sessionmaker.begin() as session:
        row = await session.get(Job, job.id)
        assert row is not None and row.status == JobStatus.PENDING
        row.run_after = utcnow() - timedelta(seconds=1)
    await state.worker.run_once()

    assert installed.private_metadata(checkout["id"]) == {"foresight.acceptance": "{}"}


async def test_a_job_naming_a_call_foresight_does_not_make_is_refused(
    state: AppState, installed: SaleorDouble
) -> None:
    # given a stored job whose payload names a client method that is not a call jobs make
    async with state.sessionmaker.begin() as session:
        installation = await installations.get_active(session, installed.api_url)
        job = await enqueue(
            session, installation.id, SALEOR_CALL, {"method": "app_id", "arguments": {}}
        )

    sent = len(installed.requests)

    # when
    await state.run_job_now(job.id)

    # then nothing was asked of Saleor, and the job is not done
    assert len(installed.requests) == sent
    assert await job_status(state, job) != JobStatus.DONE


def test_every_call_a_domain_may_queue_is_carried_out() -> None:
    assert set(CALLS) == set(SaleorCall)


# -- exactly once: a call whose answer is lost, or whose worker dies, is not sent twice ------

LOST = ["502", "timeout", "drop", "die"]


async def queue_note(state: AppState, saleor: SaleorDouble, order_id: str, message: str) -> Job:
    async with state.sessionmaker.begin() as session:
        installation = await installations.get_active(session, saleor.api_url)
        return await order_note(session, installation.id, order_id, message)


async def queue_confirm(state: AppState, saleor: SaleorDouble, order_id: str) -> Job:
    async with state.sessionmaker.begin() as session:
        installation = await installations.get_active(session, saleor.api_url)
        return await order_confirm(session, installation.id, order_id, dedupe_key=None)


async def run_losing_the_answer(state: AppState, job: Job, how: str) -> None:
    """Run the job once (Saleor carries the call out and the answer is lost); when the worker
    died, run it again once its lease is over, as another worker would."""
    if how != "die":
        await state.run_job_now(job.id)
        return
    with pytest.raises(WorkerDied):
        await state.run_job_now(job.id)
    async with state.sessionmaker.begin() as session:
        row = await session.get(Job, job.id)
        assert row is not None and row.status == JobStatus.PENDING
        row.locked_until = utcnow() - timedelta(seconds=1)
    await state.worker.run_once()


async def job_status(state: AppState, job: Job) -> str:
    async with state.sessionmaker() as session:
        row = await session.get(Job, job.id)
        assert row is not None
        return str(row.status)


@pytest.mark.parametrize("how", LOST)
async def test_a_note_whose_answer_is_lost_is_added_once(
    state: AppState, installed: SaleorDouble, how: str
) -> None:
    # given
    order = installed.add_order([(installed.add_product(), 1)])
    job = await queue_note(state, installed, order["id"], "Claim #1.")
    installed.lose_answer_to("orderNoteAdd", how)

    # when
    await run_losing_the_answer(state, job, how)

    # then the order has the note once, and the job is done
    assert [e["message"] for e in order["events"]] == ["Claim #1."]
    assert len(installed.calls_to("orderNoteAdd")) == 1
    assert await job_status(state, job) == JobStatus.DONE


@pytest.mark.parametrize("how", LOST)
async def test_an_order_confirm_whose_answer_is_lost_confirms_once(
    state: AppState, installed: SaleorDouble, how: str
) -> None:
    # given
    order = installed.add_order([(installed.add_product(), 1)], status="UNCONFIRMED")
    job = await queue_confirm(state, installed, order["id"])
    installed.lose_answer_to("orderConfirm", how)

    # when
    await run_losing_the_answer(state, job, how)

    # then
    assert order["status"] == "UNFULFILLED"
    assert [e["type"] for e in order["events"]] == ["CONFIRMED"]
    assert len(installed.calls_to("orderConfirm")) == 1
    assert await job_status(state, job) == JobStatus.DONE


async def test_an_order_confirmed_meanwhile_is_not_confirmed_again(
    state: AppState, installed: SaleorDouble
) -> None:
    # given staff confirmed the order in the Dashboard before the job ran
    order = installed.add_order([(installed.add_product(), 1)], status="UNFULFILLED")
    job = await queue_confirm(state, installed, order["id"])

    # when
    await state.run_job_now(job.id)

    # then
    assert installed.calls_to("orderConfirm") == []
    assert await job_status(state, job) == JobStatus.DONE
