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
e.g. an order paid without the Transaction API). Photo codes are the dispatch
image checks' own (``dispatch.images``): INVALID_CONTENT_TYPE, TOO_LARGE, EMPTY,
NOT_AN_IMAGE, TYPE_MISMATCH, TOO_MANY_PIXELS, DECODED_TOO_LARGE, TRUNCATED, CORRUPT,
NOT_UPLOADED, EXPIRED,
STORAGE_UNAVAILABLE. ``field`` names the domain argument in snake_case; the API renames it.
"""

from __future__ import annotations

from enum import StrEnum

from ..errors import DomainError


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


class ClaimError(DomainError[ClaimErrorCode]):
    pass


class NotAllowed(ClaimError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(ClaimErrorCode.NOT_ALLOWED, message, field)


def not_found(message: str, field: str | None = None) -> ClaimError:
    return ClaimError(ClaimErrorCode.NOT_FOUND, message, field)


def invalid(field: str, message: str) -> ClaimError:
    return ClaimError(ClaimErrorCode.INVALID, message, field)
