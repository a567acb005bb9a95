"""claimAssign: give a claim to a staff member, or to nobody. Needs MANAGE_ORDERS."""

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
class ClaimAssign:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_assign(
    info: Info,
    id: strawberry.ID,
    assignee_id: strawberry.ID | None = None,
    assignee_email: str | None = None,
) -> ClaimAssign:
    installation_id = info.context.installation.id

    async def act(
        session: AsyncSession, claim_id: uuid.UUID, who: log.Who, now: datetime
    ) -> Job | None:
        await staff.assign(
            session, installation_id, claim_id, who, now,
            assignee_id=assignee_id, assignee_email=assignee_email,
        )  # fmt: skip
        return None

    claim, errors = await claim_step(info, id, None, act, staff=True)
    return ClaimAssign(claim=claim, errors=errors)
