"""packingQueue: FULFILLMENT_CREATED puts a parcel in the queue, a photo takes it out; staff
read it riskiest first (then oldest), per channel, a page at a time."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

import httpx
import pytest

from saleor_foresight.runtime import AppState
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import Parcel, deliver, photograph, ship, statements
from tests.saleor_double import SaleorDouble

QUEUE = """
query Queue($channel: String, $first: Int, $after: String) {
  packingQueue(channel: $channel, first: $first, after: $after) {
    edges {
      cursor
      node {
        orderId orderNumber channel waitingSince
        fulfillment { id number trackingNumber photos { id hidden } }
      }
    }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""

HIDE = """
mutation Hide($id: ID!) { dispatchPhotoHide(id: $id, reason: "Wrong parcel") { errors { code } } }
"""


async def queue(
    client: httpx.AsyncClient, saleor: SaleorDouble, token: str | None = None, **variables: Any
) -> dict[str, Any]:
    response = await gql(client, saleor, QUEUE, variables, token=token or saleor.staff_token())
    body: dict[str, Any] = response.json()
    return body


def numbers(body: dict[str, Any]) -> list[str]:
    return [edge["node"]["orderNumber"] for edge in body["data"]["packingQueue"]["edges"]]


async def ship_at(
    client: httpx.AsyncClient, saleor: SaleorDouble, minute: int, channel: str = "default-channel"
) -> Parcel:
    return await ship(
        client, saleor, channel=channel, created=f"2026-11-20T12:{minute:02d}:00+00:00"
    )


async def test_fulfilled_parcels_wait_oldest_first_until_photographed(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given three parcels fulfilled at 12:30, 12:10 and 12:20 (Saleor told us by webhook)
    late, early, middle = [await ship_at(client, installed, m) for m in (30, 10, 20)]

    # when staff read the queue, and again after photographing the middle one
    before = await queue(client, installed)
    await photograph(client, installed, middle)
    after = await queue(client, installed)

    # then the queue lists the parcels oldest first, and the photographed one left it
    assert numbers(before) == [early.order["number"], middle.order["number"], late.order["number"]]
    assert numbers(after) == [early.order["number"], late.order["number"]]
    node = before["data"]["packingQueue"]["edges"][0]["node"]
    assert node["orderId"] == early.order_id
    assert node["channel"] == "default-channel"
    assert node["waitingSince"] == "2026-11-20T12:10:00+00:00"
    assert node["fulfillment"]["id"] == early.fulfillment_id
    assert node["fulfillment"]["trackingNumber"] == "DHL-00340434161094042557"
    assert node["fulfillment"]["photos"] == []


async def test_a_parcel_whose_photo_is_hidden_is_back_in_the_queue_with_it(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    parcel = await ship(client, installed)
    photo = await photograph(client, installed, parcel)
    assert numbers(await queue(client, installed)) == []

    hidden = await gql(client, installed, HIDE, {"id": photo["id"]}, token=installed.staff_token())

    assert hidden.json()["data"]["dispatchPhotoHide"]["errors"] == []
    [edge] = (await queue(client, installed))["data"]["packingQueue"]["edges"]
    assert edge["node"]["fulfillment"]["photos"] == [{"id": photo["id"], "hidden": True}]


RANKED = """
query Queue {
  packingQueue {
    edges {
      node { orderNumber orderTotal currency hasPhoto risk warnings signatureRequired }
    }
  }
}
"""
NAN_CURSOR = base64.urlsafe_b64encode(
    b"NaN|2026-11-20T12:00:00+00:00|00000000-0000-0000-0000-000000000000"
).decode()
RULES = """
mutation Rules($input: ChannelRulesInput!) {
  channelRulesUpdate(channel: "default-channel", input: $input) { errors { code } }
}
"""


async def test_the_riskiest_parcel_first_with_what_the_rules_flag(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given parcels worth 50 (tracked), 300 (untracked) and 900 (tracked), and a shop that
    # wants parcels above 100 tracked
    owner = installed.staff_token(user_permissions=("MANAGE_SETTINGS",))
    wanted = {"input": {"currency": "USD", "trackedShippingAbove": "100"}}
    rules = await gql(client, installed, RULES, wanted, token=owner)
    assert rules.json()["data"]["channelRulesUpdate"]["errors"] == []
    cheap = await ship(client, installed, price="50.00")
    untracked = await ship(client, installed, price="300.00", tracking_number="")
    dear = await ship(client, installed, price="900.00")

    # when staff read the queue
    response = await gql(client, installed, RANKED, {}, token=installed.staff_token())

    # then they rank by total x proofs missing: 900 x 1 (no photo), 300 x 2 (no photo, no
    # tracking), 50 x 1; the untracked one above the threshold is flagged
    nodes = [e["node"] for e in response.json()["data"]["packingQueue"]["edges"]]
    assert [n["orderNumber"] for n in nodes] == [
        dear.order["number"], untracked.order["number"], cheap.order["number"],
    ]  # fmt: skip
    totals = [(Decimal(n["orderTotal"]), Decimal(n["risk"])) for n in nodes]
    assert totals[1][1] == 2 * totals[1][0] and totals[0][1] == totals[0][0]
    assert nodes[1]["warnings"] == ["NO_TRACKING"] and nodes[0]["warnings"] == []
    assert nodes[0]["signatureRequired"] and not nodes[1]["signatureRequired"]
    assert {n["hasPhoto"] for n in nodes} == {False}


async def test_the_queue_of_one_channel(client: httpx.AsyncClient, installed: SaleorDouble) -> None:
    eu = await ship_at(client, installed, 1, channel="eu")
    us = await ship_at(client, installed, 2, channel="us")

    assert numbers(await queue(client, installed, channel="eu")) == [eu.order["number"]]
    assert numbers(await queue(client, installed, channel="us")) == [us.order["number"]]
    assert numbers(await queue(client, installed, channel="mars")) == []
    assert numbers(await queue(client, installed)) == [eu.order["number"], us.order["number"]]


async def test_the_queue_pages_with_first_and_after(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    parcels = [await ship_at(client, installed, m) for m in (1, 2, 3, 4, 5)]

    pages: list[list[str]] = []
    infos = []
    after = None
    while True:
        body = await queue(client, installed, first=2, after=after)
        pages.append(numbers(body))
        info = body["data"]["packingQueue"]["pageInfo"]
        infos.append((info["hasNextPage"], info["hasPreviousPage"]))
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]

    expected = [p.order["number"] for p in parcels]
    assert pages == [expected[0:2], expected[2:4], expected[4:5]]
    assert infos == [(True, False), (True, True), (False, True)]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"first": 0}, "first must be between 1 and 100."),
        ({"first": 101}, "first must be between 1 and 100."),
        ({"after": "bm90IGEgY3Vyc29y"}, "The cursor is not one this query gave."),
        ({"after": "%%%"}, "The cursor is not one this query gave."),
        ({"after": NAN_CURSOR}, "The cursor is not one this query gave."),
    ],
)
async def test_bad_paging_arguments_are_refused(
    client: httpx.AsyncClient, installed: SaleorDouble, variables: dict[str, Any], message: str
) -> None:
    body = await queue(client, installed, **variables)

    assert body["data"] is None
    assert body["errors"][0]["message"] == message


@pytest.mark.parametrize("who", ["guest", "customer", "staff without MANAGE_ORDERS"])
async def test_only_staff_with_manage_orders_read_the_queue(
    client: httpx.AsyncClient, installed: SaleorDouble, who: str
) -> None:
    await ship(client, installed)
    token = {
        "guest": None,
        "customer": installed.customer_token(),
        "staff without MANAGE_ORDERS": installed.staff_token(user_permissions=["MANAGE_USERS"]),
    }[who]

    response = await gql(client, installed, QUEUE, token=token)

    assert response.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


async def count_queue_statements(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState, more: int, parcels: int
) -> int:
    """Add ``more`` parcels with a hidden photo each; statements to read all ``parcels``."""
    for _ in range(more):
        photo = await photograph(client, saleor, await ship(client, saleor))
        await gql(client, saleor, HIDE, {"id": photo["id"]}, token=saleor.staff_token())
    token = saleor.staff_token()
    with statements(state.engine) as sent:
        body = await queue(client, saleor, token=token, first=100)
    edges = body["data"]["packingQueue"]["edges"]
    assert len(edges) == parcels
    assert all(len(e["node"]["fulfillment"]["photos"]) == 1 for e in edges)
    return len(sent)


async def test_the_queue_and_its_photos_load_in_a_constant_number_of_queries(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    two = await count_queue_statements(client, installed, state, more=2, parcels=2)
    six = await count_queue_statements(client, installed, state, more=4, parcels=6)

    assert two == six
    assert six <= 3  # installation, queue, photos


TO_PACK = """
query Queue($after: String) {
  packingQueue(first: 1, after: $after) {
    edges { cursor node { orderId shipped orderTotal risk waitingSince fulfillment { id } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_an_order_to_pack_waits_in_the_queue_until_its_parcel_has_a_photo(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given an order placed and not shipped yet (Saleor: UNFULFILLED), worth more than a
    # parcel already shipped without a photo
    shipped = await ship(client, installed, price="20.00")
    order = installed.add_order([(installed.add_product(price="80.00"), 1)])
    await deliver(client, installed, "ORDER_CREATED", order=order)
    token = installed.staff_token()

    # when staff read the queue a page at a time
    first = (await gql(client, installed, TO_PACK, token=token)).json()["data"]["packingQueue"]
    after = first["pageInfo"]["endCursor"]
    second = (await gql(client, installed, TO_PACK, {"after": after}, token=token)).json()

    # then the order to pack comes first, by its total, with no parcel yet; then the parcel
    [edge] = first["edges"]
    assert edge["node"]["orderId"] == order["id"]
    assert (edge["node"]["shipped"], edge["node"]["fulfillment"]) == (False, None)
    assert Decimal(edge["node"]["risk"]) == Decimal(edge["node"]["orderTotal"]) > 20
    [later] = second["data"]["packingQueue"]["edges"]
    assert later["node"]["orderId"] == shipped.order_id and later["node"]["shipped"] is True

    # when Saleor ships it and the parcel is photographed
    fulfillment = installed.add_fulfillment(order)
    await deliver(client, installed, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment)
    await photograph(client, installed, Parcel(order, fulfillment))

    # then it has left the queue
    assert numbers(await queue(client, installed)) == [shipped.order["number"]]
