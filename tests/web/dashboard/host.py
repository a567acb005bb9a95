"""A page that plays the Saleor Dashboard: it frames a Foresight page the way the Dashboard
does (same iframe sandbox, the same query parameters) and speaks app-bridge from its own
origin: a handshake with the staff token on load and on ``notifyReady``, a ``response`` to
every action, and hooks for the test (``window.dashboard``) to refresh the token, change the
theme, or post a message from a frame that is not the Dashboard.

With ``popup=<src>`` it frames a second page beside the first, as the Dashboard opens a POPUP
over an order's page while its widget stays: the popup gets its own handshake (``popupToken``)
but, as in the real Dashboard, never a ``tokenRefresh``. A widget's iframe is sized as the
Dashboard sizes it: 200 px until the page asks for ``widgetResize``, and at most 5000 px."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

HOST_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Saleor Dashboard (test double)</title>
<link rel="icon" href="data:,">
<style>
  body { margin: 0; font: 14px sans-serif; background: #eee; }
  #app { display: block; width: 100%; height: 100vh; border: 0; background: #fff; }
  #app.widget { height: 200px; }
  #popup { display: block; width: 100%; height: 600px; border: 0; background: #fff; }
</style>
</head>
<body>
<iframe id="app" title="app"
        sandbox="allow-same-origin allow-forms allow-scripts allow-downloads allow-popups"></iframe>
<script>
  const params = new URLSearchParams(location.search);
  const frame = document.getElementById("app");
  const appOrigin = new URL(params.get("src")).origin;
  let token = params.get("token");
  const post = (message) => frame.contentWindow.postMessage(message, appOrigin);
  const handshakeWith = (target, value) => target.contentWindow.postMessage({
    type: "handshake",
    payload: {token: value, version: 1, saleorVersion: "3.23.28", dashboardVersion: "3.23.27"},
  }, appOrigin);
  const handshake = () => handshakeWith(frame, token);
  if (params.get("widget") === "on") frame.classList.add("widget");
  window.dashboard = {
    actions: [],
    popupActions: [],
    refresh(next) { token = next; post({type: "tokenRefresh", payload: {token: next}}); },
    theme(theme) { post({type: "theme", payload: {theme}}); },
    locale(locale) { post({type: "localeChanged", payload: {locale}}); },
    send: post,
    fromStranger(message) {
      // a frame of the Dashboard's own origin that is not the Dashboard's window
      return new Promise((resolve) => {
        const stranger = document.createElement("iframe");
        stranger.srcdoc = "<p>stranger</p>";
        stranger.hidden = true;
        stranger.addEventListener("load", () => {
          stranger.contentWindow.eval(
            "parent.document.getElementById('app').contentWindow.postMessage(" +
            JSON.stringify(message) + ", '*')");
          resolve();
        });
        document.body.append(stranger);
      });
    },
  };
  const popup = params.get("popup") ? document.createElement("iframe") : null;
  window.addEventListener("message", (event) => {
    if (event.origin !== appOrigin) return;
    const source = [frame, popup].find((f) => f && event.source === f.contentWindow);
    if (!source) return;
    const action = event.data;
    (source === frame ? window.dashboard.actions : window.dashboard.popupActions).push(action);
    if (!action.payload || !action.payload.actionId) return; // the Dashboard drops it
    if (action.type === "notifyReady" && params.get("handshake") !== "off") {
      if (source === frame) handshake(); else handshakeWith(popup, params.get("popupToken"));
    }
    if (action.type === "widgetResize" && source.classList.contains("widget")) {
      const height = action.payload.height;
      if (Number.isFinite(height) && height > 0) {
        source.style.height = `${Math.min(Math.ceil(height), 5000)}px`;
      }
    }
    source.contentWindow.postMessage(
      {type: "response", payload: {actionId: action.payload.actionId, ok: true}}, appOrigin);
  });
  if (popup) {
    popup.id = "popup";
    popup.title = "popup";
    popup.setAttribute("sandbox", frame.getAttribute("sandbox"));
    if (params.get("handshake") !== "off") {
      popup.addEventListener("load", () => handshakeWith(popup, params.get("popupToken")));
    }
    popup.src = params.get("popup");
    document.body.append(popup);
  }
  if (params.get("handshake") !== "off") {
    frame.addEventListener("load", () => {
      handshake();
      post({type: "theme", payload: {theme: params.get("theme") || "light"}});
    });
  }
  frame.src = params.get("src");
</script>
</body>
</html>
"""


async def host(request: Request) -> HTMLResponse:
    return HTMLResponse(HOST_PAGE)


def dashboard_double() -> Starlette:
    return Starlette(routes=[Route("/dashboard/", host, methods=["GET"])])
