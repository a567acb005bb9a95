"""claimReject: staff reject a claim with a reason code and a message to the buyer; the
buyer may escalate it once. Needs MANAGE_ORDERS."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from ....claims import log, staff
from ....jobs.models import Job
from ...context import Info
from ..enums import ClaimErrorType, ClaimRejectionCode
from ..types import ClaimType
from .common import claim_step


@strawberry.type
class ClaimReject:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_reject(
    info: Info, id: strawberry.ID, code: ClaimRejectionCode, message: str
) -> ClaimReject:
    installation_id = info.context.installation.id

    async def act(
        session: AsyncSession, claim_id: uuid.UUID, who: log.Who, now: datetime
    ) -> Job | None:
        await staff.reject(session, installation_id, claim_id, who, now, code, message)
        return None

    claim, errors = await claim_step(info, id, None, act, staff=True)
    return ClaimReject(claim=claim, errors=errors)
