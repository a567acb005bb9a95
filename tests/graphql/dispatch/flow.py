"""The staff flow as the Dashboard runs it, for tests that need a photo (or a parcel) first:
ship through Saleor's webhook, ask for a ticket, post the file as a browser does, confirm."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from saleor_foresight.plugin.webhooks import BY_EVENT
from tests.graphql.conftest import gql
from tests.photos import pictures
from tests.saleor_double import SaleorDouble

UPLOAD_CREATE = """
mutation Ticket($orderId: ID!, $fulfillmentId: ID!, $contentType: String!, $byteSize: Int!) {
  dispatchPhotoUploadCreate(orderId: $orderId, fulfillmentId: $fulfillmentId,
                            contentType: $contentType, byteSize: $byteSize) {
    upload { id status contentType byteSize uploadedBy expiresAt }
    ticket { url fields { name value } expiresAt maxBytes contentType }
    errors { field code message }
  }
}
"""

CONFIRM = """
mutation Confirm($uploadId: ID!, $orderId: ID) {
  dispatchPhotoConfirm(uploadId: $uploadId, orderId: $orderId) {
    upload { id status decidedAt rejection { code message } }
    photo { id sha256 width height capturedAt uploadedAt hidden url thumbnailUrl }
    errors { field code message }
  }
}
"""


@dataclass
class Parcel:
    order: dict[str, Any]
    fulfillment: dict[str, Any]

    @property
    def order_id(self) -> str:
        return str(self.order["id"])

    @property
    def fulfillment_id(self) -> str:
        return str(self.fulfillment["id"])


async def deliver(
    client: httpx.AsyncClient, saleor: SaleorDouble, event_name: str, **subject: Any
) -> None:
    """Post a signed delivery of our own subscription, as Saleor does."""
    delivery = saleor.webhook(event_name, BY_EVENT[event_name].subscription, **subject)
    response = await client.post(
        f"/api/webhooks/{event_name.lower()}", content=delivery.body, headers=delivery.headers
    )
    assert response.status_code == 200, response.text


async def ship(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    *,
    channel: str = "default-channel",
    user_id: str | None = None,
    email: str = "buyer@example.com",
    tracking_number: str = "DHL-00340434161094042557",
    created: str | None = None,
    price: str | None = None,
) -> Parcel:
    """An order shipped in one parcel; Foresight hears of it from FULFILLMENT_CREATED."""
    product = saleor.add_product() if price is None else saleor.add_product(price=price)
    order = saleor.add_order([(product, 1)], channel=channel, user_id=user_id, email=email)
    fulfillment = saleor.add_fulfillment(order, tracking_number=tracking_number)
    if created is not None:
        fulfillment["created"] = created
    await deliver(client, saleor, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment)
    return Parcel(order, fulfillment)


async def ask_ticket(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    parcel: Parcel,
    *,
    content_type: str = "image/jpeg",
    byte_size: int = 20_000,
    token: str | None = None,
) -> dict[str, Any]:
    response = await gql(
        client,
        saleor,
        UPLOAD_CREATE,
        {
            "orderId": parcel.order_id,
            "fulfillmentId": parcel.fulfillment_id,
            "contentType": content_type,
            "byteSize": byte_size,
        },
        token=token or saleor.staff_token(),
    )
    assert response.status_code == 200, response.text
    payload: dict[str, Any] = response.json()["data"]["dispatchPhotoUploadCreate"]
    return payload


async def post_file(
    http: httpx.AsyncClient, ticket: dict[str, Any], body: bytes, *, filename: str = "IMG.jpg"
) -> httpx.Response:
    """What a browser sends: multipart, the ticket's fields in order, the file last."""
    fields = {f["name"]: f["value"] for f in ticket["fields"]}
    return await http.post(
        ticket["url"], data=fields, files={"file": (filename, body, ticket["contentType"])}
    )


async def confirm(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    upload_id: str,
    *,
    order_id: str | None = None,
    token: str | None = None,
) -> dict[str, Any]:
    response = await gql(
        client,
        saleor,
        CONFIRM,
        {"uploadId": upload_id, "orderId": order_id},
        token=token or saleor.staff_token(),
    )
    assert response.status_code == 200, response.text
    payload: dict[str, Any] = response.json()["data"]["dispatchPhotoConfirm"]
    return payload


async def photograph(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    parcel: Parcel,
    *,
    http: httpx.AsyncClient | None = None,
    body: bytes | None = None,
) -> dict[str, Any]:
    """The whole staff flow for one photo; the confirmed photo."""
    data = body if body is not None else pictures.jpeg(exif=pictures.camera_exif())
    created = await ask_ticket(client, saleor, parcel, byte_size=len(data))
    posted = await post_file(http or client, created["ticket"], data)
    assert posted.status_code == 204, posted.text
    confirmed = await confirm(client, saleor, created["upload"]["id"])
    assert confirmed["errors"] == [], confirmed
    photo: dict[str, Any] = confirmed["photo"]
    return photo


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """Every SQL statement the app sends while the block runs."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
