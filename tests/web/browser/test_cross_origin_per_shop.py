"""CORS per shop, as Chromium enforces it: a storefront origin one shop names may call
Foresight for that shop; for another shop of the same Foresight its browser gets no answer,
though the preflight (which cannot say its Saleor) let the request go."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Page
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from saleor_foresight.runtime import AppState
from tests.graphql.origins.conftest import allow
from tests.saleor_double import SaleorDouble
from tests.web import serving

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

CALL = """
async ([endpoint, saleor]) => {
  try {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {"Content-Type": "application/json", "Saleor-Api-Url": saleor},
      body: JSON.stringify({query: "{ viewer { kind } }"}),
    });
    return {read: await response.json()};
  } catch (error) {
    return {refused: String(error)};
  }
}
"""


@pytest.fixture
def storefront_socket() -> Iterator[socket.socket]:
    sock = serving.loopback_socket()
    yield sock
    sock.close()


@pytest_asyncio.fixture(loop_scope="session")
async def storefront(storefront_socket: socket.socket) -> AsyncIterator[str]:
    """A shop's page on its own origin."""

    async def home(_request: Any) -> HTMLResponse:
        return HTMLResponse("<!doctype html><html lang=en><title>Shop</title><h1>Shop</h1>")

    async with serving.served(Starlette(routes=[Route("/", home)]), storefront_socket):
        yield f"http://127.0.0.1:{storefront_socket.getsockname()[1]}"


@pytest_asyncio.fixture(loop_scope="session")
async def other(state: AppState) -> SaleorDouble:
    return await serving.installed(state, SaleorDouble("https://other.test/graphql/"))


async def test_a_shops_storefront_reads_its_own_shop_only(
    page: Page,
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    other: SaleorDouble,
    storefront: str,
    live: str,
) -> None:
    # given the shop names its storefront (and Foresight's own list is empty)
    await allow(client, installed, storefront)

    # when the storefront's page calls Foresight for its shop, and for the other shop
    await page.goto(f"{storefront}/")
    own = await page.evaluate(CALL, [f"{live}/graphql/", installed.api_url])
    foreign = await page.evaluate(CALL, [f"{live}/graphql/", other.api_url])

    # then it reads its own shop's answer, and the browser withholds the other's
    assert own == {"read": {"data": {"viewer": {"kind": "GUEST"}}}}
    assert "refused" in foreign, foreign
