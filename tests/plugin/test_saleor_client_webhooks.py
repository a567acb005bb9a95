"""The Saleor client's calls on the app's own webhooks, driven through the Saleor double."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from saleor_foresight.errors import SaleorAuthError, SaleorMutationError
from saleor_foresight.plugin.saleor_client import SaleorClient
from saleor_foresight.plugin.webhooks import BY_EVENT
from tests.saleor_double import SaleorDouble, global_id

MANIFEST_URL = "https://foresight.test/api/manifest"


@pytest.fixture
async def saleor_http(saleor: SaleorDouble) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=saleor.transport()) as http:
        yield http


@pytest.fixture
async def installed_by_saleor(client: httpx.AsyncClient, saleor: SaleorDouble) -> SaleorDouble:
    """Installed through the Dashboard's flow, so the double holds the manifest's webhooks."""
    await saleor.install(client, MANIFEST_URL)
    return saleor


@pytest.fixture
def app_client(installed_by_saleor: SaleorDouble, saleor_http: httpx.AsyncClient) -> SaleorClient:
    saleor = installed_by_saleor
    return SaleorClient(saleor.api_url, saleor.app_token, http=saleor_http, backoff=0)


async def test_app_webhooks_reads_the_webhooks_installed_from_the_manifest(
    installed_by_saleor: SaleorDouble, app_client: SaleorClient
) -> None:
    # when
    webhooks = await app_client.app_webhooks()

    # then
    created = {w.name: w for w in webhooks}["foresight-order-created"]
    assert created.async_events == {"ORDER_CREATED"} and created.sync_events == frozenset()
    assert created.subscription_query == BY_EVENT["ORDER_CREATED"].subscription
    assert created.target_url == "https://foresight.test/api/webhooks/order_created"
    assert created.is_active
    assert len(webhooks) == len(installed_by_saleor.app["webhooks"])


async def test_webhook_update_query_replaces_only_the_query(
    installed_by_saleor: SaleorDouble, app_client: SaleorClient
) -> None:
    # given
    held = installed_by_saleor.installed_webhooks["ORDER_CREATED"]
    query = BY_EVENT["ORDER_CREATED"].subscription.replace("issuedAt", "issuedAt\n    version")

    # when
    updated = await app_client.webhook_update_query(held["id"], query)

    # then
    assert (updated.id, updated.subscription_query) == (held["id"], query)
    assert held["subscriptionQuery"] == query
    assert installed_by_saleor.calls_to("webhookUpdate") == [
        {"id": held["id"], "input": {"query": query}}
    ]


async def test_a_query_saleor_refuses_is_a_mutation_error(
    installed_by_saleor: SaleorDouble, app_client: SaleorClient
) -> None:
    # given
    held = installed_by_saleor.installed_webhooks["ORDER_CREATED"]

    # when
    with pytest.raises(SaleorMutationError) as raised:
        await app_client.webhook_update_query(held["id"], "subscription { event { nope } }")

    # then
    (detail,) = raised.value.errors
    assert (detail.field, detail.code) == ("query", "GRAPHQL_ERROR")
    assert held["subscriptionQuery"] == BY_EVENT["ORDER_CREATED"].subscription


async def test_a_webhook_that_is_not_the_apps_is_not_found(
    installed_by_saleor: SaleorDouble, app_client: SaleorClient
) -> None:
    # when
    with pytest.raises(SaleorMutationError) as raised:
        await app_client.webhook_update_query(global_id("Webhook", 9999), "subscription { x }")

    # then
    (detail,) = raised.value.errors
    assert (detail.field, detail.code) == ("id", "NOT_FOUND")


async def test_without_the_app_token_both_calls_are_refused(
    installed_by_saleor: SaleorDouble, saleor_http: httpx.AsyncClient
) -> None:
    # given
    anonymous = SaleorClient(installed_by_saleor.api_url, None, http=saleor_http, backoff=0)
    held = installed_by_saleor.installed_webhooks["ORDER_CREATED"]

    # when / then
    with pytest.raises(SaleorAuthError):
        await anonymous.app_webhooks()
    with pytest.raises(SaleorAuthError):
        await anonymous.webhook_update_query(held["id"], "subscription { x }")
    assert held["subscriptionQuery"] == BY_EVENT["ORDER_CREATED"].subscription
