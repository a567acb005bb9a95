"""Errors of the report: ``ReportError`` carries ``code``, ``message`` and ``field``."""

from __future__ import annotations

from enum import StrEnum

from ..errors import DomainError


class ReportErrorCode(StrEnum):
    INVALID_MONTH = "INVALID_MONTH"
    RANGE_REVERSED = "RANGE_REVERSED"
    RANGE_TOO_LONG = "RANGE_TOO_LONG"


class ReportError(DomainError[ReportErrorCode]):
    pass
