"""staffNotifications and staffNotificationsMarkRead: a valuable parcel shipped untracked
reaches the staff inbox once; staff with MANAGE_ORDERS read it and mark it read."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from saleor_foresight.graphql.ids import to_global_id
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import ship
from tests.saleor_double import SaleorDouble

INBOX = """
query Inbox($unreadOnly: Boolean!) {
  staffNotifications(unreadOnly: $unreadOnly) {
    unreadCount
    items {
      id kind message orderId orderNumber fulfillmentId warnings signatureRequired readAt readBy
    }
  }
}
"""
MARK = """
mutation Mark($ids: [ID!]!) { staffNotificationsMarkRead(ids: $ids) { marked } }
"""
RULES = """
mutation Rules($input: ChannelRulesInput!) {
  channelRulesUpdate(channel: "default-channel", input: $input) { errors { code } }
}
"""


async def data(
    client: httpx.AsyncClient, saleor: SaleorDouble, document: str, variables: dict[str, Any],
    token: str,
) -> dict[str, Any]:  # fmt: skip
    body: dict[str, Any] = (await gql(client, saleor, document, variables, token=token)).json()
    assert "errors" not in body, body
    return body["data"]


async def test_staff_read_the_warning_and_mark_it_read(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    owner = installed.staff_token(user_permissions=("MANAGE_SETTINGS",))
    staff = installed.staff_token(user_permissions=("MANAGE_ORDERS",), email="packer@example.com")
    wanted = {"input": {"currency": "USD", "trackedShippingAbove": "100", "signatureAbove": "750"}}
    await data(client, installed, RULES, wanted, owner)
    # given a parcel of 900 shipped without tracking, and one of 50
    dear = await ship(client, installed, price="900.00", tracking_number="")
    await ship(client, installed, price="50.00", tracking_number="")

    # when staff open the inbox
    inbox = (await data(client, installed, INBOX, {"unreadOnly": True}, staff))[
        "staffNotifications"
    ]

    # then the dear parcel's warning is there, once
    assert inbox["unreadCount"] == 1
    [item] = inbox["items"]
    assert item["kind"] == "DISPATCH_WARNING"
    assert (item["orderId"], item["orderNumber"]) == (dear.order_id, dear.order["number"])
    assert item["fulfillmentId"] == dear.fulfillment_id
    assert item["warnings"] == ["NO_TRACKING"] and item["signatureRequired"]
    assert "no tracking number" in item["message"] and item["readAt"] is None

    # when they mark it read (with an unknown notification beside it)
    unknown = to_global_id("StaffNotification", uuid.uuid4())
    marked = await data(client, installed, MARK, {"ids": [item["id"], unknown]}, staff)
    again = await data(client, installed, MARK, {"ids": [item["id"]]}, staff)

    # then it leaves the unread list and stays in the full one, stamped
    assert marked["staffNotificationsMarkRead"]["marked"] == 1
    assert again["staffNotificationsMarkRead"]["marked"] == 0
    unread = await data(client, installed, INBOX, {"unreadOnly": True}, staff)
    everything = await data(client, installed, INBOX, {"unreadOnly": False}, staff)
    assert unread["staffNotifications"] == {"unreadCount": 0, "items": []}
    [read] = everything["staffNotifications"]["items"]
    assert read["readBy"] == "packer@example.com" and read["readAt"] is not None


async def test_the_inbox_needs_manage_orders(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    settings_only = installed.staff_token(user_permissions=("MANAGE_SETTINGS",))
    for token in (settings_only, installed.customer_token()):
        read = (await gql(client, installed, INBOX, {"unreadOnly": True}, token=token)).json()
        mark = (await gql(client, installed, MARK, {"ids": []}, token=token)).json()
        assert (
            read["data"] is None and read["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
        )
        assert (
            mark["data"] is None and mark["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
        )


async def test_an_id_of_another_kind_is_refused(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    staff = installed.staff_token(user_permissions=("MANAGE_ORDERS",))
    wrong = to_global_id("Claim", uuid.uuid4())

    body = (await gql(client, installed, MARK, {"ids": [wrong]}, token=staff)).json()

    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "INVALID_ID"
