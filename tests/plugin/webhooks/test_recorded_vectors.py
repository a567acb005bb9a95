"""The real recordings of a Saleor 3.23.28 go through the real intake: its registration is
accepted, every delivery verifies against its recorded JWKS, and one changed byte is refused."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from saleor_foresight.orders import record
from saleor_foresight.plugin import installations
from saleor_foresight.plugin.webhooks import BY_EVENT
from saleor_foresight.runtime import AppState
from tests.plugin.webhooks.conftest import count_deliveries
from tests.saleor_double import SaleorDouble
from tests.shared import load_vector, webhook_vector_names

RECORDED_API_URL = "http://127.0.0.1:8000/graphql/"
# headers the HTTP client sets itself from what it sends
TRANSPORT_HEADERS = {"content-length", "host", "connection", "accept-encoding"}


class RecordedSaleor(SaleorDouble):
    """The double, wearing the recorded Saleor's URL, app token and signing keys."""

    def __init__(self) -> None:
        super().__init__(RECORDED_API_URL)
        self.app_token = load_vector("registration.json")["auth_token"]

    @property
    def jwks(self) -> dict[str, Any]:
        return dict(load_vector("jwks.json"))


@pytest.fixture
def saleor() -> SaleorDouble:
    return RecordedSaleor()


def recorded_headers(vector: dict[str, Any]) -> dict[str, str]:
    return {k: v for k, v in vector["headers"].items() if k.lower() not in TRANSPORT_HEADERS}


async def replay(
    client: httpx.AsyncClient, vector: dict[str, Any], body: bytes | None = None
) -> httpx.Response:
    return await client.post(
        vector["path"],
        content=vector["body"].encode() if body is None else body,
        headers=recorded_headers(vector),
    )


@pytest.fixture
async def registered(client: httpx.AsyncClient, saleor: SaleorDouble) -> None:
    response = await replay(client, load_vector("registration.json"))
    assert response.status_code == 200, response.text


async def test_the_recorded_registration_is_accepted(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    response = await replay(client, load_vector("registration.json"))

    assert response.status_code == 200
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, RECORDED_API_URL)
        assert installation.app_id == saleor.app_id == "QXBwOjE="
        assert installation.jwks == load_vector("jwks.json")
        assert installation.saleor_domain == "127.0.0.1:8000"


@pytest.mark.parametrize("name", webhook_vector_names())
async def test_every_recorded_delivery_verifies(
    client: httpx.AsyncClient, registered: None, name: str
) -> None:
    vector = load_vector(name)

    response = await replay(client, vector)

    if vector["event"].upper() in BY_EVENT:
        assert response.status_code == 200
        assert response.json() == {"outcome": "TAKEN"}
    else:
        # verified, then refused only because Foresight does not subscribe to this event
        assert response.status_code == 400
        assert "subscribes" in response.json()["error"]["message"]


@pytest.mark.parametrize("name", webhook_vector_names())
async def test_a_recorded_body_changed_by_one_byte_is_refused(
    client: httpx.AsyncClient, state: AppState, registered: None, name: str
) -> None:
    vector = load_vector(name)
    body = bytearray(vector["body"].encode())
    body[len(body) // 2] ^= 0x01

    response = await replay(client, vector, bytes(body))

    assert response.status_code == 401
    assert await count_deliveries(state.sessionmaker) == 0


async def test_the_recorded_orders_and_fulfillments_land_in_the_record(
    client: httpx.AsyncClient, state: AppState, registered: None
) -> None:
    for name in webhook_vector_names():
        await replay(client, load_vector(name))

    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, RECORDED_API_URL)
        orders = {}
        for name in ("webhook-0011-order_created.json", "webhook-0023-order_created.json"):
            saleor_id = json.loads(load_vector(name)["body"])["order"]["id"]
            orders[name] = await record.get_order(session, installation.id, saleor_id)

    guest = orders["webhook-0011-order_created.json"]
    customer = orders["webhook-0023-order_created.json"]
    assert guest is not None and customer is not None
    assert (guest.number, guest.user_email, guest.user_id) == (
        "25",
        "guest-guest4@example.com",
        None,
    )
    assert (customer.number, customer.user_id) == ("26", "VXNlcjo0Ng==")
    assert [(line.sku, line.quantity) for line in guest.lines] == [("328223581", 2)]
    assert guest.status == "FULFILLED"  # the fulfillment snapshot is newer than the order's
    assert [(f.tracking_number, f.status) for f in guest.fulfillments] == [
        ("TRACK-25", "FULFILLED")
    ]
    assert [f.tracking_number for f in customer.fulfillments] == ["TRACK-26"]
