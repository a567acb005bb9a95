"""Installations keep their Saleor webhooks in step with the manifest: once per release, through
the job queue, changing only the subscription queries that differ."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from saleor_foresight.app import create_app
from saleor_foresight.db import utcnow
from saleor_foresight.jobs.models import Job, JobStatus
from saleor_foresight.orders import record
from saleor_foresight.plugin import installations, webhook_sync
from saleor_foresight.plugin.models import Installation
from saleor_foresight.plugin.webhooks import BY_EVENT, WEBHOOKS
from saleor_foresight.runtime import AppState
from saleor_foresight.settings import Settings
from tests.saleor_double import SaleorDouble, global_id

MANIFEST_URL = "https://foresight.test/api/manifest"


def older(query: str) -> str:
    """The query as releases before the full shipping address had it: the country only."""
    block = re.compile(r"shippingAddress \{.*?country \{\s*code\s*\}\s*\}", re.DOTALL)
    old, found = block.subn("shippingAddress {\n    country {\n      code\n    }\n  }", query)
    assert found == 1
    return old


def held(saleor: SaleorDouble, event: str) -> dict[str, Any]:
    return saleor.installed_webhooks[event]


async def install_with_older(client: httpx.AsyncClient, saleor: SaleorDouble, *events: str) -> None:
    """Installed from the manifest, then Saleor's copies of ``events`` set back a release."""
    await saleor.install(client, MANIFEST_URL)
    for event in events:
        held(saleor, event)["subscriptionQuery"] = older(BY_EVENT[event].subscription)


async def the_installation(state: AppState, saleor: SaleorDouble) -> Installation:
    async with state.sessionmaker() as session:
        return await installations.get_active(session, saleor.api_url)


async def sync(state: AppState, saleor: SaleorDouble) -> webhook_sync.SyncReport:
    """One sync of the installation, straight (not through the queue)."""
    return await webhook_sync.sync_webhooks(state.client_of(await the_installation(state, saleor)))


async def schedule_and_run(state: AppState) -> None:
    async with state.sessionmaker.begin() as session:
        await webhook_sync.schedule(session)
    await state.worker.run_once()


async def sync_jobs(state: AppState) -> list[Job]:
    async with state.sessionmaker() as session:
        found = await session.scalars(select(Job).where(Job.kind == webhook_sync.WEBHOOK_SYNC))
        return list(found)


async def make_due(state: AppState, job: Job) -> None:
    async with state.sessionmaker.begin() as session:
        await session.execute(
            update(Job).where(Job.id == job.id).values(run_after=utcnow() - timedelta(seconds=1))
        )


async def shipping_digest_after_delivery(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState, order: dict[str, Any]
) -> str | None:
    """Saleor delivers FULFILLMENT_CREATED; the shipping address digest Foresight recorded."""
    (fulfillment,) = order["fulfillments"]
    answer = await saleor.deliver(
        client, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment
    )
    assert answer.status_code == 200
    installation = await the_installation(state, saleor)
    async with state.sessionmaker() as session:
        kept = await record.get_order(session, installation.id, order["id"])
    assert kept is not None
    return kept.shipping_address_digest


# -- the sync ----------------------------------------------------------------------------------


async def test_webhooks_with_an_older_query_are_updated_and_then_deliver_the_new_fields(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given an installation whose Saleor holds last release's order queries for two events
    await install_with_older(client, saleor, "FULFILLMENT_CREATED", "ORDER_CREATED")
    order = saleor.add_order([(saleor.add_product(), 1)])
    saleor.add_fulfillment(order)
    # the old payload lacks the street
    assert await shipping_digest_after_delivery(client, saleor, state, order) is None

    # when the sync job runs
    await schedule_and_run(state)

    # then exactly those two were updated, to the manifest's queries
    updates = saleor.calls_to("webhookUpdate")
    assert {call["id"] for call in updates} == {
        held(saleor, "FULFILLMENT_CREATED")["id"], held(saleor, "ORDER_CREATED")["id"]
    }  # fmt: skip
    assert all(call["input"] == {"query": call["input"]["query"]} for call in updates)
    for webhook in WEBHOOKS:
        assert held(saleor, webhook.event)["subscriptionQuery"] == webhook.subscription
    (job,) = await sync_jobs(state)
    assert job.status == JobStatus.DONE
    # and Saleor's next delivery carries the full shipping address
    assert await shipping_digest_after_delivery(client, saleor, state, order) is not None


async def test_a_sync_that_leaves_every_query_in_step_binds_the_installation(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given a shop installed before the queries selected recipient (as the migration leaves it)
    await install_with_older(client, saleor, "ORDER_CREATED")
    async with state.sessionmaker.begin() as session:
        (await installations.get_active(session, saleor.api_url)).webhooks_bound = False

    # when the sync job runs
    await schedule_and_run(state)

    # then from now on a delivery without recipient is refused
    assert (await the_installation(state, saleor)).webhooks_bound
    assert all("recipient" in held(saleor, w.event)["subscriptionQuery"] for w in WEBHOOKS)


async def test_a_sync_that_finds_a_webhook_missing_leaves_the_installation_exposed(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    await saleor.install(client, MANIFEST_URL)
    saleor.app["webhooks"].remove(held(saleor, "CHECKOUT_UPDATED"))
    async with state.sessionmaker.begin() as session:
        (await installations.get_active(session, saleor.api_url)).webhooks_bound = False

    await schedule_and_run(state)

    assert not (await the_installation(state, saleor)).webhooks_bound


async def test_a_second_run_changes_nothing(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given
    await install_with_older(client, saleor, "ORDER_UPDATED")

    # when
    first = await sync(state, saleor)
    second = await sync(state, saleor)

    # then
    assert first.updated == ("foresight-order-updated",)
    assert second.updated == ()
    assert set(second.unchanged) == {w.name for w in WEBHOOKS}
    assert len(saleor.calls_to("webhookUpdate")) == 1


async def test_a_query_that_differs_in_layout_and_comments_only_is_left_alone(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given Saleor's copy laid out differently, as another tool may have saved it
    await saleor.install(client, MANIFEST_URL)
    query = BY_EVENT["ORDER_CREATED"].subscription
    held(saleor, "ORDER_CREATED")["subscriptionQuery"] = "# ours\n" + " ".join(query.split())

    # when
    report = await sync(state, saleor)

    # then
    assert report.updated == ()
    assert saleor.calls_to("webhookUpdate") == []


async def test_webhooks_not_named_by_the_manifest_or_on_other_events_are_left_alone(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given a webhook of another name and one of ours re-pointed at another event, both stale
    await saleor.install(client, MANIFEST_URL)
    stale = older(BY_EVENT["ORDER_CREATED"].subscription)
    foreign = saleor._register({
        **held(saleor, "ORDER_CREATED"), "id": global_id("Webhook", 900),
        "name": "shop-integration", "subscriptionQuery": stale,
    })  # fmt: skip
    saleor.app["webhooks"].append(foreign)
    repointed = held(saleor, "ORDER_CONFIRMED")
    repointed["asyncEvents"] = [{"name": "ORDER_UPDATED", "eventType": "ORDER_UPDATED"}]
    repointed["subscriptionQuery"] = stale

    # when
    report = await sync(state, saleor)

    # then
    assert report.updated == ()
    assert report.skipped == ("foresight-order-confirmed",)
    assert "shop-integration" not in report.unchanged
    assert saleor.calls_to("webhookUpdate") == []
    assert foreign["subscriptionQuery"] == repointed["subscriptionQuery"] == stale


async def test_a_webhook_saleor_lacks_is_reported_not_created(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given an installation from before CHECKOUT_UPDATED was subscribed to
    await saleor.install(client, MANIFEST_URL)
    saleor.app["webhooks"].remove(held(saleor, "CHECKOUT_UPDATED"))

    # when
    report = await sync(state, saleor)

    # then
    assert report.missing == ("foresight-checkout-updated",)
    assert saleor.calls_to("webhookUpdate") == []


# -- through the job queue ---------------------------------------------------------------------


async def test_a_saleor_that_is_down_leaves_the_job_to_retry(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given
    await install_with_older(client, saleor, "FULFILLMENT_CREATED")
    saleor.fail_next(state.settings.saleor_attempts)

    # when
    await schedule_and_run(state)

    # then the job waits for its retry and Saleor's webhook is as it was
    (job,) = await sync_jobs(state)
    assert (job.status, job.attempts) == (JobStatus.PENDING, 1)
    assert job.last_error is not None and job.last_error.startswith("SaleorUnavailable")
    assert job.run_after > utcnow()
    assert saleor.calls_to("webhookUpdate") == []

    # when the retry is due and Saleor answers
    await make_due(state, job)
    await state.worker.run_once()

    # then
    (job,) = await sync_jobs(state)
    assert job.status == JobStatus.DONE
    fulfillment_created = BY_EVENT["FULFILLMENT_CREATED"].subscription
    assert held(saleor, "FULFILLMENT_CREATED")["subscriptionQuery"] == fulfillment_created


async def test_an_update_saleor_refuses_midway_is_finished_by_the_retry(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    state: AppState,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given two stale webhooks, and a Saleor that fails the second update once
    await install_with_older(client, saleor, "ORDER_CREATED", "FULFILLMENT_CREATED")
    update_webhook = saleor._root["webhookUpdate"]
    tries: list[str] = []

    def flaky(info: Any, args: dict[str, Any]) -> Any:
        tries.append(args["id"])
        if len(tries) == 2:
            raise RuntimeError("Internal Server Error")
        return update_webhook(info, args)

    monkeypatch.setitem(saleor._root, "webhookUpdate", flaky)

    # when
    await schedule_and_run(state)

    # then the job is left to retry
    (job,) = await sync_jobs(state)
    assert job.status == JobStatus.PENDING
    assert job.last_error is not None and job.last_error.startswith("SaleorGraphQLError")

    # when the retry runs
    await make_due(state, job)
    await state.worker.run_once()

    # then it updated only what was still stale
    (job,) = await sync_jobs(state)
    assert job.status == JobStatus.DONE
    assert len(tries) == 3 and tries[2] == tries[1] != tries[0]
    for event in ("ORDER_CREATED", "FULFILLMENT_CREATED"):
        assert held(saleor, event)["subscriptionQuery"] == BY_EVENT[event].subscription


async def test_a_removed_installation_is_not_synced(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given
    await install_with_older(client, saleor, "ORDER_CREATED")
    async with state.sessionmaker.begin() as session:
        await webhook_sync.schedule(session)
        installations.mark_removed(await installations.get_active(session, saleor.api_url))
    requests_before = len(saleor.requests)

    # when
    await state.worker.run_once()

    # then
    (job,) = await sync_jobs(state)
    assert job.status == JobStatus.DONE
    assert len(saleor.requests) == requests_before


# -- scheduling ----------------------------------------------------------------------------------


async def test_a_sync_is_scheduled_once_per_manifest_version_and_active_installation(
    state: AppState, installed: SaleorDouble
) -> None:
    # given a second active installation and a removed one
    async with state.sessionmaker.begin() as session:
        for url in ("https://second.test/graphql/", "https://removed.test/graphql/"):
            saved = await installations.save(
                session, state.settings.cipher,
                installations.NewInstallation(url, "x.test", "3.23", "app", "token", {}),
            )  # fmt: skip
        installations.mark_removed(saved)

    # when scheduled at two starts of one release, then at the start of the next
    async with state.sessionmaker.begin() as session:
        first = await webhook_sync.schedule(session)
    async with state.sessionmaker.begin() as session:
        again = await webhook_sync.schedule(session)
    async with state.sessionmaker.begin() as session:
        next_release = await webhook_sync.schedule(session, digest="0" * 64)

    # then
    assert (len(first), again, len(next_release)) == (2, [], 2)
    jobs = await sync_jobs(state)
    assert sorted(job.dedupe_key or "" for job in jobs) == sorted(
        [webhook_sync.dedupe_key(webhook_sync.manifest_digest())] * 2
        + [webhook_sync.dedupe_key("0" * 64)] * 2
    )


async def test_each_start_of_the_app_schedules_the_sync_once_per_release(
    settings: Settings, state: AppState, installed: SaleorDouble
) -> None:
    # given
    quiet = settings.model_copy(update={"run_worker": False})

    # when the app starts twice
    for _ in range(2):
        app = create_app(quiet, saleor_transport=installed.transport())
        async with app.router.lifespan_context(app):
            pass

    # then
    (job,) = await sync_jobs(state)
    assert job.payload == {"manifest": webhook_sync.manifest_digest()}
    assert job.dedupe_key == webhook_sync.dedupe_key(webhook_sync.manifest_digest())


# -- what counts as a change -------------------------------------------------------------------


def test_queries_compare_without_layout_commas_or_comments() -> None:
    # given
    query = BY_EVENT["ORDER_CREATED"].subscription

    # when
    relaid = "# a comment\n" + query.replace("\n", " ,\n\n  ")

    # then
    assert webhook_sync.normalise(relaid) == webhook_sync.normalise(query)
    assert webhook_sync.normalise(older(query)) != webhook_sync.normalise(query)


def test_the_manifest_digest_changes_with_a_query_and_not_with_its_layout() -> None:
    # given
    created = BY_EVENT["ORDER_CREATED"]
    others = [w for w in WEBHOOKS if w is not created]

    # when
    relaid = dataclasses.replace(created, subscription=created.subscription.replace("\n", "\n "))
    changed = dataclasses.replace(created, subscription=older(created.subscription))

    # then
    digest = webhook_sync.manifest_digest()
    assert webhook_sync.manifest_digest([*others, relaid]) == digest
    assert webhook_sync.manifest_digest([*others, changed]) != digest
