"""A checkout's facts are cached until Saleor says the checkout changed, or for the TTL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update

from saleor_foresight.plugin import checkout_cache, installations
from saleor_foresight.plugin.models import CheckoutCache
from saleor_foresight.runtime import AppState
from tests.plugin.webhooks.conftest import delivery_for, post
from tests.saleor_double import SaleorDouble

TTL = timedelta(minutes=10)
T1 = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


async def cached_after(state: AppState, saleor: SaleorDouble, checkout_id: str) -> object:
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, saleor.api_url)
        return await checkout_cache.cached(session, installation.id, checkout_id, TTL)


async def remember(state: AppState, saleor: SaleorDouble, checkout: dict[str, object]) -> None:
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, saleor.api_url)
    await checkout_cache.remember(state.sessionmaker, installation.id, checkout, T1)


async def test_a_remembered_checkout_is_answered_from_the_cache(
    state: AppState, installed: SaleorDouble
) -> None:
    await remember(state, installed, {"id": "Q2hlY2tvdXQ6MQ==", "lines": []})

    assert await cached_after(state, installed, "Q2hlY2tvdXQ6MQ==") == {
        "id": "Q2hlY2tvdXQ6MQ==", "lines": [],
    }  # fmt: skip


async def test_checkout_updated_forgets_an_older_answer(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble
) -> None:
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    await remember(state, installed, {"id": checkout["id"], "lines": []})
    checkout["updatedAt"] = (T1 + timedelta(seconds=5)).isoformat()

    response = await post(client, delivery_for(installed, "CHECKOUT_UPDATED", checkout=checkout))

    assert response.status_code == 200
    assert await cached_after(state, installed, checkout["id"]) is None


async def test_a_late_delivery_about_an_older_change_keeps_the_newer_answer(
    client: httpx.AsyncClient, state: AppState, installed: SaleorDouble
) -> None:
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    await remember(state, installed, {"id": checkout["id"], "lines": []})
    checkout["updatedAt"] = (T1 - timedelta(seconds=5)).isoformat()

    await post(client, delivery_for(installed, "CHECKOUT_UPDATED", checkout=checkout))

    assert await cached_after(state, installed, checkout["id"]) is not None


async def test_an_answer_older_than_the_ttl_is_not_used(
    state: AppState, installed: SaleorDouble
) -> None:
    await remember(state, installed, {"id": "Q2hlY2tvdXQ6MQ==", "lines": []})
    async with state.sessionmaker.begin() as session:
        await session.execute(
            update(CheckoutCache).values(fetched_at=datetime.now(UTC) - TTL - timedelta(seconds=1))
        )

    assert await cached_after(state, installed, "Q2hlY2tvdXQ6MQ==") is None
