"""Errors of the photo pipeline, one branch of Foresight's tree, the same for every domain
that takes photos (dispatch, claims).

    DomainError (errors.py)
    └── PhotoError                  carries ``code`` (a PhotoErrorCode), ``message``, ``field``
        └── ImageRejected           the uploaded object is not an image we accept; the upload
                                    is rejected for good, its object deleted, the reason kept

``PhotoErrorCode`` is the one enum of image codes. Raised as a plain ``PhotoError``: INVALID
(a declared size that is no size, with ``field``), INVALID_CONTENT_TYPE and TOO_LARGE (no
ticket for that type or size), NOT_UPLOADED (checked before the object arrived; retry later)
and STORAGE_UNAVAILABLE (nothing was recorded; retry). ``ImageRejected`` codes, kept on the
rejected upload: EMPTY, TOO_LARGE, NOT_AN_IMAGE, TYPE_MISMATCH, TOO_MANY_PIXELS,
DECODED_TOO_LARGE, TRUNCATED, CORRUPT, EXPIRED.

A domain answers these in its own error (``DispatchError``, ``ClaimError``), whose ``code``
is its own enum or this one; the API shows both in the domain's error enum, unchanged for
clients. ``field`` names the domain argument in snake_case; the domain renames it.
"""

from __future__ import annotations

from enum import StrEnum

from ..errors import DomainError

EXPIRED_MESSAGE = "The upload ticket expired unused."


class PhotoErrorCode(StrEnum):
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
    STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE"


class PhotoError(DomainError[PhotoErrorCode]):
    pass


class ImageRejected(PhotoError):
    """The object fails a check on its bytes: final, whatever the caller retries."""

    def __init__(self, code: PhotoErrorCode, message: str) -> None:
        super().__init__(code, message, "upload_id")


def unavailable() -> PhotoError:
    return PhotoError(
        PhotoErrorCode.STORAGE_UNAVAILABLE,
        "The photo storage could not be reached; nothing was recorded. Try again.",
    )
