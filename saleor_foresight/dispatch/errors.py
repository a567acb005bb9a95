"""Errors of the dispatch domain, one branch of Foresight's tree.

    DomainError (errors.py)
    └── DispatchError               carries ``code`` (a DispatchErrorCode, or a PhotoErrorCode
                                    of the photo pipeline), ``message``, ``field``

Own codes: NOT_FOUND (no such order, fulfillment, upload or photo in this installation),
INVALID (bad input, with ``field``), ALREADY_HIDDEN. The photo pipeline's codes
(``photos.errors.PhotoErrorCode``: the declared type and size, NOT_UPLOADED, STORAGE_UNAVAILABLE
and the image rejections) are answered as they are, through ``photo_errors``. ``field`` names
the domain argument in snake_case (``fulfillment_id``, ``content_type``, ...); the API layer
renames it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

from ..errors import DomainError
from ..photos.errors import PhotoError, PhotoErrorCode


class DispatchErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    ALREADY_HIDDEN = "ALREADY_HIDDEN"


class DispatchError(DomainError[DispatchErrorCode | PhotoErrorCode]):
    pass


@contextmanager
def photo_errors() -> Iterator[None]:
    """Answer the photo pipeline's refusals as dispatch errors, code and field unchanged."""
    try:
        yield
    except PhotoError as error:
        raise DispatchError(error.code, error.message, error.field) from error


def not_found(message: str, field: str | None = None) -> DispatchError:
    return DispatchError(DispatchErrorCode.NOT_FOUND, message, field)
