"""The claims domain's public reads, for other domains (the evidence pack) and tools: a
claim with its lines, resolutions and order, its events in log order, and its photos.
Callers use these rather than the tables, so the tables may change."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from .models import Claim, ClaimEvent, ClaimPhoto, PhotoStatus


async def claim(
    session: AsyncSession, installation_id: uuid.UUID, claim_id: uuid.UUID
) -> Claim | None:
    """The claim with ``lines``, ``resolutions`` and ``order`` loaded, or None."""
    found: Claim | None = await session.scalar(
        select(Claim)
        .where(Claim.installation_id == installation_id, Claim.id == claim_id)
        .options(
            selectinload(Claim.lines), selectinload(Claim.resolutions), selectinload(Claim.order)
        )
    )
    return found


async def events(
    session: AsyncSession, installation_id: uuid.UUID, claim_id: uuid.UUID, *, internal: bool
) -> Sequence[ClaimEvent]:
    """The claim's events in log order; staff's internal ones only when ``internal``."""
    query = select(ClaimEvent).where(
        ClaimEvent.installation_id == installation_id, ClaimEvent.claim_id == claim_id
    )
    if not internal:
        query = query.where(ClaimEvent.internal.is_(False))
    return (await session.scalars(query.order_by(ClaimEvent.sequence))).all()


async def photos(
    session: AsyncSession, installation_id: uuid.UUID, claim_id: uuid.UUID
) -> Sequence[ClaimPhoto]:
    """The accepted photos sent with the claim, oldest first (``storage_key`` is the
    original; ``sha256`` its hash, which the sending event also records)."""
    return (
        await session.scalars(
            select(ClaimPhoto)
            .where(
                ClaimPhoto.installation_id == installation_id,
                ClaimPhoto.claim_id == claim_id,
                ClaimPhoto.status == PhotoStatus.ACCEPTED,
            )
            .order_by(ClaimPhoto.created_at)
        )
    ).all()
