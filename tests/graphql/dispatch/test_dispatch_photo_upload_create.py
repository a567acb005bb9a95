"""dispatchPhotoUploadCreate: staff get a ticket whose policy fixes the type and the size."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from saleor_foresight.storage import S3Storage
from tests.graphql.conftest import gql
from tests.graphql.dispatch.conftest import LIMIT
from tests.graphql.dispatch.flow import ask_ticket, ship
from tests.saleor_double import SaleorDouble

UPLOAD_CREATE = """
mutation Ticket($orderId: ID!, $fulfillmentId: ID!, $contentType: String!, $byteSize: Int!) {
  dispatchPhotoUploadCreate(orderId: $orderId, fulfillmentId: $fulfillmentId,
                            contentType: $contentType, byteSize: $byteSize) {
    upload {
      id status contentType byteSize uploadedBy createdAt expiresAt decidedAt rejection { code }
    }
    ticket { url fields { name value } expiresAt maxBytes contentType }
    errors { field code message }
  }
}
"""


def policy_of(ticket: dict[str, Any]) -> dict[str, Any]:
    fields = {f["name"]: f["value"] for f in ticket["fields"]}
    document: dict[str, Any] = json.loads(base64.b64decode(fields["policy"]))
    return document


def variables(order_id: str, fulfillment_id: str, **changes: object) -> dict[str, Any]:
    return {
        "orderId": order_id,
        "fulfillmentId": fulfillment_id,
        "contentType": "image/jpeg",
        "byteSize": 123_456,
        **changes,
    }


async def test_staff_get_a_ticket_for_a_shipped_parcel(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a shipped parcel
    parcel = await ship(client, installed)

    # when a packer with MANAGE_ORDERS asks for a ticket for a 120 KiB JPEG
    response = await gql(
        client,
        installed,
        UPLOAD_CREATE,
        variables(parcel.order_id, parcel.fulfillment_id),
        token=installed.staff_token(email="packer@example.com"),
    )

    # then the upload is pending, owned by the packer, and the ticket posts to Foresight's
    # local upload route with a policy that fixes the key, the type and at most that size
    payload = response.json()["data"]["dispatchPhotoUploadCreate"]
    assert payload["errors"] == []
    upload, ticket = payload["upload"], payload["ticket"]
    assert upload["status"] == "PENDING"
    assert (upload["contentType"], upload["byteSize"]) == ("image/jpeg", 123_456)
    assert upload["uploadedBy"] == "packer@example.com"
    assert (upload["decidedAt"], upload["rejection"]) == (None, None)
    assert ticket["url"] == "https://foresight.test/storage/upload"
    assert (ticket["maxBytes"], ticket["contentType"]) == (123_456, "image/jpeg")
    assert ticket["expiresAt"] == upload["expiresAt"]
    fields = [f["name"] for f in ticket["fields"]]
    assert fields[:2] == ["key", "Content-Type"] and "policy" in fields
    conditions = policy_of(ticket)["conditions"]
    assert {"Content-Type": "image/jpeg"} in conditions
    assert ["content-length-range", 1, 123_456] in conditions


async def test_on_s3_the_presigned_post_policy_carries_the_type_and_size_conditions(
    client: httpx.AsyncClient, installed: SaleorDouble, on_s3: S3Storage, moto_endpoint: str
) -> None:
    parcel = await ship(client, installed)

    payload = await ask_ticket(
        client, installed, parcel, content_type="image/HEIC", byte_size=4_000_000 // 20
    )

    # moto's server does not enforce these (real S3 and MinIO do), so they are asserted here
    ticket = payload["ticket"]
    assert ticket["url"].startswith(moto_endpoint)
    policy = policy_of(ticket)
    assert {"Content-Type": "image/heic"} in policy["conditions"]
    assert ["content-length-range", 1, 200_000] in policy["conditions"]
    key = next(f["value"] for f in ticket["fields"] if f["name"] == "key")
    assert {"key": key} in policy["conditions"]
    assert "/dispatch-photo/" in key


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"contentType": "image/svg+xml"}, "contentType", "INVALID_CONTENT_TYPE"),
        ({"contentType": "text/html"}, "contentType", "INVALID_CONTENT_TYPE"),
        ({"contentType": "application/pdf"}, "contentType", "INVALID_CONTENT_TYPE"),
        ({"byteSize": 0}, "byteSize", "INVALID"),
        ({"byteSize": LIMIT + 1}, "byteSize", "TOO_LARGE"),
        ({"orderId": "T3JkZXI6OTk5"}, "orderId", "NOT_FOUND"),
        ({"fulfillmentId": "RnVsZmlsbG1lbnQ6OTk5"}, "fulfillmentId", "NOT_FOUND"),
    ],
    ids=["svg", "html", "pdf", "zero bytes", "over the limit", "no order", "no fulfillment"],
)
async def test_no_ticket_for(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    changes: dict[str, object],
    field: str,
    code: str,
) -> None:
    parcel = await ship(client, installed)

    response = await gql(
        client,
        installed,
        UPLOAD_CREATE,
        variables(parcel.order_id, parcel.fulfillment_id, **changes),
        token=installed.staff_token(),
    )

    payload = response.json()["data"]["dispatchPhotoUploadCreate"]
    assert payload["upload"] is None and payload["ticket"] is None
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == (field, code)


async def test_another_orders_parcel_is_not_found(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    mine, other = await ship(client, installed), await ship(client, installed)

    response = await gql(
        client,
        installed,
        UPLOAD_CREATE,
        variables(mine.order_id, other.fulfillment_id),
        token=installed.staff_token(),
    )

    [error] = response.json()["data"]["dispatchPhotoUploadCreate"]["errors"]
    assert (error["field"], error["code"]) == ("fulfillmentId", "NOT_FOUND")


@pytest.mark.parametrize("who", ["guest", "customer", "staff without MANAGE_ORDERS"])
async def test_only_staff_with_manage_orders_get_tickets(
    client: httpx.AsyncClient, installed: SaleorDouble, who: str
) -> None:
    parcel = await ship(client, installed, user_id="VXNlcjo0Ng==")
    token = {
        "guest": None,
        "customer": installed.customer_token(user_id="VXNlcjo0Ng=="),
        "staff without MANAGE_ORDERS": installed.staff_token(user_permissions=["MANAGE_USERS"]),
    }[who]

    response = await gql(
        client,
        installed,
        UPLOAD_CREATE,
        variables(parcel.order_id, parcel.fulfillment_id),
        token=token,
    )

    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
