"""claimPhotoUploadCreate: a ticket per photo for whoever may read the order, with the
dispatch photos' type and size limits."""

from __future__ import annotations

from typing import Any

import httpx

from tests.graphql.claims.flow import call, shipped_order
from tests.graphql.dispatch.conftest import LIMIT
from tests.saleor_double import SaleorDouble

UPLOAD = """
mutation Ticket($orderId: ID!, $email: String, $contentType: String!, $byteSize: Int!) {
  claimPhotoUploadCreate(orderId: $orderId, email: $email, contentType: $contentType,
                         byteSize: $byteSize) {
    upload { id expiresAt }
    ticket { url fields { name value } expiresAt maxBytes contentType }
    errors { field code message }
  }
}
"""


async def ticket(
    client: httpx.AsyncClient, saleor: SaleorDouble, order: dict[str, Any], **changes: Any
) -> dict[str, Any]:
    variables = {"orderId": order["id"], "email": "buyer@example.com",
                 "contentType": "image/jpeg", "byteSize": 20_000, **changes}  # fmt: skip
    return await call(client, saleor, UPLOAD, variables)


async def test_the_buyer_gets_a_ticket_for_the_size_and_type_declared(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = await shipped_order(client, installed)

    payload = await ticket(client, installed, order)

    assert payload["errors"] == []
    assert payload["ticket"]["maxBytes"] == 20_000
    assert payload["ticket"]["contentType"] == "image/jpeg"
    fields = {f["name"]: f["value"] for f in payload["ticket"]["fields"]}
    assert "/claim-photo/" in fields["key"]


async def test_what_dispatch_photos_refuse_is_refused(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = await shipped_order(client, installed)

    svg = await ticket(client, installed, order, contentType="image/svg+xml")
    huge = await ticket(client, installed, order, byteSize=LIMIT * 1000)

    assert svg["errors"][0]["code"] == "INVALID_CONTENT_TYPE"
    assert svg["errors"][0]["field"] == "contentType"
    assert huge["errors"][0]["code"] == "TOO_LARGE"


async def test_a_stranger_gets_no_ticket(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = await shipped_order(client, installed)

    payload = await ticket(client, installed, order, email="eve@example.com")

    assert payload["ticket"] is None and payload["errors"][0]["code"] == "NOT_FOUND"
