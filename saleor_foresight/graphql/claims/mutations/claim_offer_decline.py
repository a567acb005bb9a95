"""claimOfferDecline: the buyer declines the offer; the shop's deadline starts again."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from ....claims import log, service
from ....jobs.models import Job
from ...context import Info
from ..common import RESOLUTION, decode
from ..enums import ClaimErrorType
from ..types import ClaimType
from .common import claim_step


@strawberry.type
class ClaimOfferDecline:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_offer_decline(
    info: Info,
    id: strawberry.ID,
    offer_id: strawberry.ID,
    email: str | None = None,
    message: str | None = None,
) -> ClaimOfferDecline:
    installation_id = info.context.installation.id

    async def act(
        session: AsyncSession, claim_id: uuid.UUID, who: log.Who, now: datetime
    ) -> Job | None:
        offer = decode(offer_id, RESOLUTION, "offer_id")
        await service.answer_offer(
            session, installation_id, claim_id, offer, who, now, accept=False, message=message
        )
        return None

    claim, errors = await claim_step(info, id, email, act)
    return ClaimOfferDecline(claim=claim, errors=errors)
