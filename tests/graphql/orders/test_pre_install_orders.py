"""Orders placed before the install: Foresight reads them from Saleor when staff, or a buyer
with a proof that matches, asks about one, records them as a webhook would, and answers."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlalchemy import select

from saleor_foresight.orders import guest_access, record
from saleor_foresight.orders.models import GuestAttempt
from saleor_foresight.plugin import installations
from saleor_foresight.runtime import AppState
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import Parcel, photograph
from tests.saleor_double import SaleorDouble, global_id

PROOF = """
query Proof($orderId: ID!, $email: String) {
  orderDispatchProof(orderId: $orderId, email: $email) {
    orderId orderNumber
    fulfillments { id trackingNumber photos { id } }
  }
}
"""
ACCEPTANCES = """
query Acceptances($orderId: ID!, $email: String) {
  orderAcceptances(orderId: $orderId, email: $email) { id }
}
"""
CLAIMS = """
query Claims($orderId: ID!, $email: String) {
  orderClaims(orderId: $orderId, email: $email) { id }
}
"""
MADE_UP = global_id("Order", "8e0a1c1e-3b1f-4a8e-9d42-2c1f0d3b9a77")


def old_order(saleor: SaleorDouble, *, email: str = "buyer@example.com", **kw: Any) -> Parcel:
    """An order shipped before Foresight was installed: Saleor has it, Foresight never heard."""
    order = saleor.add_order([(saleor.add_product(), 1)], email=email, **kw)
    order["created"] = "2026-03-02T10:00:00+00:00"
    return Parcel(order, saleor.add_fulfillment(order, tracking_number="DHL-0001"))


async def held(state: AppState, saleor: SaleorDouble, order_id: str) -> record.Order | None:
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, saleor.api_url)
        return await record.get_order(session, installation.id, order_id)


def code_of(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


async def test_staff_asking_about_an_old_order_brings_it_in_and_may_photograph_it(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given an order shipped before the install
    parcel = old_order(installed)
    staff = installed.staff_token()

    # when the Dashboard's widget asks its three questions at once
    answers = await asyncio.gather(
        gql(client, installed, PROOF, {"orderId": parcel.order_id}, token=staff),
        gql(client, installed, ACCEPTANCES, {"orderId": parcel.order_id}, token=staff),
        gql(client, installed, CLAIMS, {"orderId": parcel.order_id}, token=staff),
    )

    # then each is answered, from one read of Saleor, and the order is recorded with its parcel
    assert [a.status_code for a in answers] == [200, 200, 200]
    proof = answers[0].json()["data"]["orderDispatchProof"]
    assert proof["orderNumber"] == parcel.order["number"]
    assert [f["trackingNumber"] for f in proof["fulfillments"]] == ["DHL-0001"]
    assert answers[1].json()["data"] == {"orderAcceptances": []}
    assert answers[2].json()["data"] == {"orderClaims": []}
    assert installed.calls_to("order") == [{"id": parcel.order_id}]
    order = await held(state, installed, parcel.order_id)
    assert order is not None and order.user_email == "buyer@example.com"
    assert order.created_at.isoformat() == "2026-03-02T10:00:00+00:00"
    assert [(line.quantity, line.product_name) for line in order.lines] == [(1, "Linen shirt")]
    assert [f.saleor_id for f in order.fulfillments] == [parcel.fulfillment_id]

    # and staff can add a dispatch photo to it; asking again does not ask Saleor again
    photo = await photograph(client, installed, parcel)
    again = await gql(client, installed, PROOF, {"orderId": parcel.order_id}, token=staff)
    photos = again.json()["data"]["orderDispatchProof"]["fulfillments"][0]["photos"]
    assert photos == [{"id": photo["id"]}]
    assert len(installed.calls_to("order")) == 1


async def test_a_guest_with_the_orders_email_is_answered(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    parcel = old_order(installed, email="Ada@Example.com")

    response = await gql(
        client, installed, PROOF, {"orderId": parcel.order_id, "email": " ada@example.com"}
    )

    assert response.status_code == 200
    proof = response.json()["data"]["orderDispatchProof"]
    assert [f["id"] for f in proof["fulfillments"]] == [parcel.fulfillment_id]
    assert await held(state, installed, parcel.order_id) is not None
    assert len(installed.calls_to("order")) == 1


async def test_a_wrong_email_is_answered_as_an_unknown_order_and_records_nothing(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    parcel = old_order(installed)

    # when a guest gives another email for a real order, and one for a made-up order
    wrong = await gql(
        client, installed, PROOF, {"orderId": parcel.order_id, "email": "thief@example.com"}
    )
    unknown = await gql(client, installed, PROOF, {"orderId": MADE_UP, "email": "x@example.com"})

    # then both answer the same typed error, say nothing else, and nothing is recorded
    assert code_of(wrong) == code_of(unknown) == "NOT_FOUND"
    assert wrong.json()["data"] == unknown.json()["data"] == {"orderDispatchProof": None}
    assert wrong.json()["errors"][0]["message"] == unknown.json()["errors"][0]["message"]
    assert await held(state, installed, parcel.order_id) is None
    # and each counts as a wrong guess
    async with state.sessionmaker() as session:
        guesses = await session.scalars(select(GuestAttempt.order_key))
        assert sorted(guesses) == sorted([parcel.order_id, MADE_UP])


async def test_a_customer_is_answered_for_their_own_old_order_only(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    user = global_id("User", 46)
    parcel = old_order(installed, user_id=user)

    theirs = await gql(
        client, installed, CLAIMS, {"orderId": parcel.order_id},
        token=installed.customer_token(user_id=global_id("User", 99)),
    )  # fmt: skip
    assert code_of(theirs) == "NOT_FOUND"
    assert await held(state, installed, parcel.order_id) is None

    mine = await gql(
        client, installed, CLAIMS, {"orderId": parcel.order_id},
        token=installed.customer_token(user_id=user),
    )  # fmt: skip
    assert mine.json() == {"data": {"orderClaims": []}}
    assert await held(state, installed, parcel.order_id) is not None


async def test_strangers_cannot_make_foresight_ask_saleor_without_limit(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    parcel = old_order(installed)

    # a guest without an email, and ids that are not an order's, never reach Saleor
    for variables in (
        {"orderId": parcel.order_id},
        {"orderId": parcel.order_id, "email": "  "},
        {"orderId": "not-an-id", "email": "x@example.com"},
        {"orderId": global_id("Checkout", "1"), "email": "x@example.com"},
    ):
        assert code_of(await gql(client, installed, PROOF, variables)) == "NOT_FOUND"
    assert installed.calls_to("order") == []

    # a made-up order is asked about once, however often (Saleor's "no such order" is kept)
    for _ in range(3):
        made_up = {"orderId": MADE_UP, "email": "x@example.com"}
        assert code_of(await gql(client, installed, PROOF, made_up)) == "NOT_FOUND"
    assert installed.calls_to("order") == [{"id": MADE_UP}]

    # wrong emails for a real order share one read until the order's guesses are used up;
    # from then on, no guess reaches Saleor
    guesses = guest_access.PER_ORDER + 3
    codes = [
        code_of(
            await gql(
                client, installed, PROOF, {"orderId": parcel.order_id, "email": f"{n}@x.test"}
            )
        )
        for n in range(guesses)
    ]
    assert codes == ["NOT_FOUND"] * guest_access.PER_ORDER + ["TOO_MANY_ATTEMPTS"] * 3
    reads = [c for c in installed.calls_to("order") if c["id"] == parcel.order_id]
    assert len(reads) == 1


async def test_a_saleor_that_does_not_answer_is_a_typed_error_and_records_nothing(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    parcel = old_order(installed)
    installed.fail_next(state.settings.saleor_attempts)

    response = await gql(
        client, installed, PROOF, {"orderId": parcel.order_id}, token=installed.staff_token()
    )

    assert code_of(response) == "SALEOR_UNAVAILABLE"
    assert await held(state, installed, parcel.order_id) is None
    # a failed read is not remembered as "no such order": the next ask brings it in
    retried = await gql(
        client, installed, PROOF, {"orderId": parcel.order_id}, token=installed.staff_token()
    )
    assert retried.json()["data"]["orderDispatchProof"]["orderId"] == parcel.order_id
