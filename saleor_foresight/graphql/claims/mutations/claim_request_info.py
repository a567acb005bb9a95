"""claimRequestInfo: staff ask the buyer for more (a photo, the return's tracking number);
the deadline stops until the buyer answers. Needs MANAGE_ORDERS."""

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
from .common import claim_step


@strawberry.type
class ClaimRequestInfo:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_request_info(info: Info, id: strawberry.ID, message: str) -> ClaimRequestInfo:
    installation_id = info.context.installation.id

    async def act(
        session: AsyncSession, claim_id: uuid.UUID, who: log.Who, now: datetime
    ) -> Job | None:
        await staff.request_info(session, installation_id, claim_id, who, now, message)
        return None

    claim, errors = await claim_step(info, id, None, act, staff=True)
    return ClaimRequestInfo(claim=claim, errors=errors)
