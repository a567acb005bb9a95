"""Serving the real app to a real browser, for the browser and Dashboard test packages.

Both run the app in the session's event loop (the browser's): ``served`` runs uvicorn on a
bound loopback socket for the length of a block, ``running_app`` builds the app with the Saleor
double as its Saleor and closes it after, ``installed`` records the double's installation.
Each package's conftest wraps these in its fixtures."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.types import ASGIApp

from saleor_foresight.app import create_app
from saleor_foresight.runtime import AppState
from saleor_foresight.settings import Settings
from tests.factories import install_double
from tests.saleor_double import SaleorDouble


def loopback_socket() -> socket.socket:
    """A bound loopback socket: its port is known before the app (and its public URL) is."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


class QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # Ctrl-C belongs to pytest


@contextlib.asynccontextmanager
async def served(app: ASGIApp, sock: socket.socket) -> AsyncIterator[None]:
    """Serve ``app`` over HTTP on the bound ``sock`` in this event loop while the block runs."""
    config = uvicorn.Config(
        app, lifespan="off", http="h11", ws="none", log_config=None, log_level="warning",
        access_log=False, timeout_graceful_shutdown=2,
    )  # fmt: skip
    server = QuietServer(config)
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    async with asyncio.timeout(10):
        while not server.started:
            if serving.done():
                await serving  # raises why it stopped
            await asyncio.sleep(0.01)
    try:
        yield
    finally:
        server.should_exit = True
        await serving


@contextlib.asynccontextmanager
async def running_app(
    settings: Settings,
    saleor: SaleorDouble,
    wrap: Callable[[Starlette], Starlette] = lambda app: app,
) -> AsyncIterator[Starlette]:
    """The app with the double as its Saleor, storage checked; closed after the block."""
    application = wrap(create_app(settings, saleor_transport=saleor.transport()))
    await application.state.storage.check()
    try:
        yield application
    finally:
        await application.state.foresight.close()


@contextlib.asynccontextmanager
async def api_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """The test's own calls (staff API, Saleor's webhooks), straight to the same app."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://foresight.test") as c:
        yield c


async def installed(state: AppState, saleor: SaleorDouble) -> SaleorDouble:
    """Foresight installed in the double's Saleor."""
    return await install_double(state, saleor)
