"""Errors of the report: ``ReportError`` carries ``code``, ``message`` and ``field``."""

from __future__ import annotations

from enum import StrEnum

from ..errors import ForesightError


class ReportErrorCode(StrEnum):
    INVALID_MONTH = "INVALID_MONTH"
    RANGE_REVERSED = "RANGE_REVERSED"
    RANGE_TOO_LONG = "RANGE_TOO_LONG"


class ReportError(ForesightError):
    def __init__(self, code: ReportErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
