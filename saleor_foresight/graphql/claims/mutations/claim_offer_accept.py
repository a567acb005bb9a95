"""claimOfferAccept: the buyer accepts the offer on the table; Saleor carries it out.

The offer's ID must be the one on the table (else STALE_OFFER): a buyer never accepts an
offer staff replaced meanwhile. The Saleor calls are queued with the acceptance and tried
at once after it commits; the claim stays RESOLVING until Saleor confirms.
"""

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
class ClaimOfferAccept:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_offer_accept(
    info: Info, id: strawberry.ID, offer_id: strawberry.ID, email: str | None = None
) -> ClaimOfferAccept:
    installation_id = info.context.installation.id

    async def act(
        session: AsyncSession, claim_id: uuid.UUID, who: log.Who, now: datetime
    ) -> Job | None:
        offer = decode(offer_id, RESOLUTION, "offer_id")
        _, job = await service.answer_offer(
            session, installation_id, claim_id, offer, who, now, accept=True
        )
        return job

    claim, errors = await claim_step(info, id, email, act)
    return ClaimOfferAccept(claim=claim, errors=errors)
