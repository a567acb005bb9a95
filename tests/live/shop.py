"""What a shop does in Saleor during the live journeys: a storefront checkout paid through
Dummy Pay, staff fulfilment, and questions to Foresight as staff or buyer."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from tests.live.kit import Kit

T = TypeVar("T")
CHANNEL = "default-channel"
ADDRESS = {
    "firstName": "Ada", "lastName": "Lovelace", "streetAddress1": "1470 Pinewood Avenue",
    "city": "Michigan City", "postalCode": "49360", "country": "US", "countryArea": "MI",
    "phone": "+12025550123",
}  # fmt: skip

VARIANTS = """
query($c: String!) {
  products(first: 40, channel: $c, where: {isAvailable: true}) {
    edges { node { name isAvailableForPurchase
      variants { id quantityAvailable(countryCode: US) pricing { price { gross { amount } } } } } }
  }
}
"""
CHECKOUT_CREATE = """
mutation($i: CheckoutCreateInput!) {
  checkoutCreate(input: $i) {
    checkout { id lines { id } shippingMethods { id } } errors { field code message }
  }
}
"""
DELIVERY = """
mutation($id: ID!, $m: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $m) {
    checkout { id totalPrice { gross { amount currency } } } errors { field code message }
  }
}
"""
COMPLETE = """
mutation($id: ID!) {
  checkoutComplete(id: $id) {
    order { id number status userEmail lines { id quantity } } errors { field code message }
  }
}
"""
WAREHOUSES = "query { warehouses(first: 5) { edges { node { id } } } }"
FULFILL = """
mutation($order: ID!, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) {
    fulfillments { id trackingNumber } errors { field code message }
  }
}
"""
ACCESS_TOKEN = "query($id: ID!) { app(id: $id) { accessToken } }"
REGISTER = """
mutation($e: String!, $p: String!) {
  accountRegister(input: {email: $e, password: $p, channel: "default-channel",
                          redirectUrl: "http://localhost:3000/account/confirm"}) {
    errors { field code message }
  }
}
"""
CUSTOMER = (
    "query($e: String!) { customers(first: 1, filter: {search: $e}) { edges { node { id } } } }"
)
CONFIRM_CUSTOMER = """
mutation($id: ID!) {
  customerUpdate(id: $id, input: {isConfirmed: true}) { errors { field code message } }
}
"""
SIGN_IN = """
mutation($e: String!, $p: String!) {
  tokenCreate(email: $e, password: $p) { token errors { field code message } }
}
"""


def eventually(read: Callable[[], T | None], what: str, seconds: float = 30) -> T:
    """What ``read`` answers once it answers something (Saleor's webhooks and our jobs take a
    moment); AssertionError naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        value = read()
        if value is not None:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(0.3)


def variant(kit: Kit, index: int = 0) -> dict[str, Any]:
    """A purchasable variant with stock (the ``index``-th of those)."""
    found = []
    for edge in kit.gql(VARIANTS, {"c": CHANNEL}, token=None)["products"]["edges"]:
        node = edge["node"]
        for v in node["variants"] or () if node["isAvailableForPurchase"] else ():
            if (v["quantityAvailable"] or 0) > 5 and v["pricing"]:
                found.append({**v, "product": node["name"]})
    return found[index]


def checkout(
    kit: Kit, email: str, quantities: tuple[int, ...] = (1,), *, customer: str | None = None
) -> dict[str, Any]:
    """A checkout as a storefront makes one: lines, addresses, the first shipping method; a
    guest's, or a signed-in customer's (``customer``: their Saleor token)."""
    lines = [{"variantId": variant(kit, i)["id"], "quantity": q} for i, q in enumerate(quantities)]
    made = kit.mutate(
        "checkoutCreate",
        CHECKOUT_CREATE,
        {"i": {"channel": CHANNEL, "email": email, "lines": lines,
               "shippingAddress": ADDRESS, "billingAddress": ADDRESS}},
        token=customer,
    )["checkout"]  # fmt: skip
    priced = kit.mutate(
        "checkoutDeliveryMethodUpdate",
        DELIVERY,
        {"id": made["id"], "m": made["shippingMethods"][0]["id"]},
        token=customer,
    )["checkout"]
    return {**made, "total": priced["totalPrice"]["gross"], "customer": customer}


def pay_and_complete(kit: Kit, made: dict[str, Any]) -> dict[str, Any]:
    """Dummy Pay charges the checkout's total; the storefront completes it into an order."""
    total = made["total"]
    kit.dummy_pay("pay", made["id"], str(total["amount"]), total["currency"])
    order: dict[str, Any] = kit.mutate(
        "checkoutComplete", COMPLETE, {"id": made["id"]}, token=made.get("customer")
    )["order"]
    return order


def customer(kit: Kit, email: str, password: str = "Live-buyer-7431") -> str:  # noqa: S107
    """A buyer with an account (registered, confirmed by staff as the e-mail link would); their
    Saleor token."""
    registered = kit.gql(REGISTER, {"e": email, "p": password}, token=None)["accountRegister"]
    if registered["errors"] and registered["errors"][0]["code"] != "UNIQUE":
        raise AssertionError(registered["errors"])
    found = kit.gql(CUSTOMER, {"e": email})["customers"]["edges"]
    kit.mutate("customerUpdate", CONFIRM_CUSTOMER, {"id": found[0]["node"]["id"]})
    signed_in = kit.mutate("tokenCreate", SIGN_IN, {"e": email, "p": password}, token=None)
    return str(signed_in["token"])


def post_upload(ticket: dict[str, Any], body: bytes, filename: str = "parcel.jpg") -> None:
    """What a browser sends with an upload ticket: its fields in order, then the file."""
    fields = {f["name"]: f["value"] for f in ticket["fields"]}
    sent = httpx.post(
        ticket["url"], data=fields, files={"file": (filename, body, ticket["contentType"])},
        timeout=30,
    )  # fmt: skip
    assert sent.status_code in (200, 201, 204), sent.text


def fulfil(kit: Kit, order: dict[str, Any], tracking: str) -> dict[str, Any]:
    warehouse = kit.gql(WAREHOUSES)["warehouses"]["edges"][0]["node"]["id"]
    lines = [
        {
            "orderLineId": line["id"],
            "stocks": [{"quantity": line["quantity"], "warehouse": warehouse}],
        }
        for line in order["lines"]
    ]
    payload = kit.mutate(
        "orderFulfill",
        FULFILL,
        {"order": order["id"], "input": {"lines": lines, "trackingNumber": tracking,
                                         "notifyCustomer": False}},
    )  # fmt: skip
    fulfillment: dict[str, Any] = payload["fulfillments"][0]
    return fulfillment


def dashboard_token(kit: Kit, app_id: str) -> str:
    """The token the Dashboard hands our iframe (app-bridge): ``App.accessToken`` as staff."""
    return str(kit.gql(ACCESS_TOKEN, {"id": app_id})["app"]["accessToken"])


def ask_foresight(
    url: str, kit: Kit, query: str, variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> httpx.Response:  # fmt: skip
    headers = {"Saleor-Api-Url": kit.api_url}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.post(
        f"{url}/graphql/", json={"query": query, "variables": variables or {}}, headers=headers,
        timeout=30,
    )  # fmt: skip
