"""What the browser tests share: the demo pages' addresses, the shop's two policies, and
Saleor placing an order through the real webhook intake."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx

from saleor_foresight.runtime import AppState
from tests.graphql.policies.support import current_version, published_policy
from tests.plugin.webhooks.conftest import delivery_for, post
from tests.saleor_double import SaleorDouble, global_id

BUYER = global_id("User", 46)
RETURN_TERMS = "I accept the return terms"
COLOUR_WARNING = "I understand the colour may differ from the photo"


def checkout_page(
    saleor: SaleorDouble,
    checkout_id: str,
    *,
    token: str | None = None,
    lang: str | None = None,
    when_unreachable: str | None = "hold",
) -> str:
    """The demo checkout. Until Foresight has answered once in the browser, the element holds
    the pay button however long Foresight takes (``when-unreachable="hold"``), so a slow first
    answer on a busy test machine is not taken for Foresight being unreachable; None leaves
    the widget's default (release after 4 s)."""
    query = {"saleor-api-url": saleor.api_url, "checkout-id": checkout_id}
    if when_unreachable is not None:
        query["when-unreachable"] = when_unreachable
    if lang is not None:
        query["lang"] = lang
    fragment = f"#{urlencode({'token': token})}" if token else ""
    return f"/web/demo/checkout.html?{urlencode(query)}{fragment}"


def order_page(
    saleor: SaleorDouble,
    order_id: str,
    *,
    email: str | None = None,
    token: str | None = None,
    lang: str | None = None,
) -> str:
    query = {"saleor-api-url": saleor.api_url, "order-id": order_id}
    if email is not None:
        query["email"] = email
    if lang is not None:
        query["lang"] = lang
    fragment = f"#{urlencode({'token': token})}" if token else ""
    return f"/web/demo/order.html?{urlencode(query)}{fragment}"


async def shop_policies(
    client: httpx.AsyncClient, saleor: SaleorDouble
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return terms for everything, and a colour warning for goods with a colour; both must
    be accepted. Their current versions."""
    returns = await published_policy(client, saleor)
    colour = await published_policy(
        client, saleor, kind="COLOUR_DIFFERENCE", title="Colours may differ",
        body="Screens show colours differently; the **fabric** may look darker.",
        consent=COLOUR_WARNING, targeting={"attributes": [{"attribute": "colour"}]},
    )  # fmt: skip
    return current_version(returns), current_version(colour)


def coloured_shirt(saleor: SaleorDouble) -> dict[str, Any]:
    return saleor.add_product("Linen shirt", attributes={"colour": ["Navy"]})


async def place_order(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState, checkout: dict[str, Any]
) -> dict[str, Any]:
    """Saleor completes the checkout and tells Foresight (ORDER_CREATED, signed)."""
    order = saleor.add_order(checkout=checkout, status="UNCONFIRMED")
    response = await post(client, delivery_for(saleor, "ORDER_CREATED", order=order))
    assert response.status_code == 200, response.text
    await state.worker.run_once()
    return order
