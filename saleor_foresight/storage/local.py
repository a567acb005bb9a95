"""The embedded default: objects as files under the media folder.

``<media root>/<installation>/<kind>/<uuid>`` holds an object's bytes and
``<uuid>.json`` beside it its content type, size and SHA-256. Every write
(``put``, ``put_stream``, a browser's upload) streams into a temporary file in
``<media root>/.incoming/`` (the same file system) first, is fsynced, and is
published with ``os.link``: atomic like a rename, but it fails when the name
exists, as ``O_EXCL`` does, where a rename would replace the object. No reader
sees half an object, and a failure or a crash leaves nothing under the key (the
temporary file is removed on failure; ``check`` clears what a crash left). The
metadata is linked first and the bytes last, so an object exists once its bytes
do (a crash between the two leaves the key taken and empty, never half-written).

Browsers reach this storage through Foresight itself (``storage/http.py``):
``{base_url}/storage/upload`` takes the S3-shaped form that ``signing.py``
signs, ``{base_url}/storage/download`` serves signed, expiring links.

There is no retention: the interface never overwrites or deletes evidence, but
whoever can write to the folder can. Evidence that must hold against the
operator too belongs in a bucket with S3 Object Lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import AsyncIterable, AsyncIterator, Mapping
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlencode

import anyio
import anyio.to_thread

from . import signing
from .base import (
    Clock,
    ObjectInfo,
    UploadTicket,
    check_content_type,
    check_limit,
    check_ttl,
    safe_filename,
    utcnow,
)
from .errors import InvalidKey, InvalidTicket, ObjectExists, ObjectNotFound, ObjectTooLarge
from .keys import check_key

UPLOAD_PATH = "/storage/upload"
DOWNLOAD_PATH = "/storage/download"
INCOMING = ".incoming"
STALE_INCOMING_SECONDS = 24 * 3600


class LocalStorage:
    def __init__(
        self,
        root: Path,
        *,
        base_url: str,
        signing_key: bytes,
        upload_max_bytes: int,
        ticket_ttl: int,
        download_ttl: int,
        clock: Clock = utcnow,
    ) -> None:
        self.root = root
        self._base_url = base_url.rstrip("/")
        self._signer = signing.Signer(signing_key)
        self._upload_max_bytes = upload_max_bytes
        self._ticket_ttl = ticket_ttl
        self._download_ttl = download_ttl
        self._clock = clock

    @property
    def supports_retention(self) -> bool:
        return False

    @property
    def upload_max_bytes(self) -> int:
        """The largest file a ticket of this storage may allow."""
        return self._upload_max_bytes

    async def check(self) -> None:
        await anyio.to_thread.run_sync(self._prepare)

    async def create_upload_ticket(
        self,
        key: str,
        *,
        content_type: str,
        max_bytes: int | None = None,
        expires_in: int | None = None,
    ) -> UploadTicket:
        check_key(key)
        content_type = check_content_type(content_type)
        limit = check_limit(max_bytes, self._upload_max_bytes)
        ttl = check_ttl(expires_in, self._ticket_ttl)
        expires_at = (self._clock() + timedelta(seconds=ttl)).replace(microsecond=0)
        return UploadTicket(
            url=self._base_url + UPLOAD_PATH,
            fields=signing.upload_form(self._signer, key, content_type, limit, expires_at),
            key=key,
            expires_at=expires_at,
            max_bytes=limit,
            content_type=content_type,
        )

    async def head(self, key: str) -> ObjectInfo:
        return await anyio.to_thread.run_sync(self._head, key)

    async def read(self, key: str, *, max_bytes: int) -> bytes:
        return await anyio.to_thread.run_sync(self._read, key, max_bytes)

    async def download_url(
        self, key: str, *, expires_in: int | None = None, filename: str | None = None
    ) -> str:
        check_key(key)
        expires = int(self._clock().timestamp()) + check_ttl(expires_in, self._download_ttl)
        name = safe_filename(filename) if filename is not None else None
        query = signing.download_query(self._signer, key, expires, name)
        return f"{self._base_url}{DOWNLOAD_PATH}?{urlencode(query)}"

    async def put(self, key: str, data: bytes, *, content_type: str) -> ObjectInfo:
        return await self.put_stream(key, _once(data), content_type=content_type)

    async def put_stream(
        self, key: str, chunks: AsyncIterable[bytes], *, content_type: str
    ) -> ObjectInfo:
        incoming = await self.open_upload(key, check_content_type(content_type))
        try:
            async for chunk in chunks:
                await incoming.write(chunk)
            return await incoming.commit()
        finally:
            with anyio.CancelScope(shield=True):  # a cancelled write still drops its file
                await incoming.abort()

    async def retain(self, key: str) -> datetime | None:
        await self.head(key)
        return None

    async def delete(self, key: str) -> None:
        await anyio.to_thread.run_sync(self._delete, key)

    async def close(self) -> None:
        return None

    # --- for the HTTP edge (storage/http.py)

    def path_of(self, key: str) -> Path:
        return self.root / check_key(key)

    def verify_upload(self, fields: Mapping[str, str]) -> signing.UploadGrant:
        grant = signing.verify_upload(self._signer, fields, self._clock())
        if grant.max_bytes > self._upload_max_bytes:
            raise InvalidTicket("the policy allows more bytes than this storage takes")
        try:
            check_key(grant.key)
            check_content_type(grant.content_type)
        except (InvalidKey, ValueError):
            raise InvalidTicket("the policy names no valid key or content type") from None
        return grant

    def verify_download(self, query: Mapping[str, str]) -> tuple[str, str | None]:
        key, filename = signing.verify_download(self._signer, query, self._clock())
        return check_key(key), filename

    async def open_upload(
        self, key: str, content_type: str, *, max_bytes: int | None = None, min_bytes: int = 0
    ) -> IncomingObject:
        """Start writing a new object; ``ObjectExists`` at once when the key is taken."""
        path = self.path_of(key)
        opener = partial(IncomingObject.open, self.root / INCOMING, path, key, content_type)
        return await anyio.to_thread.run_sync(opener, max_bytes, min_bytes)

    # --- blocking helpers, run in a worker thread

    def _prepare(self) -> None:
        incoming = self.root / INCOMING
        incoming.mkdir(parents=True, exist_ok=True)
        cutoff = time.time() - STALE_INCOMING_SECONDS
        for leftover in incoming.iterdir():  # uploads a crash or a lost client left behind
            with contextlib.suppress(FileNotFoundError):
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()

    def _head(self, key: str) -> ObjectInfo:
        path = self.path_of(key)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise ObjectNotFound(key) from None
        try:
            meta = json.loads(_meta_path(path).read_text())
        except (FileNotFoundError, ValueError):
            meta = {}
        sha256 = meta.get("sha256")
        return ObjectInfo(
            key=key,
            size=size,
            content_type=meta.get("content_type", "application/octet-stream"),
            etag=f'"{sha256}"' if sha256 else None,
            sha256=sha256,
        )

    def _read(self, key: str, max_bytes: int) -> bytes:
        try:
            with self.path_of(key).open("rb") as file:
                if os.fstat(file.fileno()).st_size > max_bytes:
                    raise ObjectTooLarge(key, max_bytes)
                data = file.read(max_bytes + 1)
        except FileNotFoundError:
            raise ObjectNotFound(key) from None
        if len(data) > max_bytes:
            raise ObjectTooLarge(key, max_bytes)
        return data

    def _delete(self, key: str) -> None:
        path = self.path_of(key)
        try:
            path.unlink()
        except FileNotFoundError:
            raise ObjectNotFound(key) from None
        _meta_path(path).unlink(missing_ok=True)


class IncomingObject:
    """Bytes on their way to a key: counted, hashed and refused past the limit as they come."""

    def __init__(
        self,
        temp: Path,
        file: BinaryIO,
        target: Path,
        key: str,
        content_type: str,
        max_bytes: int | None,
        min_bytes: int,
    ) -> None:
        self.key = key
        self.content_type = content_type
        self.size = 0
        self._temp, self._file, self._target = temp, file, target
        self._max_bytes, self._min_bytes = max_bytes, min_bytes
        self._sha256 = hashlib.sha256()

    @classmethod
    def open(
        cls,
        incoming: Path,
        target: Path,
        key: str,
        content_type: str,
        max_bytes: int | None,
        min_bytes: int,
    ) -> IncomingObject:
        if target.exists():
            raise ObjectExists(key)
        incoming.mkdir(parents=True, exist_ok=True)
        temp = incoming / os.urandom(16).hex()
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        return cls(temp, os.fdopen(fd, "wb"), target, key, content_type, max_bytes, min_bytes)

    async def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self._max_bytes is not None and self.size > self._max_bytes:
            raise ObjectTooLarge(self.key, self._max_bytes)
        self._sha256.update(chunk)
        await anyio.to_thread.run_sync(self._file.write, chunk)

    async def commit(self) -> ObjectInfo:
        if self.size < self._min_bytes:
            raise InvalidTicket(
                f"the upload is smaller than the {self._min_bytes} bytes the policy asks",
                code="EntityTooSmall",
            )
        return await anyio.to_thread.run_sync(self._commit)

    async def abort(self) -> None:
        """Drop what was written; harmless after a commit."""
        await anyio.to_thread.run_sync(self._discard)

    def _commit(self) -> ObjectInfo:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        sha256 = self._sha256.hexdigest()
        meta = {"content_type": self.content_type, "size": self.size, "sha256": sha256}
        meta_temp = self._temp.with_suffix(".json")
        meta_temp.write_text(json.dumps(meta))
        try:
            self._target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(meta_temp, _meta_path(self._target))
                os.link(self._temp, self._target)
            except FileExistsError:
                raise ObjectExists(self.key) from None
        finally:
            meta_temp.unlink(missing_ok=True)
            self._temp.unlink(missing_ok=True)
        return ObjectInfo(self.key, self.size, self.content_type, f'"{sha256}"', sha256)

    def _discard(self) -> None:
        self._file.close()
        self._temp.unlink(missing_ok=True)


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data
