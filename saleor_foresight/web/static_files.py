"""The one static-file server: the files under ``web/static``, read once, answered from memory.

``load_tree(root, folders)`` reads every servable file of those folders: a file whose suffix
is in ``CONTENT_TYPES`` (the one table of types), not hidden (no part of its path starts with
``.`` or ``_``). Nothing else on disk can be named by a request: a request names a key of the
tree, never a path. Each file carries an ``ETag`` (a digest of its bytes), and the tree a digest
of all its files, so a release has one version (``routes.py`` puts it in the widget's URLs).

``answer`` gives a file with the caller's headers and its ETag, or a 304 when the browser's
``If-None-Match`` names it; ``not_found`` the 404. What headers a folder needs (CORS and
caching for the widget, the Dashboard pages' no-cache) is for the routes that serve it:
``routes.py`` (``/web/…``) and ``dashboard.py`` (``/dashboard/…``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import anyio
from starlette.requests import Request
from starlette.responses import Response

STATIC_DIR = Path(__file__).parent / "static"

CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
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
    """A module at ``<prefix>/<path>`` that is its versioned twin (``export *`` carries every
    named export; the modules have no default exports)."""
    up = "../" * path.count("/") or "./"
    return f'export * from "{up}v/{digest}/{path}";\n'.encode()


def load_tree(root: Path, folders: tuple[str, ...]) -> StaticTree:
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
    """A tree, read from disk (in a worker thread) on first use and kept for the process."""

    def __init__(self, root: Path, folders: tuple[str, ...]) -> None:
        self._root = root
        self._folders = folders
        self._tree: StaticTree | None = None

    async def get(self) -> StaticTree:
        if self._tree is None:
            self._tree = await anyio.to_thread.run_sync(load_tree, self._root, self._folders)
        return self._tree


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags


def answer(request: Request, found: StaticFile, headers: Mapping[str, str]) -> Response:
    """``found`` with ``headers`` and its ETag; an empty 304 when the browser holds it."""
    tagged = {**headers, "ETag": found.etag}
    if _etag_matches(request.headers.get("if-none-match"), found.etag):
        return Response(status_code=304, headers=tagged)
    return Response(found.body, media_type=found.content_type, headers=tagged)


def not_found(headers: Mapping[str, str]) -> Response:
    return Response("Not Found", status_code=404, media_type="text/plain", headers=dict(headers))
