"""The ORM refuses to rewrite what must not change: a ``claim_event``, no update, no delete.

The refusal is a ``ClaimError`` with code IMMUTABLE, raised from the flush; the guard is the
ledger's (``ledger.guards.append_only``), as for acceptance records. It guards against
mistakes in our own code; plain SQL goes past it, and ``log.verify`` is what catches that.
Imported by the package, so the listeners are in place whenever the models are.
"""

from __future__ import annotations

from ..ledger.guards import append_only
from .errors import ClaimError, ClaimErrorCode
from .models import ClaimEvent


def _refuse(message: str) -> ClaimError:
    return ClaimError(ClaimErrorCode.IMMUTABLE, message)


append_only(ClaimEvent, _refuse)
