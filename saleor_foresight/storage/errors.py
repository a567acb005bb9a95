"""Storage errors, one branch of Foresight's tree.

    ForesightError
    └── StorageError                a storage operation failed
        ├── ObjectNotFound          no object under that key
        ├── ObjectExists            the key is taken; objects are written once
        ├── ObjectTooLarge          bigger than the caller (or the ticket) allows
        ├── StorageUnavailable      the storage could not be reached, timed out or answered 5xx
        ├── InvalidKey              a key outside ``<installation>/<kind>/<uuid>`` (see keys.py)
        └── InvalidTicket           an upload form or download link that does not verify

The local storage's HTTP edge (``storage/http.py``) answers these as S3 would,
with an XML ``<Error><Code>…</Code><Message>…</Message></Error>`` body.
Messages name keys and buckets, never credentials, signatures or presigned URLs.
"""

from __future__ import annotations

from ..errors import ForesightError


class StorageError(ForesightError):
    """Root of the storage errors."""


class ObjectNotFound(StorageError):
    def __init__(self, key: str) -> None:
        super().__init__(f"no object with key {key!r}")
        self.key = key


class ObjectExists(StorageError):
    def __init__(self, key: str) -> None:
        super().__init__(f"an object with key {key!r} already exists and is never overwritten")
        self.key = key


class ObjectTooLarge(StorageError):
    def __init__(self, key: str, limit: int) -> None:
        super().__init__(f"object {key!r} is larger than the {limit} bytes allowed")
        self.key = key
        self.limit = limit


class StorageUnavailable(StorageError):
    """Network failure, timeout or a 5xx answer, after the client's own retries."""


class InvalidKey(StorageError):
    """A key that is not ``<installation uuid>/<kind>/<object uuid>``."""


class InvalidTicket(StorageError):
    """An upload form or download link that is forged, expired or breaks its policy.

    ``code`` is the S3 error code the HTTP edge answers with: ``AccessDenied``
    (403) unless a more precise one applies (``EntityTooSmall``,
    ``MalformedPOSTRequest``: 400).
    """

    def __init__(self, message: str, code: str = "AccessDenied") -> None:
        super().__init__(message)
        self.code = code
