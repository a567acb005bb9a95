"""Errors of the evidence domain, one branch of Foresight's tree.

    DomainError (errors.py)
    └── EvidenceError               carries ``code`` (an EvidenceErrorCode), ``message``, ``field``

Codes: NOT_FOUND (no such order, claim or pack in this installation), INVALID (bad input,
with ``field``: the domain argument in snake_case), CLAIMS_UNAVAILABLE (a claim pack was
asked for but the claims domain cannot be read yet), STORAGE_UNAVAILABLE (storage could not
be reached; a pack job retries it). ``field`` names the domain argument; the API layer
renames it.
"""

from __future__ import annotations

from enum import StrEnum

from ..errors import DomainError


class EvidenceErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    CLAIMS_UNAVAILABLE = "CLAIMS_UNAVAILABLE"
    STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE"


class EvidenceError(DomainError[EvidenceErrorCode]):
    pass


def not_found(message: str, field: str | None = None) -> EvidenceError:
    return EvidenceError(EvidenceErrorCode.NOT_FOUND, message, field)


def invalid(field: str, message: str) -> EvidenceError:
    return EvidenceError(EvidenceErrorCode.INVALID, message, field)
