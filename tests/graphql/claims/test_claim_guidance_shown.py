"""claimGuidanceShown: the widget reports a reason the buyer opened; whoever may read
claimOptions for the order records it, anyone else learns nothing, and staff do not count."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from saleor_foresight.claims.models import GuidanceView
from saleor_foresight.runtime import AppState
from tests.graphql.claims.flow import CUSTOMER, call, shipped_order, staff_token
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble

SHOWN = """
mutation Shown($orderId: ID!, $reason: ClaimReason!, $email: String) {
  claimGuidanceShown(orderId: $orderId, reason: $reason, email: $email) {
    view { reason availability firstShownAt lastShownAt times }
    errors { field code message }
  }
}
"""
OPTIONS = """
query Options($orderId: ID!, $email: String) {
  claimOptions(orderId: $orderId, email: $email) { reasons { reason availability } }
}
"""


async def views_of(state: AppState) -> list[GuidanceView]:
    async with state.sessionmaker() as session:
        return list(await session.scalars(select(GuidanceView)))


async def test_the_customer_of_the_order_records_what_foresight_showed(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a customer's order, shipped just now
    order = await shipped_order(client, installed, user_id=CUSTOMER)
    token = installed.customer_token()
    variables = {"orderId": order["id"], "reason": "NOT_RECEIVED"}

    # when the customer opens "not received"
    payload = await call(client, installed, SHOWN, variables, token=token)

    # then the view is recorded with the availability claimOptions gives: not open yet
    options = await call(client, installed, OPTIONS, {"orderId": order["id"]}, token=token)
    said = {r["reason"]: r["availability"] for r in options["reasons"]}
    assert said["NOT_RECEIVED"] == "NOT_OPEN_YET"
    assert payload["errors"] == []
    assert payload["view"]["availability"] == "NOT_OPEN_YET" and payload["view"]["times"] == 1
    (row,) = await views_of(state)
    assert (row.reason, row.availability, row.times) == ("NOT_RECEIVED", "NOT_OPEN_YET", 1)


async def test_a_guest_with_the_orders_email_records_each_view(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a guest's order
    order = await shipped_order(client, installed)
    variables = {"orderId": order["id"], "reason": "DAMAGED", "email": " Buyer@Example.com "}

    # when the guest opens "damaged" twice
    first = await call(client, installed, SHOWN, variables)
    second = await call(client, installed, SHOWN, variables)

    # then one row counts both
    assert first["errors"] == [] and second["errors"] == []
    assert second["view"]["firstShownAt"] == first["view"]["firstShownAt"]
    assert second["view"]["times"] == 2
    (row,) = await views_of(state)
    assert (row.reason, row.availability, row.times) == ("DAMAGED", "OPEN", 2)


@pytest.mark.parametrize("asker", ["wrong email", "other customer", "anonymous"])
async def test_anyone_else_is_refused_as_claim_options_refuses_and_nothing_is_written(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState, asker: str
) -> None:
    # given a customer's order, and someone else
    order = await shipped_order(client, installed, user_id=CUSTOMER)
    email = "eve@example.com" if asker == "wrong email" else None
    other = installed.customer_token(user_id="VXNlcjo5OQ==", email="eve@example.com")
    token = other if asker == "other customer" else None

    # when someone else asks for its options and reports a view
    options = await gql(
        client, installed, OPTIONS, {"orderId": order["id"], "email": email}, token=token
    )
    payload = await call(
        client,
        installed,
        SHOWN,
        {"orderId": order["id"], "reason": "DAMAGED", "email": email},
        token=token,
    )

    # then both answer "not found" in the same words, and nothing is recorded
    (refused,) = options.json()["errors"]
    assert refused["extensions"]["code"] == "NOT_FOUND"
    assert payload["view"] is None
    assert payload["errors"] == [
        {"field": "orderId", "code": "NOT_FOUND", "message": refused["message"]}
    ]
    assert await views_of(state) == []


async def test_staff_views_are_not_recorded(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given staff who may read the order's claim options
    order = await shipped_order(client, installed)
    staff = staff_token(installed)
    options = await call(client, installed, OPTIONS, {"orderId": order["id"]}, token=staff)
    assert options["reasons"]

    # when staff report a view
    payload = await call(
        client, installed, SHOWN, {"orderId": order["id"], "reason": "DAMAGED"}, token=staff
    )

    # then it is refused, and nothing is recorded
    assert payload["view"] is None
    assert payload["errors"][0]["code"] == "NOT_ALLOWED"
    assert await views_of(state) == []
