"""A burst of storefront requests never exhausts the database pool nor starves Saleor's webhooks.

Through HTTP against the app, with a Saleor that answers slowly: every request holds at most
one connection at a time and none while Saleor answers; a delivery arriving mid-burst is
answered at once from the connections reserved for webhooks; and a request that finds the
pool exhausted is answered 503 quickly instead of waiting.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections import Counter
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.applications import Starlette

from saleor_foresight.app import create_app
from saleor_foresight.runtime import AppState
from saleor_foresight.settings import Settings
from tests.factories import install_double
from tests.graphql.conftest import gql
from tests.graphql.dispatch import flow
from tests.graphql.policies.support import current_version, published_policy
from tests.graphql.policies.test_accept_disclosures import ACCEPT
from tests.photos import pictures
from tests.plugin.webhooks.conftest import delivery_for, post
from tests.saleor_double import SaleorDouble
from tests.web.serving import api_client

BURST = 40
PHOTOS = 20
POOL = {"db_pool_size": 3, "db_max_overflow": 2, "db_webhook_pool_size": 2}
SALEOR_DELAY = 0.25  # seconds Saleor takes for every answer


class Held:
    """Which request (asyncio task) holds how many of an engine's connections, as the pool
    hands them out and takes them back."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.now: Counter[asyncio.Task[Any] | None] = Counter()
        self.most_by_one_task = 0
        self.most_at_once = 0
        self._holder: dict[int, asyncio.Task[Any] | None] = {}
        event.listen(engine.sync_engine.pool, "checkout", self._checkout)
        event.listen(engine.sync_engine.pool, "checkin", self._checkin)

    def by_current_task(self) -> int:
        return self.now[asyncio.current_task()]

    def _checkout(self, _dbapi: Any, record: Any, _proxy: Any) -> None:
        task = asyncio.current_task()
        self._holder[id(record)] = task
        self.now[task] += 1
        self.most_by_one_task = max(self.most_by_one_task, self.now[task])
        self.most_at_once = max(self.most_at_once, sum(self.now.values()))

    def _checkin(self, _dbapi: Any, record: Any) -> None:
        task = self._holder.pop(id(record), None)
        if self.now[task] > 0:
            self.now[task] -= 1


class SlowSaleor(httpx.AsyncBaseTransport):
    """The Saleor double behind a slow network; notes whether the caller held a connection.

    The double answers in a thread of its own, one call at a time, as a Saleor in another
    process would: its schema checks then do not run in the app's event loop."""

    def __init__(self, saleor: SaleorDouble, delay: float) -> None:
        self._inner = saleor.transport()
        self._delay = delay
        self._saleor = ThreadPoolExecutor(max_workers=1)
        self.held: Held | None = None
        self.calls = 0
        self.calls_holding_a_connection = 0
        self.busy = asyncio.Event()  # set once a tenth of the burst waits on Saleor

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.held is not None and self.held.by_current_task():
            self.calls_holding_a_connection += 1
        if self.calls >= BURST // 10:
            self.busy.set()
        await asyncio.sleep(self._delay)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._saleor, self._inner.handle_request, request)

    async def aclose(self) -> None:
        self._saleor.shutdown()


@pytest.fixture
def slow_saleor(saleor: SaleorDouble) -> SlowSaleor:
    return SlowSaleor(saleor, SALEOR_DELAY)


@pytest.fixture
async def burst_app(settings: Settings, slow_saleor: SlowSaleor) -> AsyncIterator[Starlette]:
    limited = settings.model_copy(
        update={**POOL, "db_pool_timeout": 20.0, "graphql_queue_timeout": 20.0}
    )
    application = create_app(limited, saleor_transport=slow_saleor)
    yield application
    await application.state.foresight.close()


@pytest.fixture
async def burst_client(burst_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(burst_app) as c:
        yield c


async def test_a_webhook_during_a_burst_of_mutations_is_answered_at_once(
    burst_app: Starlette,
    burst_client: httpx.AsyncClient,
    saleor: SaleorDouble,
    slow_saleor: SlowSaleor,
) -> None:
    # given a running shop (it took a delivery before) with a published policy, forty guests'
    # checkouts and a slow Saleor
    state: AppState = burst_app.state.foresight
    await install_double(state, saleor)
    version = current_version(await published_policy(burst_client, saleor))
    checkouts = [
        saleor.add_checkout([(saleor.add_product(), 1)], email=f"guest{n}@example.com")
        for n in range(BURST)
    ]
    earlier = saleor.add_order([(saleor.add_product("Lamp"), 1)])
    assert (
        await post(burst_client, delivery_for(saleor, "ORDER_CREATED", order=earlier))
    ).is_success
    order = saleor.add_order([(saleor.add_product("LED torch"), 1)])
    delivery = delivery_for(saleor, "ORDER_CREATED", order=order)
    requests, webhooks = Held(state.engine), Held(state.webhook_engine)
    slow_saleor.held = requests

    # when they all accept at once, and Saleor delivers an order while they wait on it
    async def accept(checkout: dict[str, Any]) -> httpx.Response:
        variables = {"checkoutId": checkout["id"], "versionIds": [version["id"]]}
        return await gql(burst_client, saleor, ACCEPT, variables)

    burst = [asyncio.create_task(accept(checkout)) for checkout in checkouts]
    await asyncio.wait_for(slow_saleor.busy.wait(), timeout=30)
    started = time.monotonic()
    delivered = await post(burst_client, delivery)
    answered_in = time.monotonic() - started
    answers = await asyncio.gather(*burst)

    # then the delivery is taken within a second, on the connections kept for webhooks
    assert delivered.status_code == 200, delivered.text
    assert delivered.json() == {"outcome": "TAKEN"}
    assert answered_in < 1.0
    assert webhooks.most_at_once >= 1
    # and every guest's acceptance is recorded: nobody was refused or kept waiting
    assert [a.status_code for a in answers] == [200] * BURST
    payloads = [a.json()["data"]["acceptDisclosures"] for a in answers]
    assert all(p["errors"] == [] and p["acceptance"] for p in payloads)
    # and no request held two connections, or one while Saleor answered
    assert requests.most_by_one_task == 1
    assert requests.most_at_once <= POOL["db_pool_size"] + POOL["db_max_overflow"]
    assert slow_saleor.calls >= 2 * BURST  # the fresh checkout, then the metadata job
    assert slow_saleor.calls_holding_a_connection == 0


class SlowStorage:
    """The app's storage behind a slow network; notes whether the caller held a connection."""

    def __init__(self, inner: Any, delay: float, held: Held) -> None:
        self._inner, self._delay, self._held = inner, delay, held
        self.calls = 0
        self.calls_holding_a_connection = 0

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._inner, name)
        if not inspect.iscoroutinefunction(found):
            return found

        async def slowly(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self._held.by_current_task():
                self.calls_holding_a_connection += 1
            await asyncio.sleep(self._delay)
            return await found(*args, **kwargs)

        return slowly


async def test_a_burst_of_photo_confirms_holds_no_connection_while_storage_works(
    burst_app: Starlette, burst_client: httpx.AsyncClient, saleor: SaleorDouble
) -> None:
    # given parcels with a photo uploaded for each, and a slow storage
    app, client = burst_app, burst_client
    state: AppState = app.state.foresight
    installed = await install_double(state, saleor)
    tickets = []
    for _ in range(PHOTOS):
        parcel = await flow.ship(client, installed)
        data = pictures.jpeg(exif=pictures.camera_exif())
        created = await flow.ask_ticket(client, installed, parcel, byte_size=len(data))
        assert (await flow.post_file(client, created["ticket"], data)).status_code == 204
        tickets.append(created["upload"]["id"])
    requests = Held(state.engine)
    storage = state.storage = app.state.storage = SlowStorage(state.storage, SALEOR_DELAY, requests)

    # when staff confirm them all at once
    confirmed = await asyncio.gather(*(flow.confirm(client, installed, t) for t in tickets))

    # then every photo is kept
    assert all(c["errors"] == [] and c["photo"]["sha256"] for c in confirmed)
    # and no request held two connections, or one while storage worked
    assert requests.most_by_one_task == 1
    assert storage.calls >= 4 * PHOTOS  # head, read, two copies, retain
    assert storage.calls_holding_a_connection == 0


async def test_an_exhausted_pool_answers_503_quickly_and_webhooks_still_get_through(
    settings: Settings, saleor: SaleorDouble
) -> None:
    # given every connection of the request pool taken (a burst holding them all)
    limited = settings.model_copy(update={**POOL, "db_pool_timeout": 0.5})
    app = create_app(limited, saleor_transport=saleor.transport())
    state: AppState = app.state.foresight
    await install_double(state, saleor)
    order = saleor.add_order([(saleor.add_product("LED torch"), 1)])
    delivery = delivery_for(saleor, "ORDER_CREATED", order=order)
    taken: list[AsyncConnection] = []
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="https://foresight.test") as c:
            for _ in range(POOL["db_pool_size"] + POOL["db_max_overflow"]):
                taken.append(await state.engine.connect())

            # when a storefront asks and Saleor delivers
            started = time.monotonic()
            asked, delivered = await asyncio.gather(
                gql(c, saleor, "query { viewer { kind } }"), post(c, delivery)
            )
            waited = time.monotonic() - started

        # then the storefront is told to come back, after the pool timeout and not 30 s
        assert asked.status_code == 503
        assert asked.headers["retry-after"] == "1"
        assert asked.json()["errors"][0]["extensions"]["code"] == "BUSY"
        assert waited < 5
        # and the delivery is taken all the same
        assert delivered.status_code == 200, delivered.text
        assert delivered.json() == {"outcome": "TAKEN"}
    finally:
        for connection in taken:
            await connection.close()
        await state.close()


async def test_the_pool_is_the_configured_size(settings: Settings, saleor: SaleorDouble) -> None:
    # given pool settings
    limited = settings.model_copy(update={**POOL, "db_pool_timeout": 2.5})

    # when the app is built
    app = create_app(limited, saleor_transport=saleor.transport())
    state: AppState = app.state.foresight
    try:
        # then both pools are as configured
        pool, reserved = state.engine.sync_engine.pool, state.webhook_engine.sync_engine.pool
        assert (pool.size(), pool._max_overflow, pool.timeout()) == (3, 2, 2.5)  # type: ignore[attr-defined]
        assert (reserved.size(), reserved._max_overflow) == (2, 0)  # type: ignore[attr-defined]
    finally:
        await state.close()
