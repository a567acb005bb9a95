"""claimEscalate: the buyer disputes a rejection, or a deadline the shop missed (once)."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from ....claims import log, service
from ....jobs.models import Job
from ...context import Info
from ..enums import ClaimErrorType
from ..types import ClaimType
from .common import claim_step


@strawberry.type
class ClaimEscalate:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_escalate(
    info: Info, id: strawberry.ID, email: str | None = None, message: str | None = None
) -> ClaimEscalate:
    installation_id = info.context.installation.id

    async def act(
        session: AsyncSession, claim_id: uuid.UUID, who: log.Who, now: datetime
    ) -> Job | None:
        await service.escalate(session, installation_id, claim_id, who, now, message)
        return None

    claim, errors = await claim_step(info, id, email, act)
    return ClaimEscalate(claim=claim, errors=errors)
