"""FULFILLMENT_CREATED and the channel's rules: a valuable parcel shipped without a tracking
number gets one order note for staff (asking for a signature above ``signatureAbove``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.jobs.models import Job
from saleor_foresight.plugin import installations
from saleor_foresight.rules import service
from tests.plugin.webhooks.conftest import delivery_for, post
from tests.saleor_double import SaleorDouble


async def set_rules(
    sessionmaker: async_sessionmaker[AsyncSession], saleor: SaleorDouble, **amounts: Any
) -> None:
    async with sessionmaker() as session, session.begin():
        installation = await installations.get_active(session, saleor.api_url)
        await service.update(
            session, installation.id, "default-channel", "USD",
            {k: Decimal(v) for k, v in amounts.items()}, "owner@example.com",
        )  # fmt: skip


async def notes(sessionmaker: async_sessionmaker[AsyncSession]) -> list[Job]:
    async with sessionmaker() as session:
        jobs = await session.scalars(select(Job).where(Job.dedupe_key.like("rules-tracking-%")))
        return list(jobs)


async def ship(
    client: httpx.AsyncClient, saleor: SaleorDouble, price: str, tracking: str = ""
) -> tuple[dict[str, Any], dict[str, Any]]:
    order = saleor.add_order([(saleor.add_product(price=price), 1)])
    fulfillment = saleor.add_fulfillment(order, tracking_number=tracking)
    delivery = delivery_for(saleor, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment)
    response = await post(client, delivery)
    assert response.status_code == 200, response.text
    again = await post(client, delivery_for(
        saleor, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment
    ))  # fmt: skip
    assert again.status_code == 200, again.text
    return order, fulfillment


async def test_an_untracked_valuable_parcel_gets_one_note_asking_for_a_signature(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await set_rules(sessionmaker, installed, tracked_shipping_above="100", signature_above="750")

    order, fulfillment = await ship(client, installed, "800.00")

    (job,) = await notes(sessionmaker)
    assert job.dedupe_key == f"rules-tracking-missing:{fulfillment['id']}"
    assert job.payload["method"] == "order_note_add"
    assert job.payload["arguments"]["order_id"] == order["id"]
    message = job.payload["arguments"]["message"]
    assert "no tracking" in message and "signature" in message and "USD" in message


async def test_above_tracking_but_not_signature_the_note_only_asks_for_tracking(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await set_rules(sessionmaker, installed, tracked_shipping_above="100", signature_above="750")

    await ship(client, installed, "750.00")

    (job,) = await notes(sessionmaker)
    assert "signature" not in job.payload["arguments"]["message"]


async def test_no_note_when_tracked_at_the_threshold_or_without_rules(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await ship(client, installed, "5000.00")  # no rules saved: no tracking rule
    await set_rules(sessionmaker, installed, tracked_shipping_above="100")

    await ship(client, installed, "800.00", tracking="DHL-00340434161094042557")
    await ship(client, installed, "100.00")

    assert await notes(sessionmaker) == []
