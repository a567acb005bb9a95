"""Errors of the policies domain, a branch of ``DomainError``.

    DomainError (errors.py)
    └── PolicyError                 carries ``code`` (a PolicyErrorCode), ``field``, ``message``
        ├── PolicyNotFound          NOT_FOUND: no such policy or version in this installation
        └── StaleDisclosures        STALE_DISCLOSURES: the accepted set is not what applies now;
                                    carries the fresh ``disclosures``

Codes raised as a plain ``PolicyError``: INVALID (bad or repeated input, with ``field``),
TOO_LONG (a text over its limit, with ``field``), NO_DRAFT (publish without a draft),
LANGUAGE_MISSING (the draft lacks the policy's fallback language), IMMUTABLE (something
tried to change a published version). ``field`` names the domain argument in snake_case
(``version_ids``, ``title``, ``body_markdown``, ...); the API layer renames it.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from ..errors import DomainError

if TYPE_CHECKING:
    from .disclosure import Disclosure


class PolicyErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    TOO_LONG = "TOO_LONG"
    NO_DRAFT = "NO_DRAFT"
    LANGUAGE_MISSING = "LANGUAGE_MISSING"
    IMMUTABLE = "IMMUTABLE"
    STALE_DISCLOSURES = "STALE_DISCLOSURES"


class PolicyError(DomainError[PolicyErrorCode]):
    pass


class PolicyNotFound(PolicyError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(PolicyErrorCode.NOT_FOUND, message, field)


class StaleDisclosures(PolicyError):
    """What the buyer accepted is no longer what applies; ``disclosures`` is what applies now."""

    def __init__(self, message: str, disclosures: Sequence[Disclosure]) -> None:
        super().__init__(PolicyErrorCode.STALE_DISCLOSURES, message, "version_ids")
        self.disclosures = list(disclosures)


def invalid(field: str, message: str) -> PolicyError:
    return PolicyError(PolicyErrorCode.INVALID, message, field)
