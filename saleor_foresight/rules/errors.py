"""Errors of the rules domain: ``RulesError`` carries ``code``, ``message`` and ``field``."""

from __future__ import annotations

from enum import StrEnum

from ..errors import DomainError


class RulesErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    NEGATIVE = "NEGATIVE"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    TOO_LONG = "TOO_LONG"


class RulesError(DomainError[RulesErrorCode]):
    pass
