"""The storage interface: what the domain may ask of object storage.

Two backends implement it: ``S3Storage`` (any S3-compatible endpoint, through
boto3) and ``LocalStorage`` (files under the media folder, the embedded
default). Both take keys from ``keys.py`` only and refuse any other shape.

Objects are written once. Browsers upload straight to storage with an
``UploadTicket`` (the shape of an S3 presigned POST); the server then checks
the object (``head``/``read``), ``retain``s it when it accepts it, or
``delete``s it when it rejects it. ``delete`` exists for rejected uploads
only: evidence is never deleted, and under Object Lock it cannot be.

The server writes objects itself with ``put`` (bytes it holds) or ``put_stream``
(bytes as they are produced, e.g. an evidence ZIP, with memory flat in its size).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import AsyncIterable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import quote

Clock = Callable[[], datetime]

# a bare media type; parameters (``; charset=…``) are not allowed in a condition
_CONTENT_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class UploadTicket:
    """What a browser needs to upload one object: POST ``fields`` then the file to ``url``.

    The form is ``multipart/form-data`` with every entry of ``fields`` first and
    the file last, in a part named ``file``, exactly as for an S3 presigned POST.
    ``key`` is the storage key (without any bucket prefix; ``fields["key"]`` is
    the bucket's name for it).
    """

    url: str
    fields: Mapping[str, str]
    key: str
    expires_at: datetime
    max_bytes: int
    content_type: str


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    content_type: str
    etag: str | None = None
    sha256: str | None = None  # hex digest, when the storage knows it
    retain_until: datetime | None = None


class Storage(Protocol):
    @property
    def supports_retention(self) -> bool:
        """True when the storage itself keeps objects from deletion (S3 Object Lock)."""
        ...

    async def check(self) -> None:
        """Verify at start-up that the storage is reachable and configured as promised."""
        ...

    async def create_upload_ticket(
        self,
        key: str,
        *,
        content_type: str,
        max_bytes: int | None = None,
        expires_in: int | None = None,
    ) -> UploadTicket:
        """A signed form that lets a browser upload 1..``max_bytes`` bytes of ``content_type``
        to ``key`` until it expires (defaults: the configured upload limit and ticket TTL)."""
        ...

    async def head(self, key: str) -> ObjectInfo:
        """Size, type and digests of an object; ``ObjectNotFound`` if there is none."""
        ...

    async def read(self, key: str, *, max_bytes: int) -> bytes:
        """The object's bytes; ``ObjectTooLarge`` (without reading it all) when bigger."""
        ...

    async def download_url(
        self, key: str, *, expires_in: int | None = None, filename: str | None = None
    ) -> str:
        """A short-lived URL for the object; with ``filename`` it downloads as an attachment."""
        ...

    async def put(self, key: str, data: bytes, *, content_type: str) -> ObjectInfo:
        """Write a new object, retained when the storage supports it; ``ObjectExists``
        if the key is taken: an object is never overwritten."""
        ...

    async def put_stream(
        self, key: str, chunks: AsyncIterable[bytes], *, content_type: str
    ) -> ObjectInfo:
        """``put`` for bytes produced as they are written: the object is written from
        ``chunks`` as they come, with about one part of it in memory (``sha256`` and ``size``
        are computed on the way). If the chunks or the storage fail half-way, that error is
        raised and nothing is left behind: no object under the key, no open upload."""
        ...

    async def retain(self, key: str) -> datetime | None:
        """Apply the configured retention to an uploaded object the server accepted;
        the date it is retained until, or ``None`` without retention."""
        ...

    async def delete(self, key: str) -> None:
        """Remove a rejected upload. Never called for evidence."""
        ...

    async def close(self) -> None: ...


def check_content_type(content_type: str) -> str:
    """A bare, lower-case ``type/subtype`` or ``ValueError``."""
    lowered = content_type.lower()
    if not _CONTENT_TYPE.fullmatch(lowered):
        raise ValueError(f"{content_type!r} is not a bare media type such as image/jpeg")
    return lowered


def check_limit(max_bytes: int | None, ceiling: int) -> int:
    """The byte limit for a ticket: the configured ceiling, or less."""
    if max_bytes is None:
        return ceiling
    if not 1 <= max_bytes <= ceiling:
        raise ValueError(f"max_bytes must be between 1 and the configured {ceiling}")
    return max_bytes


def check_ttl(expires_in: int | None, default: int) -> int:
    seconds = default if expires_in is None else expires_in
    if not 1 <= seconds <= 7 * 24 * 3600:
        raise ValueError("expires_in must be between 1 second and 7 days")
    return seconds


def safe_filename(filename: str) -> str:
    """A file name fit for a header: no path, quotes, control characters; at most 150 chars."""
    name = unicodedata.normalize("NFC", filename).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c != '"' and unicodedata.category(c)[0] != "C")
    return name.strip(" .")[:150] or "download"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact UTF-8 one (RFC 6266)."""
    name = safe_filename(filename)
    fallback = name.encode("ascii", "replace").decode().replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
