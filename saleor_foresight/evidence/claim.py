"""The claim section of a pack: the claim, its thread, its resolution and its log's check.

A claim pack is an order pack plus this section. It is read from the claims domain through
that domain's public functions only (no query on its tables here), so the claims domain
stays free to change its tables.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from .errors import EvidenceError, EvidenceErrorCode


@dataclass(frozen=True)
class ClaimMessage:
    """One step of the thread the buyer saw (staff-only notes are left out)."""

    event_id: uuid.UUID
    at: datetime
    actor: str
    action: str
    text: str
    record_hash: str


@dataclass(frozen=True)
class ClaimResolutionFact:
    kind: str
    status: str
    text: str
    amount: str | None = None
    currency: str | None = None
    refund_ids: tuple[str, ...] = ()
    confirmed_at: datetime | None = None


@dataclass(frozen=True)
class ClaimPhotoFact:
    id: uuid.UUID
    storage_key: str
    sha256: str
    byte_size: int
    format: str
    captured_at: str | None
    uploaded_at: datetime | None


@dataclass(frozen=True)
class ClaimSection:
    claim_id: uuid.UUID
    order_id: uuid.UUID  # Foresight's order record id
    number: int
    reason: str
    wished_resolution: str
    status: str
    created_at: datetime
    closed_at: datetime | None
    lines: list[dict[str, Any]]
    messages: list[ClaimMessage]
    resolutions: list[ClaimResolutionFact]
    photos: list[ClaimPhotoFact] = field(default_factory=list)
    # the claim log of the installation, recomputed: {"ok", "events_checked", ...}
    log: dict[str, Any] = field(default_factory=dict)

    @property
    def refund_ids(self) -> list[str]:
        return [i for r in self.resolutions if r.status == "DONE" for i in r.refund_ids]


async def gather_claim(
    session: AsyncSession, installation_id: uuid.UUID, claim_id: uuid.UUID
) -> ClaimSection:
    """The claim section; waits on the claims domain's public read functions."""
    raise EvidenceError(
        EvidenceErrorCode.CLAIMS_UNAVAILABLE,
        "Claim packs need the claims domain's public read functions (a claim with its "
        "thread, resolutions and photos), which are not there yet; build the order's pack.",
        "claim_id",
    )
