"""Fixtures for webhook tests: an installed app and a way to post deliveries to it."""

from __future__ import annotations

import json
from collections.abc import Mapping

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.plugin.models import WebhookDelivery as DeliveryRow
from saleor_foresight.plugin.webhooks import BY_EVENT
from tests.saleor_double import SaleorDouble, WebhookDelivery


@pytest.fixture
async def installed(client: httpx.AsyncClient, saleor: SaleorDouble) -> SaleorDouble:
    response = await client.post(
        "/api/register",
        content=json.dumps({"auth_token": saleor.app_token}),
        headers={"Saleor-Api-Url": saleor.api_url, "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    return saleor


def delivery_for(saleor: SaleorDouble, event: str, **subject: object) -> WebhookDelivery:
    """A signed delivery of ``event`` built from our own subscription query, as Saleor would."""
    return saleor.webhook(event, BY_EVENT[event].subscription, **subject)


async def post(
    client: httpx.AsyncClient,
    delivery: WebhookDelivery,
    *,
    body: bytes | None = None,
    headers: Mapping[str, str | None] | None = None,
) -> httpx.Response:
    sent = dict(delivery.headers)
    for name, value in (headers or {}).items():
        sent.pop(name, None)
        sent.pop(f"X-{name}", None)
        if value is not None:
            sent[name] = value
    return await client.post(
        f"/api/webhooks/{delivery.event.lower()}",
        content=delivery.body if body is None else body,
        headers=sent,
    )


async def count_deliveries(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(DeliveryRow)) or 0)
