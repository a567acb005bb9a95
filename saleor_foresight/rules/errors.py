"""Errors of the rules domain: ``RulesError`` carries ``code``, ``message`` and ``field``."""

from __future__ import annotations

from enum import StrEnum

from ..errors import ForesightError


class RulesErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    NEGATIVE = "NEGATIVE"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"


class RulesError(ForesightError):
    def __init__(self, code: RulesErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
