"""The real app for the browser: uvicorn serves ``create_app(settings, saleor_transport=...)`` on
a free loopback port in the session's event loop (the one the browser runs in), the Saleor
double answers the app's calls to Saleor, and each test gets a fresh browser context.

The app-level fixtures of ``tests/conftest.py`` are redefined here on the session loop, so the
server, the browser, and the test's own API calls share one loop and one database engine."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
import pytest_asyncio
from starlette.applications import Starlette

from saleor_foresight.runtime import AppState
from saleor_foresight.settings import Settings
from tests.saleor_double import SaleorDouble
from tests.web import serving
from tests.web.conftest import artifact_name, failed_report, keep_screenshot

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """Bound before the app is built, so its public URL names this port."""
    sock = serving.loopback_socket()
    yield sock
    sock.close()


@pytest.fixture
def settings(settings: Settings, listener: socket.socket) -> Settings:
    host, port = listener.getsockname()[:2]
    return settings.model_copy(update={"public_url": f"http://{host}:{port}", "run_worker": False})


@pytest_asyncio.fixture(loop_scope="session")
async def app(settings: Settings, saleor: SaleorDouble) -> AsyncIterator[Starlette]:
    async with serving.running_app(settings, saleor) as application:
        yield application


@pytest_asyncio.fixture(loop_scope="session")
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """The test's own calls (staff API, Saleor's webhooks), straight to the same app."""
    async with serving.api_client(app) as c:
        yield c


@pytest_asyncio.fixture(loop_scope="session")
async def installed(state: AppState, saleor: SaleorDouble) -> SaleorDouble:
    return await serving.installed(state, saleor)


@pytest_asyncio.fixture(loop_scope="session")
async def live(app: Starlette, listener: socket.socket, settings: Settings) -> AsyncIterator[str]:
    """The app served over HTTP on the listener; its base URL."""
    async with serving.served(app, listener):
        yield settings.base_url


@dataclass
class PageLog:
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest_asyncio.fixture(loop_scope="session")
async def page(
    browser: Browser, live: str, request: pytest.FixtureRequest, artifacts_dir: Path
) -> AsyncIterator[Page]:
    """A page in a fresh context; on failure a screenshot and the console are kept. An
    uncaught error in the page fails a test that passed."""
    context = await browser.new_context(
        base_url=live, locale="en-GB", timezone_id="Europe/Berlin",
        viewport={"width": 960, "height": 900},
    )  # fmt: skip
    context.set_default_timeout(5_000)
    opened = await context.new_page()
    log = PageLog()
    opened.on("console", lambda message: log.console.append(f"{message.type}: {message.text}"))
    opened.on("pageerror", lambda error: log.errors.append(str(error)))
    try:
        yield opened
        report = failed_report(request.node)
        if report is not None:
            name = artifact_name(request.node)
            shot = artifacts_dir / f"{name}.png"
            console = artifacts_dir / f"{name}.console.txt"
            await opened.screenshot(path=shot, full_page=True)
            lines = [*log.console, *(f"pageerror: {error}" for error in log.errors)]
            console.write_text("\n".join(lines) + "\n", encoding="utf-8")
            report.sections.append(("browser screenshot", f"{shot}\nconsole: {console}"))
            keep_screenshot(request.config, shot)
        elif log.errors:
            pytest.fail(f"uncaught errors in the page: {log.errors}")
    finally:
        await context.close()
