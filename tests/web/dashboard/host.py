"""A page that plays the Saleor Dashboard: it frames a Foresight page the way the Dashboard
does (same iframe sandbox, the same query parameters) and speaks app-bridge from its own
origin: a handshake with the staff token on load and on ``notifyReady``, a ``response`` to
every action, and hooks for the test (``window.dashboard``) to refresh the token, change the
theme, or post a message from a frame that is not the Dashboard."""

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
  const handshake = () => post({
    type: "handshake",
    payload: {token, version: 1, saleorVersion: "3.23.28", dashboardVersion: "3.23.0"},
  });
  window.dashboard = {
    actions: [],
    refresh(next) { token = next; post({type: "tokenRefresh", payload: {token: next}}); },
    theme(theme) { post({type: "theme", payload: {theme}}); },
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
  window.addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow || event.origin !== appOrigin) return;
    const action = event.data;
    window.dashboard.actions.push(action);
    if (action.type === "notifyReady" && params.get("handshake") !== "off") handshake();
    if (action.payload && action.payload.actionId) {
      post({type: "response", payload: {actionId: action.payload.actionId, ok: true}});
    }
  });
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
