"""Calls to Saleor written as jobs: carried out by the worker, retried until Saleor answers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from saleor_foresight.db import utcnow
from saleor_foresight.jobs.models import Job, JobStatus
from saleor_foresight.plugin import installations
from saleor_foresight.plugin.saleor_jobs import saleor_call
from saleor_foresight.plugin.state import AppState
from tests.saleor_double import SaleorDouble


async def test_a_metadata_write_is_carried_out_and_retried_until_saleor_answers(
    state: AppState,
    installed: SaleorDouble,
) -> None:
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    async with state.sessionmaker.begin() as session:
        installation = await installations.get_active(session, installed.api_url)
        job = await saleor_call(
            session, installation.id, "update_private_metadata",
            {"object_id": checkout["id"], "items": {"foresight.acceptance": "{}"}},
        )  # fmt: skip

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


async def test_only_known_calls_can_be_enqueued(state: AppState, installed: SaleorDouble) -> None:
    async with state.sessionmaker.begin() as session:
        installation = await installations.get_active(session, installed.api_url)
        with pytest.raises(ValueError, match="not a Saleor call"):
            await saleor_call(session, installation.id, "app_id", {})
