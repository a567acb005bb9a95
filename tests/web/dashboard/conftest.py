"""Fixtures for the Dashboard pages: Foresight served by uvicorn on a loopback port, a page
that plays the Saleor Dashboard on another loopback origin (``host.py``), and a fresh browser
context per test in the session's Chromium (``tests/web/conftest.py``: the ``browser``
marker, the browser, and a screenshot with the console kept for a failed test).

The browser runs in the session's event loop, so the app-level fixtures of
``tests/conftest.py`` are redefined on that loop here: the server, the browser and the test's
own API calls share one loop and one database engine. Tests here run on the session loop.

Set ``FORESIGHT_SCREENSHOTS=<folder>`` to keep the screenshots tests take along the way."""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import anyio
import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, ConsoleMessage, Frame, Page
from starlette.applications import Starlette

from saleor_foresight.runtime import AppState
from saleor_foresight.settings import Settings
from saleor_foresight.web.dashboard import DASHBOARD_ROUTES
from tests.saleor_double import SaleorDouble
from tests.web import serving
from tests.web.conftest import artifact_name, failed_report, keep_screenshot
from tests.web.dashboard.host import dashboard_double

PHONE = {"width": 412, "height": 860}
ON_SESSION_LOOP = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture
def foresight_socket() -> Iterator[socket.socket]:
    """Bound before the app is built, so its public URL (and upload forms) name this port."""
    sock = serving.loopback_socket()
    yield sock
    sock.close()


@pytest.fixture
def settings(settings: Settings, foresight_socket: socket.socket) -> Settings:
    port = foresight_socket.getsockname()[1]
    return settings.model_copy(
        update={"public_url": f"http://127.0.0.1:{port}", "run_worker": False}
    )


def with_dashboard_pages(app: Starlette) -> Starlette:
    """The Dashboard pages, mounted here as long as app.py does not mount them itself."""
    paths = {getattr(route, "path", None) for route in app.router.routes}
    app.router.routes.extend(r for r in DASHBOARD_ROUTES if getattr(r, "path", None) not in paths)
    return app


@pytest_asyncio.fixture(loop_scope="session")
async def app(settings: Settings, saleor: SaleorDouble) -> AsyncIterator[Starlette]:
    async with serving.running_app(settings, saleor, with_dashboard_pages) as application:
        yield application


@pytest_asyncio.fixture(loop_scope="session")
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with serving.api_client(app) as c:
        yield c


@pytest_asyncio.fixture(loop_scope="session")
async def installed(state: AppState, saleor: SaleorDouble) -> SaleorDouble:
    return await serving.installed(state, saleor)


@pytest_asyncio.fixture(loop_scope="session")
async def foresight(
    app: Starlette, foresight_socket: socket.socket, settings: Settings
) -> AsyncIterator[str]:
    """Foresight's address, served for the browser."""
    async with serving.served(app, foresight_socket):
        yield settings.base_url


@dataclass
class Dashboard:
    """The Dashboard double's address and how to open a Foresight page in it."""

    url: str
    foresight: str
    saleor: SaleorDouble

    def frame_src(self, path: str, *, theme: str = "light", **params: str) -> str:
        query = {
            "domain": "saleor.test",
            "saleorApiUrl": self.saleor.api_url,
            "id": self.saleor.app_id,
            "theme": theme,
            **params,
        }
        return f"{self.foresight}{path}?{urlencode(query)}"

    async def open(
        self,
        page: Page,
        path: str,
        *,
        token: str | None = None,
        theme: str = "light",
        handshake: bool = True,
        widget: bool = False,
        popup: str | None = None,
        popup_token: str | None = None,
        **params: str,
    ) -> Frame:
        """Open ``path`` framed by the Dashboard double; the page's frame. ``widget``: sized as
        the Dashboard sizes a widget; ``popup``: a second page beside it (``popup_frame``)."""
        query = {
            "src": self.frame_src(path, theme=theme, **params),
            "token": token or self.saleor.staff_token(),
            "theme": theme,
            "handshake": "on" if handshake else "off",
            "widget": "on" if widget else "off",
        }
        if popup is not None:
            query["popup"] = self.frame_src(popup, theme=theme, **params)
            query["popupToken"] = popup_token or self.saleor.staff_token()
        await page.goto(f"{self.url}/dashboard/?{urlencode(query)}")
        return await self._frame(page, "#app")

    async def popup_frame(self, page: Page) -> Frame:
        """The page ``open(popup=...)`` framed beside the first."""
        return await self._frame(page, "#popup")

    async def _frame(self, page: Page, selector: str) -> Frame:
        element = await page.wait_for_selector(selector)
        frame = await element.content_frame()
        assert frame is not None
        await frame.wait_for_load_state()
        return frame

    async def actions(self, page: Page, *, popup: bool = False) -> list[dict[str, Any]]:
        """What the page (or the popup beside it) asked of the Dashboard, in order."""
        which = "popupActions" if popup else "actions"
        actions: list[dict[str, Any]] = await page.evaluate(f"window.dashboard.{which}")
        return actions


@pytest_asyncio.fixture(loop_scope="session")
async def dashboard(foresight: str, installed: SaleorDouble) -> AsyncIterator[Dashboard]:
    """The Dashboard double on its own loopback origin, Foresight installed and served."""
    sock = serving.loopback_socket()
    try:
        async with serving.served(dashboard_double(), sock):
            yield Dashboard(f"http://127.0.0.1:{sock.getsockname()[1]}", foresight, installed)
    finally:
        sock.close()


@dataclass
class Console:
    """What the pages logged (every frame); uncaught errors and CSP violations fail a test."""

    errors: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def record(self, message: ConsoleMessage) -> None:
        self.messages.append(f"{message.type}: {message.text}")
        if "Content Security Policy" in message.text:
            self.errors.append(message.text)  # the pages must not need anything it blocks


@pytest.fixture
def console() -> Console:
    return Console()


@pytest_asyncio.fixture(loop_scope="session")
async def page(
    browser: Browser, console: Console, request: pytest.FixtureRequest, artifacts_dir: Path
) -> AsyncIterator[Page]:
    """A page in a fresh context; on failure a screenshot and the console are kept. An
    uncaught error in a page fails a test that passed."""
    context = await browser.new_context(
        viewport={"width": 1200, "height": 900}, locale="en-GB", timezone_id="Europe/Berlin"
    )
    context.set_default_timeout(10_000)
    opened = await context.new_page()
    opened.on("pageerror", lambda error: console.errors.append(str(error)))
    opened.on("console", console.record)
    opened.on(
        "response",
        lambda r: console.messages.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    try:
        yield opened
        report = failed_report(request.node)
        if report is not None:
            name = artifact_name(request.node)
            shot = artifacts_dir / f"{name}.png"
            log = artifacts_dir / f"{name}.console.txt"
            await opened.screenshot(path=shot, full_page=True)
            lines = [*console.messages, *(f"pageerror: {error}" for error in console.errors)]
            await anyio.Path(log).write_text("\n".join(lines) + "\n", encoding="utf-8")
            report.sections.append(("browser screenshot", f"{shot}\nconsole: {log}"))
            keep_screenshot(request.config, shot)
        elif console.errors:
            pytest.fail(f"uncaught errors in the page: {console.errors}")
    finally:
        await context.close()


async def snapshot(page: Page, name: str) -> None:
    """Keep a screenshot when FORESIGHT_SCREENSHOTS names a folder (for looking at pages)."""
    folder = os.environ.get("FORESIGHT_SCREENSHOTS")
    if folder:
        await anyio.Path(folder).mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
