"""Static files served by Foresight: the storefront widget and its demo pages.

Every file of the widget and the demo pages (``web/static/widget``, ``web/static/demo``) has
two addresses:

* ``/web/v/<digest>/<path>``: the content, cached for a year (``immutable``). The digest
  covers the whole tree, so the widget's modules, which import each other by relative URL,
  always load as one version.
* ``/web/<path>``: the stable address a storefront embeds. A JavaScript module answers
  with one line that re-exports its versioned twin; any other file answers with its content.
  These answers are ``no-cache`` with an ``ETag``: the browser revalidates (a 304) and picks
  up a new release at once, while the code itself comes from the immutable address.

Every answer is ``nosniff`` and allows any origin: the files are public, and a storefront on
its own origin loads the widget as a module script, which needs CORS. The demo pages carry a
strict Content-Security-Policy. Only the files found in those folders with a known type are
served; no request reaches anything else on disk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

STATIC_DIR = Path(__file__).parent / "static"
FOLDERS = ("widget", "demo")  # the Dashboard pages serve their own folder (dashboard.py)
PREFIX = "/web"

CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
}
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


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    content_type: str
    etag: str


@dataclass(frozen=True)
class StaticTree:
    """The files of one release: ``files`` by their path, ``stable`` as the stable address
    answers them (modules replaced by a re-export of ``v/<digest>/<path>``)."""

    digest: str
    files: Mapping[str, StaticFile]
    stable: Mapping[str, StaticFile]


def _static_file(body: bytes, content_type: str) -> StaticFile:
    return StaticFile(body, content_type, f'"{hashlib.sha256(body).hexdigest()[:32]}"')


def _reexport(path: str, digest: str) -> bytes:
    """A module at ``/web/<path>`` that is its versioned twin (``export *`` carries every
    named export; the widget has no default exports)."""
    up = "../" * path.count("/") or "./"
    return f'export * from "{up}v/{digest}/{path}";\n'.encode()


def load_tree(root: Path, folders: tuple[str, ...] = FOLDERS) -> StaticTree:
    """Read every servable file in ``folders`` of ``root`` (hidden files and unknown types are
    left out)."""
    files: dict[str, StaticFile] = {}
    paths = sorted(path for folder in folders for path in (root / folder).rglob("*"))
    for path in paths:
        relative = path.relative_to(root)
        content_type = CONTENT_TYPES.get(path.suffix)
        if content_type is None or not path.is_file():
            continue
        if any(part.startswith((".", "_")) for part in relative.parts):
            continue
        files[relative.as_posix()] = _static_file(path.read_bytes(), content_type)
    summary = hashlib.sha256()
    for name, found in files.items():
        summary.update(f"{name}\0{found.etag}\0".encode())
    digest = summary.hexdigest()[:16]
    stable = {
        name: _static_file(_reexport(name, digest), found.content_type)
        if name.endswith(".js")
        else found
        for name, found in files.items()
    }
    return StaticTree(digest, files, stable)


class LazyTree:
    """The tree, read from disk (in a worker thread) on first use and kept for the process."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._tree: StaticTree | None = None

    async def get(self) -> StaticTree:
        if self._tree is None:
            self._tree = await anyio.to_thread.run_sync(load_tree, self._root)
        return self._tree


TREE = LazyTree(STATIC_DIR)


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags


def _answer(request: Request, found: StaticFile | None, cache_control: str) -> Response:
    if found is None:
        return Response(
            "Not Found", status_code=404, media_type="text/plain", headers=COMMON_HEADERS
        )
    headers = {**COMMON_HEADERS, "Cache-Control": cache_control, "ETag": found.etag}
    if found.content_type.startswith("text/html"):
        headers["Content-Security-Policy"] = PAGE_POLICY
        headers["Referrer-Policy"] = "no-referrer"
    if _etag_matches(request.headers.get("if-none-match"), found.etag):
        return Response(status_code=304, headers=headers)
    return Response(found.body, media_type=found.content_type, headers=headers)


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
