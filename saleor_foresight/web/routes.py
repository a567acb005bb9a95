"""Static files served by Foresight: the storefront widget and its demo pages.

Every file of the widget, the demo pages and the modules the widget shares with the Dashboard
pages (``web/static/widget``, ``web/static/demo``, ``web/static/shared``) has two addresses:

* ``/web/v/<digest>/<path>``: the content, cached for a year (``immutable``). The digest
  covers the whole tree, so the widget's modules, which import each other by relative URL,
  always load as one version.
* ``/web/<path>``: the stable address a storefront embeds. A JavaScript module answers
  with one line that re-exports its versioned twin; any other file answers with its content.
  These answers are ``no-cache`` with an ``ETag``: the browser revalidates (a 304) and picks
  up a new release at once, while the code itself comes from the immutable address.

Every answer is ``nosniff`` and allows any origin: the files are public, and a storefront on
its own origin loads the widget as a module script, which needs CORS. The demo pages carry a
strict Content-Security-Policy. The files are read and answered by the one static-file
server (``static_files.py``): only those found in these folders with a known type are served;
no request reaches anything else on disk.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .static_files import STATIC_DIR, LazyTree, StaticFile, answer, not_found

FOLDERS = ("widget", "demo", "shared")  # the Dashboard pages: dashboard.py
PREFIX = "/web"

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' https: data: blob:; object-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
}

TREE = LazyTree(STATIC_DIR, FOLDERS)


def _answer(request: Request, found: StaticFile | None, cache_control: str) -> Response:
    if found is None:
        return not_found(COMMON_HEADERS)
    headers = {**COMMON_HEADERS, "Cache-Control": cache_control}
    if found.content_type.startswith("text/html"):
        headers["Content-Security-Policy"] = PAGE_POLICY
        headers["Referrer-Policy"] = "no-referrer"
    return answer(request, found, headers)


async def versioned(request: Request) -> Response:
    tree = await TREE.get()
    if request.path_params["digest"] != tree.digest:
        return _answer(request, None, IMMUTABLE)
    return _answer(request, tree.files.get(request.path_params["path"]), IMMUTABLE)


async def stable(request: Request) -> Response:
    tree = await TREE.get()
    return _answer(request, tree.stable.get(request.path_params["path"]), REVALIDATE)


ROUTES: list[BaseRoute] = [
    Route(f"{PREFIX}/v/{{digest}}/{{path:path}}", versioned, methods=["GET"]),
    Route(f"{PREFIX}/{{path:path}}", stable, methods=["GET"]),
]
