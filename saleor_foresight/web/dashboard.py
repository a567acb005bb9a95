"""The staff pages Saleor's Dashboard shows in its iframes, and the extensions that mount them.

Pages (``DASHBOARD_ROUTES``), each a static HTML file with ES modules, served by Foresight:

    /dashboard/order-widget     ORDER_DETAILS_WIDGETS (WIDGET): acceptance, dispatch photos, claims
    /dashboard/dispatch-popup   ORDER_DETAILS_MORE_ACTIONS (POPUP): "Add dispatch photos"
    /dashboard/app[/<tab>]      the app's own page (``appUrl``) and NAVIGATION_ORDERS (APP_PAGE):
                                claims, packing queue, notifications, report, policies, rules
    /dashboard/static/<file>    the pages' scripts and styles (a fixed list, no subfolders)
    /dashboard/shared/<file>    the modules the pages share with the storefront widget
                                (``static/shared``: the GraphQL client, the element builder)
    /app[/<tab>]                307 to /dashboard/app, for installations made when ``appUrl``
                                was ``/app``

The pages hold nothing secret and do nothing by themselves: every request they make carries
the token the Dashboard hands over through app-bridge (``static/dashboard/bridge.js``), and
Foresight verifies it (``plugin/tokens.py``). That is why they may be framed by any origin
(``frame-ancestors *``): the Dashboard's origin is not known in advance (a Saleor Cloud
Dashboard serves many shops, a self-hosted one lives wherever its owner put it, and Saleor
never tells an app where its Dashboard is), and a stranger who frames a page gets an empty
page that waits for a token only the Dashboard has: no cookies or other ambient credentials
exist to click-jack. Everything else is locked down: scripts and styles only from Foresight,
no inline script, images and uploads only to Foresight and the configured bucket, no plugins,
no forms posted anywhere, ``nosniff``, and no referrer sent.

``dashboard_extensions(base_url)`` lists the manifest's ``extensions``. Saleor 3.22+ keeps mount
and target as strings checked by the Dashboard: targets POPUP, APP_PAGE, NEW_TAB, WIDGET; a
WIDGET only on a ``*_DETAILS_WIDGETS`` mount; an APP_PAGE URL relative (it is appended to the
app's ``appUrl``, so ``appUrl`` must be ``dashboard_app_url(base_url)``), any other target an
absolute URL; permissions a subset of the app's.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable
from functools import cache
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..settings import Settings
from . import static_files

STATIC_DIR = static_files.STATIC_DIR / "dashboard"
STATIC_PATH = "/dashboard/static"
DASHBOARD_APP_PATH = "/dashboard/app"
MANAGE_ORDERS = "MANAGE_ORDERS"

PAGES = {
    "order-widget": "order-widget.html",
    "dispatch-popup": "dispatch-popup.html",
    "app": "app.html",
}
# the files served as they are (the HTML pages are templates, served rendered)
ASSET_TYPES = {suffix: static_files.CONTENT_TYPES[suffix] for suffix in (".js", ".css", ".svg")}
ASSET_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
FILES = static_files.LazyTree(static_files.STATIC_DIR, ("dashboard", "shared"))
# where HTML pages name their scripts and styles; replaced by the public asset URL, so pages
# work at any depth (/dashboard/app/packing) and behind a proxy that adds a path prefix
STATIC_PLACEHOLDER = "{{static}}"


def dashboard_app_url(base_url: str) -> str:
    """The manifest's ``appUrl``: APP_PAGE extension URLs are appended to it."""
    return f"{base_url.rstrip('/')}{DASHBOARD_APP_PATH}"


def dashboard_extensions(base_url: str) -> list[dict[str, Any]]:
    """The manifest's ``extensions``: every one needs MANAGE_ORDERS, which the app holds."""
    base = base_url.rstrip("/")
    return [
        {
            "label": "Foresight: acceptance and dispatch proof",
            "mount": "ORDER_DETAILS_WIDGETS",
            "target": "WIDGET",
            "url": f"{base}/dashboard/order-widget",
            "permissions": [MANAGE_ORDERS],
            # an iframe that loads with GET and receives its token through app-bridge
            # (POST would send the token in a form instead)
            "options": {"widgetTarget": {"method": "GET"}},
        },
        {
            "label": "Add dispatch photos",
            "mount": "ORDER_DETAILS_MORE_ACTIONS",
            "target": "POPUP",
            "url": f"{base}/dashboard/dispatch-popup",
            "permissions": [MANAGE_ORDERS],
        },
        {
            "label": "Claims and packing",
            "mount": "NAVIGATION_ORDERS",
            "target": "APP_PAGE",
            "url": "/claims",  # relative: the Dashboard appends it to appUrl
            "permissions": [MANAGE_ORDERS],
        },
    ]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def storage_sources(settings: Settings) -> list[str]:
    """Origins the pages upload to and show photos from, beside Foresight itself."""
    if settings.storage_backend != "s3":
        return []  # the local backend is Foresight's own /storage/
    if settings.s3_endpoint_url:
        parts = urlsplit(settings.s3_endpoint_url)
        endpoint = f"{parts.scheme}://{parts.netloc}"
        if _is_ip(parts.hostname or ""):
            return [endpoint]
        # path-style URLs use the endpoint's host, virtual-hosted ones a subdomain of it
        return [endpoint, f"{parts.scheme}://*.{parts.netloc}"]
    return ["https://*.amazonaws.com"]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def content_security_policy(settings: Settings) -> str:
    return _policy(_origin(settings.base_url), tuple(storage_sources(settings)))


@cache
def _policy(public_origin: str, storage: tuple[str, ...]) -> str:
    own = f"'self' {public_origin}"
    files = " ".join(storage)
    directives = [
        "default-src 'none'",
        f"script-src {own}",
        f"style-src {own}",
        f"img-src {own} data: blob: {files}".rstrip(),
        f"connect-src {own} {files}".rstrip(),
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors *",
    ]
    return "; ".join(directives)


def _headers(settings: Settings) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(settings),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.foresight.settings
    return settings


@cache
def _template(name: str) -> str:
    return (STATIC_DIR / name).read_text(encoding="utf-8")


def render_page(name: str, settings: Settings) -> str:
    static = escape(f"{settings.base_url}{STATIC_PATH}", quote=True)
    return _template(PAGES[name]).replace(STATIC_PLACEHOLDER, static)


def _page(name: str) -> Callable[[Request], Awaitable[Response]]:
    async def page(request: Request) -> Response:
        settings = _settings(request)
        return HTMLResponse(render_page(name, settings), headers=_headers(settings))

    return page


def _asset(folder: str) -> Callable[[Request], Awaitable[Response]]:
    """Serve the files of one folder by name: a fixed list, so no request can name anything
    else (``{name:str}`` holds no slash)."""

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        found = (await FILES.get()).files.get(f"{folder}/{name}")
        if found is None or Path(name).suffix not in ASSET_TYPES:
            return static_files.not_found(ASSET_HEADERS)
        return static_files.answer(request, found, ASSET_HEADERS)

    return asset


async def legacy_app(request: Request) -> Response:
    """``/app`` was the app's page before the Dashboard pages: send it on, query and all."""
    rest = request.path_params.get("rest", "")
    target = f"{dashboard_app_url(_settings(request).base_url)}{'/' + rest if rest else ''}"
    if request.url.query:
        target = f"{target}?{request.url.query}"
    return RedirectResponse(target, status_code=307)


DASHBOARD_ROUTES: list[BaseRoute] = [
    Route("/dashboard/order-widget", _page("order-widget"), methods=["GET"]),
    Route("/dashboard/dispatch-popup", _page("dispatch-popup"), methods=["GET"]),
    Route(DASHBOARD_APP_PATH, _page("app"), methods=["GET"]),
    Route(f"{DASHBOARD_APP_PATH}/{{rest:path}}", _page("app"), methods=["GET"]),
    Route(f"{STATIC_PATH}/{{name:str}}", _asset("dashboard"), methods=["GET"]),
    Route("/dashboard/shared/{name:str}", _asset("shared"), methods=["GET"]),
    Route("/app", legacy_app, methods=["GET"]),
    Route("/app/{rest:path}", legacy_app, methods=["GET"]),
]
