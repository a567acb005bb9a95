"""claimWithdraw: the buyer takes the claim back; what it claimed may be claimed again."""

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
class ClaimWithdraw:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_withdraw(
    info: Info, id: strawberry.ID, email: str | None = None, message: str | None = None
) -> ClaimWithdraw:
    installation_id = info.context.installation.id

    async def act(
        session: AsyncSession, claim_id: uuid.UUID, who: log.Who, now: datetime
    ) -> Job | None:
        await service.withdraw(session, installation_id, claim_id, who, now, message)
        return None

    claim, errors = await claim_step(info, id, email, act)
    return ClaimWithdraw(claim=claim, errors=errors)
