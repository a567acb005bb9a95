"""claimOffer: staff offer a resolution (refund, partial refund, replacement, return and
refund) for some or all claimed lines; it replaces any offer still open. Needs
MANAGE_ORDERS."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from ....claims import log, staff
from ....jobs.models import Job
from ...context import Info
from ..enums import ClaimErrorType
from ..types import ClaimType
from .common import ClaimResolutionInput, claim_step


@strawberry.type
class ClaimOffer:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_offer(
    info: Info, id: strawberry.ID, input: ClaimResolutionInput, message: str | None = None
) -> ClaimOffer:
    installation_id = info.context.installation.id

    async def act(
        session: AsyncSession, claim_id: uuid.UUID, who: log.Who, now: datetime
    ) -> Job | None:
        await staff.offer(session, installation_id, claim_id, who, now, input.to_domain(), message)
        return None

    claim, errors = await claim_step(info, id, None, act, staff=True)
    return ClaimOffer(claim=claim, errors=errors)
