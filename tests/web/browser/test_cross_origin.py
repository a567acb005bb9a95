"""The widget on a storefront of its own origin, as shops run it: the module loads from
Foresight's stable address (CORS on the static files) and talks to /graphql/ (CORS for the
origins in FORESIGHT_STOREFRONT_ORIGINS)."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from html import escape

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Page, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from saleor_foresight.settings import Settings
from tests.saleor_double import SaleorDouble
from tests.web.browser.support import COLOUR_WARNING, RETURN_TERMS, coloured_shirt, shop_policies
from tests.web.serving import served

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


@pytest.fixture
def storefront_socket() -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    yield sock
    sock.close()


@pytest.fixture
def storefront_origin(storefront_socket: socket.socket) -> str:
    return f"http://127.0.0.1:{storefront_socket.getsockname()[1]}"


@pytest.fixture
def settings(settings: Settings, storefront_origin: str) -> Settings:
    return settings.model_copy(update={"storefront_origins": (storefront_origin,)})


def storefront_app(foresight: str) -> Starlette:
    """A shop's checkout page: its own HTML, Foresight's element and a pay button."""

    async def checkout(request: Request) -> HTMLResponse:
        attributes = {
            "api": foresight,
            "saleor-api-url": request.query_params["saleor"],
            "checkout-id": request.query_params["checkout"],
            "pay-button": "#pay",
        }
        element = " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items())
        return HTMLResponse(
            "<!doctype html><html lang=en><meta charset=utf-8><title>Shop</title>"
            f'<script type="module" src="{escape(foresight)}/web/widget/foresight.js"></script>'
            f"<h1>Shop checkout</h1><foresight-checkout {element}></foresight-checkout>"
            '<button id="pay" disabled data-foresight-held>Pay</button></html>'
        )

    return Starlette(routes=[Route("/checkout", checkout)])


@pytest_asyncio.fixture(loop_scope="session")
async def storefront(
    live: str, storefront_socket: socket.socket, storefront_origin: str
) -> AsyncIterator[str]:
    async with served(storefront_app(live), storefront_socket):
        yield storefront_origin


async def test_a_storefront_on_its_own_origin_loads_the_widget_and_accepts(
    page: Page, client: httpx.AsyncClient, installed: SaleorDouble, storefront: str, live: str
) -> None:
    # given a checkout, and the shop's page on an origin other than Foresight's
    await shop_policies(client, installed)
    checkout = installed.add_checkout([(coloured_shirt(installed), 1)])
    assert storefront != live

    # when the buyer opens the shop's checkout page and accepts
    query = httpx.QueryParams(saleor=installed.api_url, checkout=checkout["id"])
    await page.goto(f"{storefront}/checkout?{query}")
    widget = page.locator("foresight-checkout")
    await widget.get_by_role("checkbox", name=RETURN_TERMS).check()
    await widget.get_by_role("checkbox", name=COLOUR_WARNING).check()
    await widget.get_by_role("button", name="Accept and continue").click()

    # then it went through across origins, and the shop's pay button is released
    await expect(widget.get_by_text("You can now pay.")).to_be_visible()
    await expect(page.get_by_role("button", name="Pay")).to_be_enabled()
