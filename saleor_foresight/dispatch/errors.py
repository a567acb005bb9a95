"""Errors of the dispatch domain, one branch of Foresight's tree.

    DomainError (errors.py)
    └── DispatchError               carries ``code`` (a DispatchErrorCode), ``message``, ``field``
        └── ImageRejected           the uploaded object is not an image we accept; the upload
                                    is rejected for good, its object deleted, the reason kept

Codes raised as a plain ``DispatchError``: NOT_FOUND (no such order, fulfillment, upload or
photo in this installation), INVALID (bad input, with ``field``), INVALID_CONTENT_TYPE,
TOO_LARGE (declared size over the limit), NOT_UPLOADED (confirm before the object arrived;
retry later), EXPIRED (confirmed too late; the upload is rejected), ALREADY_HIDDEN and
STORAGE_UNAVAILABLE (nothing was recorded; retry). ``ImageRejected`` codes: EMPTY, TOO_LARGE,
NOT_AN_IMAGE, TYPE_MISMATCH, TOO_MANY_PIXELS, DECODED_TOO_LARGE, TRUNCATED, CORRUPT.
``field`` names the domain argument in snake_case (``fulfillment_id``, ``content_type``,
...); the API layer renames it.
"""

from __future__ import annotations

from enum import StrEnum

from ..errors import DomainError


class DispatchErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    INVALID_CONTENT_TYPE = "INVALID_CONTENT_TYPE"
    TOO_LARGE = "TOO_LARGE"
    EMPTY = "EMPTY"
    NOT_AN_IMAGE = "NOT_AN_IMAGE"
    TYPE_MISMATCH = "TYPE_MISMATCH"
    TOO_MANY_PIXELS = "TOO_MANY_PIXELS"
    DECODED_TOO_LARGE = "DECODED_TOO_LARGE"
    TRUNCATED = "TRUNCATED"
    CORRUPT = "CORRUPT"
    NOT_UPLOADED = "NOT_UPLOADED"
    EXPIRED = "EXPIRED"
    ALREADY_HIDDEN = "ALREADY_HIDDEN"
    STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE"


class DispatchError(DomainError[DispatchErrorCode]):
    pass


class ImageRejected(DispatchError):
    """The object fails a check on its bytes: final, whatever the caller retries."""

    def __init__(self, code: DispatchErrorCode, message: str) -> None:
        super().__init__(code, message, "upload_id")


def not_found(message: str, field: str | None = None) -> DispatchError:
    return DispatchError(DispatchErrorCode.NOT_FOUND, message, field)
