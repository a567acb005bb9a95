"""The ASGI application: ``create_app(settings)`` builds it; nothing is built at import time."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from html import escape

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from .graphql.endpoint import ROUTES as GRAPHQL_ROUTES
from .plugin.http import ROUTES as PLUGIN_ROUTES
from .plugin.webhook_sync import schedule_at_start as schedule_webhook_sync
from .runtime import AppState, build_state
from .settings import Settings, load_settings
from .storage.http import ROUTES as STORAGE_ROUTES
from .web.dashboard import DASHBOARD_ROUTES
from .web.routes import ROUTES as WEB_ROUTES


def create_app(
    settings: Settings, *, saleor_transport: httpx.AsyncBaseTransport | None = None
) -> Starlette:
    """Build Foresight; ``saleor_transport`` lets tests put a Saleor double on the wire."""
    state = build_state(settings, saleor_transport)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await state.storage.check()
        # once per release and installation: bring Saleor's copies of our subscriptions up to date
        await schedule_webhook_sync(state.sessionmaker)
        worker = asyncio.create_task(state.run_worker()) if settings.run_worker else None
        try:
            yield
        finally:
            if worker is not None:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker
            await state.close()

    app = Starlette(
        routes=[
            Route("/", home, methods=["GET"]),
            *PLUGIN_ROUTES,
            *GRAPHQL_ROUTES,
            *STORAGE_ROUTES,
            *WEB_ROUTES,
            *DASHBOARD_ROUTES,
        ],
        lifespan=lifespan,
    )
    app.state.foresight = state
    # the local storage's routes (storage/http.py) serve this one
    app.state.storage = state.storage
    return app


def create_app_from_env() -> Starlette:
    """Factory for ``uvicorn --factory`` and the ``serve`` command."""
    return create_app(load_settings())


async def home(request: Request) -> Response:
    state: AppState = request.app.state.foresight
    manifest_url = escape(f"{state.settings.base_url}/api/manifest")
    return HTMLResponse(
        "<!doctype html><html lang=en><meta charset=utf-8><title>Foresight</title>"
        "<h1>Foresight for Saleor</h1>"
        "<p>Stops buyer disputes before they reach PayPal or the card issuer.</p>"
        f"<p>Install it from the Saleor Dashboard with the manifest URL "
        f"<code>{manifest_url}</code>.</p></html>"
    )
