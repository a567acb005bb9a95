"""Guests prove an order with its ID and email, through the API: wrong emails are limited per
order and per client address; once locked, the right email is refused too, with the same
answer; right guesses never count; the limit lapses with its window."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, select, update
from starlette.applications import Starlette

from saleor_foresight.claims.models import Claim
from saleor_foresight.db import utcnow
from saleor_foresight.orders.guest_access import PER_CLIENT, PER_ORDER, WINDOW
from saleor_foresight.orders.models import GuestAttempt
from saleor_foresight.runtime import AppState
from tests.graphql.claims.flow import CLAIM_CREATE, EMAIL, shipped_order, staff_token
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble

OPTIONS = """
query Options($orderId: ID!, $email: String) {
  claimOptions(orderId: $orderId, email: $email) { orderNumber }
}
"""
WRONG = "thief@example.com"

Peer = Callable[[str], AbstractAsyncContextManager[httpx.AsyncClient]]


def as_peer(app: Starlette) -> Peer:
    """A client whose requests come from the given address."""

    @asynccontextmanager
    async def open_client(address: str) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=app, client=(address, 50000))
        async with httpx.AsyncClient(transport=transport, base_url="https://foresight.test") as c:
            yield c

    return open_client


async def options(
    client: httpx.AsyncClient, saleor: SaleorDouble, order_id: str, email: str | None, **kw: Any
) -> str:
    """What claimOptions answers: OK, or the error's code."""
    body = (await gql(client, saleor, OPTIONS, {"orderId": order_id, "email": email}, **kw)).json()
    if body.get("errors"):
        return str(body["errors"][0]["extensions"]["code"])
    return "OK"


async def test_an_order_locks_after_its_wrong_guesses_even_for_the_right_email(
    app: Starlette, installed: SaleorDouble, state: AppState
) -> None:
    # given a guest's order, and someone guessing its email from ever new addresses
    async with as_peer(app)("198.51.100.1") as client:
        order = await shipped_order(client, installed)
    guesses = []
    for n in range(PER_ORDER):
        async with as_peer(app)(f"198.51.100.{n + 10}") as client:
            guesses.append(await options(client, installed, order["id"], WRONG))

    # when the buyer then gives the right email, asking and filing
    async with as_peer(app)("203.0.113.7") as buyer:
        right = await options(buyer, installed, order["id"], EMAIL)
        wrong = await options(buyer, installed, order["id"], WRONG)
        filed = (
            await gql(buyer, installed, CLAIM_CREATE, {"input": {
                "orderId": order["id"], "email": EMAIL, "reason": "DAMAGED", "lines": [],
                "message": "Torn.", "wishedResolution": "REFUND",
            }})
        ).json()  # fmt: skip
        staff = await options(buyer, installed, order["id"], None, token=staff_token(installed))

    # then every wrong guess was "not found", and now any guess, right or wrong, is refused
    # alike, nothing is filed; staff still read the order
    assert guesses == ["NOT_FOUND"] * PER_ORDER
    assert right == wrong == "TOO_MANY_ATTEMPTS"
    assert filed["errors"][0]["extensions"]["code"] == "TOO_MANY_ATTEMPTS"
    assert filed["errors"][0]["message"] == (
        "Too many tries with a wrong email. Wait a few minutes, then try again."
    )
    assert staff == "OK"
    async with state.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Claim)) == 0


async def test_a_client_locks_after_its_wrong_guesses_over_many_orders(
    app: Starlette, installed: SaleorDouble
) -> None:
    # given a real order, and a client guessing orders that do not exist
    async with as_peer(app)("198.51.100.1") as client:
        order = await shipped_order(client, installed)
    async with as_peer(app)("192.0.2.66") as guesser:
        misses = [
            await options(guesser, installed, f"T3JkZXI6{n:04d}", WRONG) for n in range(PER_CLIENT)
        ]

        # when it then asks for the real order with its right email
        locked = await options(guesser, installed, order["id"], EMAIL)

    # then it is refused, while the buyer from their own address gets in
    async with as_peer(app)("203.0.113.7") as buyer:
        allowed = await options(buyer, installed, order["id"], EMAIL)
    assert misses == ["NOT_FOUND"] * PER_CLIENT
    assert (locked, allowed) == ("TOO_MANY_ATTEMPTS", "OK")


async def test_right_guesses_never_count_and_the_lock_lapses_with_its_window(
    app: Starlette, installed: SaleorDouble, state: AppState
) -> None:
    # given a buyer who asks many times with the right email, and slipped a few times
    async with as_peer(app)("203.0.113.7") as buyer:
        order = await shipped_order(buyer, installed)
        rights = [await options(buyer, installed, order["id"], EMAIL) for _ in range(PER_ORDER)]
        slips = [await options(buyer, installed, order["id"], WRONG) for _ in range(PER_ORDER - 1)]

        # when they ask right again, slip once more, and once the window has passed
        still = await options(buyer, installed, order["id"], EMAIL)
        await options(buyer, installed, order["id"], WRONG)
        locked = await options(buyer, installed, order["id"], EMAIL)
        async with state.sessionmaker.begin() as session:
            await session.execute(
                update(GuestAttempt).values(created_at=utcnow() - WINDOW - timedelta(seconds=1))
            )
        later = await options(buyer, installed, order["id"], EMAIL)

    # then right guesses never locked them, the tenth slip did, and the window frees them
    assert rights == ["OK"] * PER_ORDER and slips == ["NOT_FOUND"] * (PER_ORDER - 1)
    assert (still, locked, later) == ("OK", "TOO_MANY_ATTEMPTS", "OK")


TWO_FIELDS = """
query Page($orderId: ID!, $email: String) {
  claimOptions(orderId: $orderId, email: $email) { orderNumber }
  orderClaims(orderId: $orderId, email: $email) { id }
}
"""


async def test_a_request_asking_several_fields_of_the_order_is_one_guess(
    app: Starlette, installed: SaleorDouble
) -> None:
    # given a buyer whose order page asks two fields at once, mistyping the email each time
    async with as_peer(app)("203.0.113.7") as buyer:
        order = await shipped_order(buyer, installed)
        for _ in range(PER_ORDER - 1):
            await gql(buyer, installed, TWO_FIELDS, {"orderId": order["id"], "email": WRONG})

        # when they then type it right
        right = await options(buyer, installed, order["id"], EMAIL)

    # then they are in: each page load counted once, not once per field
    assert right == "OK"
