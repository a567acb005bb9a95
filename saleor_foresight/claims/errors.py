"""Errors of the claims domain, one branch of Foresight's tree.

    DomainError (errors.py)
    └── ClaimError                  carries ``code`` (a ClaimErrorCode), ``message``, ``field``
        └── NotAllowed              NOT_ALLOWED: the state machine has no such step for this
                                    actor in this state (or its guard does not hold)

Codes raised as a plain ``ClaimError``: NOT_FOUND (no such order, claim, offer or upload in
this installation), INVALID, REQUIRED and TOO_LONG (bad input, with ``field``), NOT_OPEN_YET
(the reason opens later and the shop blocks early claims, or the buyer did not confirm
filing early), CLOSED (the reason is closed for this order), QUANTITY_EXCEEDED (more than
ordered minus already claimed or returned), STALE_OFFER (the offer answered is no longer
the one on the table), IMMUTABLE (a claim event would be rewritten or removed: the log is
append-only), TOO_MANY_PHOTOS, RESOLUTION_FAILED (a resolution Saleor cannot carry out,
e.g. an order paid without the Transaction API). Photo codes are the photo pipeline's own
(``photos.errors.PhotoErrorCode``, as dispatch photos answer them): INVALID_CONTENT_TYPE,
TOO_LARGE, the image rejections, NOT_UPLOADED, EXPIRED and STORAGE_UNAVAILABLE, through
``photo_errors``. ``field`` names the domain argument in snake_case; the API renames it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

from ..errors import DomainError
from ..photos.errors import PhotoError, PhotoErrorCode


class ClaimErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    NOT_ALLOWED = "NOT_ALLOWED"
    NOT_OPEN_YET = "NOT_OPEN_YET"
    CLOSED = "CLOSED"
    QUANTITY_EXCEEDED = "QUANTITY_EXCEEDED"
    STALE_OFFER = "STALE_OFFER"
    IMMUTABLE = "IMMUTABLE"
    TOO_MANY_PHOTOS = "TOO_MANY_PHOTOS"
    RESOLUTION_FAILED = "RESOLUTION_FAILED"


class ClaimError(DomainError[ClaimErrorCode | PhotoErrorCode]):
    pass


@contextmanager
def photo_errors(field: str | None = None) -> Iterator[None]:
    """Answer the photo pipeline's refusals as claim errors, naming ``field`` if given."""
    try:
        yield
    except PhotoError as error:
        raise ClaimError(error.code, error.message, field or error.field) from error


class NotAllowed(ClaimError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(ClaimErrorCode.NOT_ALLOWED, message, field)


def not_found(message: str, field: str | None = None) -> ClaimError:
    return ClaimError(ClaimErrorCode.NOT_FOUND, message, field)


def invalid(field: str, message: str) -> ClaimError:
    return ClaimError(ClaimErrorCode.INVALID, message, field)
