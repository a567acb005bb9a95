"""claimResolutionRetry: try a FAILED resolution again, from the step where it stopped (a
refund the payment provider refused is requested again on the same granted refund).
Needs MANAGE_ORDERS."""

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
class ClaimResolutionRetry:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_resolution_retry(info: Info, id: strawberry.ID) -> ClaimResolutionRetry:
    installation_id = info.context.installation.id

    async def act(
        session: AsyncSession, claim_id: uuid.UUID, who: log.Who, now: datetime
    ) -> Job | None:
        _, job = await staff.retry_resolution(session, installation_id, claim_id, who, now)
        return job

    claim, errors = await claim_step(info, id, None, act, staff=True)
    return ClaimResolutionRetry(claim=claim, errors=errors)
