"""Who may read an order: its customer, a guest with its email, staff with MANAGE_ORDERS."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request

from saleor_foresight.graphql.access import readable_order
from saleor_foresight.graphql.context import Context
from saleor_foresight.graphql.errors import NotFound
from saleor_foresight.orders import record
from saleor_foresight.plugin.models import Installation
from saleor_foresight.plugin.saleor_orders import ReadOrder
from saleor_foresight.plugin.shared_reads import NO_SUCH_ORDER_TTL, SharedReads
from saleor_foresight.plugin.tokens import Customer, Staff, Viewer
from tests.factories import at, make_installation, order_snapshot


@dataclass
class Case:
    viewer: Viewer | None
    email: str | None
    allowed: bool


CUSTOMER = Customer(user_id="VXNlcjo0Ng==", email="buyer@example.com")
CASES = {
    "its customer": Case(CUSTOMER, None, True),
    "another customer": Case(Customer("VXNlcjo5OQ==", "buyer@example.com"), None, False),
    "guest with the email": Case(None, "Buyer@Example.com ", True),
    "guest with another email": Case(None, "thief@example.com", False),
    "guest without email": Case(None, None, False),
    "staff with MANAGE_ORDERS": Case(
        Staff("VXNlcjoy", "s@x", frozenset({"MANAGE_ORDERS"})), None, True
    ),
    "staff without it": Case(
        Staff("VXNlcjoy", "s@x", frozenset({"MANAGE_CHECKOUTS"})), None, False
    ),
}


@pytest.mark.parametrize("name", CASES)
async def test_who_may_read_an_order(
    sessionmaker: async_sessionmaker[AsyncSession], name: str
) -> None:
    case = CASES[name]
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        snapshot = order_snapshot()
        snapshot = type(snapshot)(**{**snapshot.__dict__, "user_id": CUSTOMER.user_id})
        await record.apply_snapshot(session, installation.id, snapshot, at(1))

    async with sessionmaker() as session:
        context = context_for(session, installation, case.viewer)
        if case.allowed:
            order = await readable_order(context, snapshot.saleor_id, case.email)
            assert order.number == "25"
        else:
            with pytest.raises(NotFound):
                await readable_order(context, snapshot.saleor_id, case.email)


async def test_an_order_of_another_installation_is_not_found(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        mine = await make_installation(session, "https://one.test/graphql/")
        other = await make_installation(session, "https://two.test/graphql/")
        await record.apply_snapshot(session, other.id, order_snapshot(), at(1))

    saleor = SaleorKnowsNothing()
    async with sessionmaker() as session:
        with pytest.raises(NotFound):
            await readable_order(
                context_for(session, mine, None, saleor), "T3JkZXI6MQ==", "buyer@example.com"
            )

    # its own Saleor was asked about it (and knows no such order)
    assert saleor.asked == ["T3JkZXI6MQ=="]


class SaleorKnowsNothing:
    """A Saleor holding none of the orders asked for (each read is counted)."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def order_for_record(self, order_id: str) -> None:
        self.asked.append(order_id)


def context_for(
    session: AsyncSession,
    installation: Installation,
    viewer: Viewer | None,
    saleor: SaleorKnowsNothing | None = None,
) -> Context:
    """A request from 203.0.113.5 on a deployment without proxies, on ``session``'s database."""
    sessionmaker = async_sessionmaker(session.bind, expire_on_commit=False)
    settings = SimpleNamespace(trusted_proxy_header=None, trusted_proxy_networks=())
    request = Request({"type": "http", "client": ("203.0.113.5", 4000), "headers": []})
    client = saleor or SaleorKnowsNothing()
    state = SimpleNamespace(
        sessionmaker=sessionmaker,
        settings=settings,
        order_reads=SharedReads[ReadOrder](NO_SUCH_ORDER_TTL),
        client_of=lambda _installation: client,
    )
    return Context(
        request=request,
        state=state,  # type: ignore[arg-type]
        installation=installation,
        viewer=viewer,
        session=session,
    )
