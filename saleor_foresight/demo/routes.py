"""The demo's own pages: an index that says it is a demo and links every flow, and the buttons
that play Saleor (place the order, ship it). Mounted only by ``saleor-foresight demo``."""

from __future__ import annotations

import json
from html import escape
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..runtime import AppState
from .orders import place_order, ship
from .sandbox import SandboxSaleor
from .seed import DEMO_CHECKOUT

BANNER = (
    '<p role="note" style="background:#fff3cd;border:1px solid #e0c36a;padding:.6em 1em">'
    "<strong>Demo.</strong> This is Foresight's demo: a sandbox plays Saleor, nothing here is a "
    "real shop, order or payment.</p>"
)


def _sandbox(request: Request) -> SandboxSaleor:
    sandbox: SandboxSaleor = request.app.state.demo
    return sandbox


async def index(request: Request) -> Response:
    state: AppState = request.app.state.foresight
    sandbox = _sandbox(request)
    base = state.settings.base_url
    common = {"api": base, "saleor-api-url": sandbox.api_url}
    checkout_page = f"/web/demo/checkout.html?{urlencode({**common, 'checkout-id': DEMO_CHECKOUT})}"
    staff_page = "/demo/dashboard?page=app"
    orders = "".join(_order_item(o, common) for o in sandbox.orders.values())
    return HTMLResponse(
        "<!doctype html><html lang=en><meta charset=utf-8><title>Foresight demo</title>"
        f"<body style='font-family:system-ui;max-width:48em;margin:2em auto'>{BANNER}"
        "<h1>Foresight demo</h1>"
        "<h2>1. The buyer at checkout</h2>"
        f'<p><a href="{escape(checkout_page)}">Open the demo checkout</a>: read the disclosures, '
        "tick what must be accepted, and pay.</p>"
        '<form method="post" action="/demo/orders"><button>Complete the checkout '
        "(Saleor creates the order)</button></form>"
        "<h2>2. Orders</h2>"
        f"<ul>{orders or '<li>No order yet.</li>'}</ul>"
        "<h2>3. Staff in the Dashboard</h2>"
        f'<p><a href="{escape(staff_page)}">Open the staff pages</a> as a staff member '
        "(a page plays the Saleor Dashboard and hands Foresight a staff token).</p>"
        "</body></html>"
    )


def _order_item(order: dict[str, Any], common: dict[str, str]) -> str:
    page = "/web/demo/order.html?" + urlencode(
        {**common, "order-id": order["id"], "email": order["userEmail"]}
    )
    return (
        f"<li>Order #{escape(order['number'])}, {escape(order['status'])}: "
        f'<a href="{escape(page)}">the buyer\'s order page</a> '
        f'<form method="post" action="/demo/orders/{escape(order["id"])}/ship" '
        'style="display:inline"><button>Ship it with a tracking number</button></form></li>'
    )


DASHBOARD_PAGES = {
    "app": "/dashboard/app",
    "order-widget": "/dashboard/order-widget",
    "dispatch-popup": "/dashboard/dispatch-popup",
}

# Plays the Saleor Dashboard: frames a Foresight page with the query the Dashboard adds and
# hands it a staff token through the app-bridge handshake (on load and on notifyReady).
DASHBOARD_HOST = """<!doctype html><html lang=en><meta charset=utf-8>
<title>Foresight demo: staff pages</title>
<body style="margin:0;font-family:system-ui">%(banner)s
<nav style="padding:.4em 1em">%(links)s</nav>
<iframe id=app title="Foresight" style="width:100%%;height:85vh;border:0"
  sandbox="allow-same-origin allow-forms allow-scripts allow-downloads allow-popups"></iframe>
<script>
const frame = document.getElementById("app");
const token = %(token)s;
const post = (message) => frame.contentWindow.postMessage(message, location.origin);
const handshake = () => post({type: "handshake", payload: {token, version: 1}});
addEventListener("message", (event) => {
  if (event.source !== frame.contentWindow || event.origin !== location.origin) return;
  const action = event.data || {};
  if (action.type === "notifyReady") handshake();
  if (action.payload && action.payload.actionId)
    post({type: "response", payload: {actionId: action.payload.actionId, ok: true}});
});
frame.addEventListener("load", () => {
  handshake();
  post({type: "theme", payload: {theme: "light"}});
});
frame.src = %(src)s;
</script></body></html>"""


async def dashboard(request: Request) -> Response:
    """The staff pages as the Dashboard shows them, with a demo staff member's token."""
    sandbox = _sandbox(request)
    page = request.query_params.get("page", "app")
    path = DASHBOARD_PAGES.get(page)
    if path is None:
        return HTMLResponse(f"{BANNER}<p>No such staff page.</p>", status_code=404)
    query = {"domain": "demo", "saleorApiUrl": sandbox.api_url, "id": sandbox.app_id,
             "theme": "light"}  # fmt: skip
    if order_id := request.query_params.get("orderId"):
        query["orderId"] = order_id
    links = " · ".join(
        f'<a href="/demo/dashboard?{escape(urlencode({"page": name, **extra}))}">{label}</a>'
        for name, label, extra in _staff_links(sandbox)
    )
    return HTMLResponse(
        DASHBOARD_HOST
        % {
            "banner": BANNER,
            "links": links,
            "token": json.dumps(sandbox.staff_token()),
            "src": json.dumps(f"{path}?{urlencode(query)}"),
        }
    )


def _staff_links(sandbox: SandboxSaleor) -> list[tuple[str, str, dict[str, str]]]:
    links: list[tuple[str, str, dict[str, str]]] = [("app", "Claims, packing queue, policies", {})]
    for order in sandbox.orders.values():
        extra = {"orderId": order["id"]}
        links.append(("order-widget", f"Order #{order['number']}: widget", extra))
        links.append(("dispatch-popup", f"Order #{order['number']}: add dispatch photos", extra))
    return links


async def create_order(request: Request) -> Response:
    state: AppState = request.app.state.foresight
    await place_order(state, _sandbox(request), DEMO_CHECKOUT)
    return RedirectResponse("/demo/", status_code=303)


async def ship_order(request: Request) -> Response:
    state: AppState = request.app.state.foresight
    sandbox = _sandbox(request)
    order_id = request.path_params["order_id"]
    if order_id not in sandbox.orders:
        return HTMLResponse(f"{BANNER}<p>No such demo order.</p>", status_code=404)
    await ship(state, sandbox, order_id, f"DEMO-TRACK-{sandbox.orders[order_id]['number']}")
    return RedirectResponse("/demo/", status_code=303)


ROUTES = [
    Route("/demo/", index, methods=["GET"]),
    Route("/demo/orders", create_order, methods=["POST"]),
    Route("/demo/dashboard", dashboard, methods=["GET"]),
    Route("/demo/orders/{order_id:str}/ship", ship_order, methods=["POST"]),
]
