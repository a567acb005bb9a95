"""FULFILLMENT_CREATED and the channel's rules: a valuable parcel shipped without a tracking
number, or to another address than the order was placed with, gets one order note and one
notification for staff (asking for a signature above ``signatureAbove``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.jobs.models import Job
from saleor_foresight.notifications.models import StaffNotification
from saleor_foresight.plugin import installations
from saleor_foresight.plugin.webhooks.orders import address_digest
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
        jobs = await session.scalars(
            select(Job).where(Job.dedupe_key.like("rules-dispatch-warning:%"))
        )
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
    assert job.dedupe_key == f"rules-dispatch-warning:{fulfillment['id']}"
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


async def inbox(sessionmaker: async_sessionmaker[AsyncSession]) -> list[StaffNotification]:
    async with sessionmaker() as session:
        return list(await session.scalars(select(StaffNotification)))


async def test_the_warning_also_reaches_the_notification_inbox_once(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await set_rules(sessionmaker, installed, tracked_shipping_above="100", signature_above="750")

    order, fulfillment = await ship(client, installed, "800.00")  # delivered twice

    (notification,) = await inbox(sessionmaker)
    assert notification.kind == "DISPATCH_WARNING" and notification.read_at is None
    assert notification.message.startswith(f"Order #{order['number']}: ")
    assert notification.data == {
        "fulfillment_id": fulfillment["id"], "warnings": ["NO_TRACKING"], "signature": True,
    }  # fmt: skip


async def test_tracked_shipping_applies_strictly_above_the_threshold(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await set_rules(sessionmaker, installed, tracked_shipping_above="100", signature_above="750")

    below = await ship(client, installed, "99.99")
    equal = await ship(client, installed, "100.00")
    above = await ship(client, installed, "100.01")

    warned = {job.payload["arguments"]["order_id"] for job in await notes(sessionmaker)}
    assert warned == {above[0]["id"]}
    assert below[0]["id"] not in warned and equal[0]["id"] not in warned


async def test_a_tracked_parcel_to_a_changed_address_warns_staff(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await set_rules(sessionmaker, installed, tracked_shipping_above="100", signature_above="750")
    # given a valuable order placed to one address
    order = installed.add_order([(installed.add_product(price="200.00"), 2)])
    line = order["lines"][0]["id"]
    created = await post(client, delivery_for(installed, "ORDER_CREATED", order=order))
    assert created.status_code == 200, created.text
    # and staff retyping the same address (case and spacing) before sending a first parcel
    order["shippingAddress"]["streetAddress1"] = "1  MAIN street"
    first = installed.add_fulfillment(order, {line: 1}, tracking_number="DHL-1")
    await post(client, delivery_for(
        installed, "FULFILLMENT_CREATED", order=order, fulfillment=first
    ))  # fmt: skip
    assert await notes(sessionmaker) == []

    # when the buyer asks for another address and a second parcel leaves, tracked
    order["shippingAddress"]["streetAddress1"] = "9 Other Road"
    second = installed.add_fulfillment(order, {line: 1}, tracking_number="DHL-2")
    response = await post(client, delivery_for(
        installed, "FULFILLMENT_CREATED", order=order, fulfillment=second
    ))  # fmt: skip

    # then staff are warned of the address, not of tracking
    assert response.status_code == 200, response.text
    (job,) = await notes(sessionmaker)
    message = job.payload["arguments"]["message"]
    assert "no longer the one the order was placed with" in message
    assert "no tracking" not in message and "signature" not in message
    (notification,) = await inbox(sessionmaker)
    assert notification.data["warnings"] == ["ADDRESS_CHANGED"]


def test_an_address_digest_ignores_case_spacing_and_punctuation_but_not_the_order() -> None:
    address = {"streetAddress1": "1 Main Street", "city": "Springfield", "postalCode": "12345",
               "country": {"code": "US"}}  # fmt: skip
    retyped = {**address, "streetAddress1": "1, MAIN  street.", "city": " springfield"}
    moved = {**address, "postalCode": "12346"}

    assert address_digest("O1", address) == address_digest("O1", retyped)
    assert address_digest("O1", address) != address_digest("O1", moved)
    assert address_digest("O1", address) != address_digest("O2", address)
    # a delivery from a subscription that only asked for the country: unknown, no digest
    assert address_digest("O1", {"country": {"code": "US"}}) is None
    assert address_digest("O1", None) is None


async def test_adding_the_tracking_number_settles_the_warning(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await set_rules(sessionmaker, installed, tracked_shipping_above="100", signature_above="750")
    order, fulfillment = await ship(client, installed, "800.00")

    # when staff add the tracking number in Saleor
    fulfillment["trackingNumber"] = "DHL-00340434161094042557"
    updated = await post(client, delivery_for(
        installed, "FULFILLMENT_TRACKING_NUMBER_UPDATED", order=order, fulfillment=fulfillment
    ))  # fmt: skip

    # then the warning is marked read by Foresight, saying why
    assert updated.status_code == 200, updated.text
    (notification,) = await inbox(sessionmaker)
    assert notification.read_at is not None
    assert notification.read_by == "Foresight: a tracking number was added"


async def test_a_warning_about_the_address_stays_when_tracking_is_added(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await set_rules(sessionmaker, installed, tracked_shipping_above="100")
    order = installed.add_order([(installed.add_product(price="400.00"), 1)])
    assert (await post(client, delivery_for(installed, "ORDER_CREATED", order=order))).is_success
    order["shippingAddress"]["city"] = "Shelbyville"
    parcel = installed.add_fulfillment(order)
    await post(
        client, delivery_for(installed, "FULFILLMENT_CREATED", order=order, fulfillment=parcel)
    )

    parcel["trackingNumber"] = "DHL-7"
    await post(client, delivery_for(
        installed, "FULFILLMENT_TRACKING_NUMBER_UPDATED", order=order, fulfillment=parcel
    ))  # fmt: skip

    (notification,) = await inbox(sessionmaker)
    assert notification.data["warnings"] == ["NO_TRACKING", "ADDRESS_CHANGED"]
    assert notification.read_at is None
