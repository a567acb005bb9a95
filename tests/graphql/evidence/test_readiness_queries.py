"""orderReadiness and ordersByReadiness: what each order has against each dispute reason."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from tests.graphql.conftest import gql
from tests.graphql.evidence.support import shop_of
from tests.saleor_double import SaleorDouble

ORDER = """
query Ready($orderId: ID!) {
  orderReadiness(orderId: $orderId) {
    orderId orderNumber reasons { reason ready present missing }
  }
}
"""

LIST = """
query List($reason: DisputeReason!, $missing: [EvidencePiece!], $first: Int, $after: String) {
  ordersByReadiness(reason: $reason, missing: $missing, first: $first, after: $after) {
    edges { cursor node { orderId reasons { reason missing } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_an_orders_readiness_names_what_is_missing(
    app: Starlette, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    shop = await shop_of(app, installed, tracking="")

    response = await gql(
        client, installed, ORDER, {"orderId": shop.saleor_order_id}, token=installed.staff_token()
    )

    found = response.json()["data"]["orderReadiness"]
    reasons = {r["reason"]: r for r in found["reasons"]}
    assert reasons["NOT_RECEIVED"]["ready"] is False
    assert reasons["NOT_RECEIVED"]["missing"] == ["TRACKING_NUMBER"]
    assert reasons["CREDIT_NOT_PROCESSED"] == {
        "reason": "CREDIT_NOT_PROCESSED",
        "ready": True,
        "present": ["RETURN_TERMS"],
        "missing": [],
    }


async def test_orders_are_listed_by_readiness_in_pages(
    app: Starlette, client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    first = await shop_of(app, installed)
    second = await shop_of(app, installed, number=2, tracking="")
    third = await shop_of(app, installed, number=3, photos=0)
    token = installed.staff_token()

    page = await gql(client, installed, LIST, {"reason": "NOT_RECEIVED", "first": 1}, token=token)
    data = page.json()["data"]["ordersByReadiness"]
    rest = await gql(
        client,
        installed,
        LIST,
        {"reason": "NOT_RECEIVED", "after": data["pageInfo"]["endCursor"]},
        token=token,
    )
    ready = await gql(client, installed, LIST, {"reason": "NOT_RECEIVED", "missing": []},
                      token=token)  # fmt: skip

    assert [e["node"]["orderId"] for e in data["edges"]] == [third.saleor_order_id]
    assert data["pageInfo"]["hasNextPage"] is True
    following = rest.json()["data"]["ordersByReadiness"]["edges"]
    assert [e["node"]["orderId"] for e in following] == [second.saleor_order_id]
    ready_ids = [e["node"]["orderId"] for e in ready.json()["data"]["ordersByReadiness"]["edges"]]
    assert ready_ids == [first.saleor_order_id]
