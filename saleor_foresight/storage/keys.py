"""Storage keys: every object lives under the installation it belongs to.

A key reads ``<installation uuid>/<kind>/<object uuid>``, for example
``4b0c…e1/dispatch-photo/9f3a…07``: lower-case canonical UUIDs and a kind made
of lower-case letters, digits and dashes. Nothing else is a key, so no key can
climb out of its folder (``..``), start at the root or hide a second namespace.

The S3 backend puts its configured prefix in front (``<prefix>/<key>``, see
``object_name``); the key kept in the database carries no prefix, so moving to
another prefix or bucket does not rewrite rows.
"""

from __future__ import annotations

import re
import uuid

from .errors import InvalidKey

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
KIND_PATTERN = re.compile(r"[a-z][a-z0-9-]{0,31}")
KEY_PATTERN = re.compile(rf"(?P<installation>{_UUID})/(?P<kind>[a-z][a-z0-9-]{{0,31}})/{_UUID}")
# a prefix is one or more plain path segments: no empty, "." or ".." segment
_PREFIX_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")


def new_key(installation_id: uuid.UUID, kind: str) -> str:
    """A fresh key for an object of ``kind`` that belongs to ``installation_id``."""
    if not KIND_PATTERN.fullmatch(kind):
        raise InvalidKey(f"kind {kind!r} must be lower-case letters, digits and dashes")
    return f"{installation_id}/{kind}/{uuid.uuid4()}"


def check_key(key: str, installation_id: uuid.UUID | None = None) -> str:
    """Return ``key`` if it has the one allowed shape (and belongs to the installation)."""
    match = KEY_PATTERN.fullmatch(key) if isinstance(key, str) else None
    if match is None:
        raise InvalidKey(f"{key!r} is not a key of the form <installation>/<kind>/<uuid>")
    if installation_id is not None and match["installation"] != str(installation_id):
        raise InvalidKey(f"{key!r} belongs to another installation")
    return key


def installation_of(key: str) -> uuid.UUID:
    """The installation a key belongs to."""
    return uuid.UUID(check_key(key).split("/", 1)[0])


def check_prefix(prefix: str) -> str:
    """Normalise a key prefix (``"a/b/"`` → ``"a/b"``); raise ``ValueError`` if unsafe."""
    stripped = prefix.strip("/")
    if stripped and not all(_PREFIX_SEGMENT.fullmatch(s) for s in stripped.split("/")):
        raise ValueError(
            "must be path segments of letters, digits, '.', '_' and '-' "
            "(no empty, '.' or '..' segment)"
        )
    return stripped


def object_name(prefix: str, key: str) -> str:
    """The bucket's name for a key: ``<prefix>/<key>``, or the key when there is no prefix."""
    check_key(key)
    return f"{prefix}/{key}" if prefix else key
