"""Concurrent questions about one checkout share one Saleor read; made-up ids are remembered."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from saleor_foresight.app import create_app
from saleor_foresight.plugin.shared_reads import NO_SUCH_CHECKOUT_TTL
from saleor_foresight.runtime import AppState
from saleor_foresight.settings import Settings
from tests.factories import install_double
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble
from tests.web.serving import api_client

DISCLOSURES = """
query Disclosures($checkoutId: ID!) {
  checkoutDisclosures(checkoutId: $checkoutId) { checkoutId disclosures { versionId } }
}
"""
ACCEPT = """
mutation Accept($checkoutId: ID!) {
  acceptDisclosures(checkoutId: $checkoutId, versionIds: []) { errors { field code } }
}
"""
MADE_UP = "Q2hlY2tvdXQ6bWFkZS11cA=="


class SlowSaleor(httpx.AsyncBaseTransport):
    """The double, answering after a pause, so that requests overlap as they do in a shop."""

    def __init__(self, saleor: SaleorDouble, pause: float = 0.05) -> None:
        self.inner = saleor.transport()
        self.pause = pause

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(self.pause)
        return await self.inner.handle_async_request(request)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def slow_app(settings: Settings, saleor: SaleorDouble) -> AsyncIterator[Starlette]:
    app = create_app(settings, saleor_transport=SlowSaleor(saleor))
    await install_double(app.state.foresight, saleor)
    yield app
    await app.state.foresight.close()


@pytest.fixture
async def shop(slow_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(slow_app) as c:
        yield c


async def test_ten_concurrent_questions_about_one_checkout_ask_saleor_once(
    shop: httpx.AsyncClient, saleor: SaleorDouble
) -> None:
    # given a checkout nobody asked about yet
    checkout = saleor.add_checkout([(saleor.add_product(), 1)])

    # when ten storefront requests ask about it at once
    responses = await asyncio.gather(
        *(gql(shop, saleor, DISCLOSURES, {"checkoutId": checkout["id"]}) for _ in range(10))
    )

    # then every one is answered, from one Saleor read
    assert {r.json()["data"]["checkoutDisclosures"]["checkoutId"] for r in responses} == {
        checkout["id"]
    }
    assert len(saleor.calls_to("checkout")) == 1


async def test_concurrent_acceptances_of_one_checkout_share_one_fresh_read(
    shop: httpx.AsyncClient, saleor: SaleorDouble
) -> None:
    checkout = saleor.add_checkout([(saleor.add_product(), 1)])

    responses = await asyncio.gather(
        *(gql(shop, saleor, ACCEPT, {"checkoutId": checkout["id"]}) for _ in range(5))
    )

    assert all(r.status_code == 200 for r in responses)
    assert len(saleor.calls_to("checkout")) == 1


async def test_different_checkouts_are_read_each(
    shop: httpx.AsyncClient, saleor: SaleorDouble
) -> None:
    product = saleor.add_product()
    first, second = saleor.add_checkout([(product, 1)]), saleor.add_checkout([(product, 2)])

    await asyncio.gather(
        gql(shop, saleor, DISCLOSURES, {"checkoutId": first["id"]}),
        gql(shop, saleor, DISCLOSURES, {"checkoutId": second["id"]}),
    )

    assert sorted(c["id"] for c in saleor.calls_to("checkout")) == sorted(
        [first["id"], second["id"]]
    )


async def test_a_made_up_checkout_id_asks_saleor_once_until_the_answer_expires(
    shop: httpx.AsyncClient, saleor: SaleorDouble, slow_app: Starlette
) -> None:
    state: AppState = slow_app.state.foresight
    clock = Clock()
    state.checkout_reads.clock = clock

    # when a stranger asks about the same made-up id again and again, by query and mutation
    for document in (DISCLOSURES, ACCEPT, DISCLOSURES):
        response = await gql(shop, saleor, document, {"checkoutId": MADE_UP})
        assert "NOT_FOUND" in response.text

    # then Saleor was asked once; once the answer is old, it is asked again
    assert len(saleor.calls_to("checkout")) == 1
    clock.now += NO_SUCH_CHECKOUT_TTL + 1
    await gql(shop, saleor, DISCLOSURES, {"checkoutId": MADE_UP})
    assert len(saleor.calls_to("checkout")) == 2


async def test_a_failed_read_is_not_remembered(
    shop: httpx.AsyncClient, saleor: SaleorDouble, settings: Settings
) -> None:
    checkout = saleor.add_checkout([(saleor.add_product(), 1)])
    saleor.fail_next(settings.saleor_attempts)

    failed = await gql(shop, saleor, DISCLOSURES, {"checkoutId": checkout["id"]})
    answered = await gql(shop, saleor, DISCLOSURES, {"checkoutId": checkout["id"]})

    assert failed.json()["errors"][0]["extensions"]["code"] == "SALEOR_UNAVAILABLE"
    assert answered.json()["data"]["checkoutDisclosures"]["checkoutId"] == checkout["id"]
