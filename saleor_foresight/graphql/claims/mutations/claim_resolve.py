"""claimResolve: staff resolve a claim. With ``input``, the resolution is carried out in
Saleor at once, without an offer (the claim is RESOLVING until Saleor confirms); without
it, the claim is settled as resolved with nothing to do in Saleor (allowed on a RESOLVING
claim only once its resolution failed). Needs MANAGE_ORDERS."""

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
class ClaimResolve:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_resolve(
    info: Info,
    id: strawberry.ID,
    input: ClaimResolutionInput | None = None,
    message: str | None = None,
) -> ClaimResolve:
    installation_id = info.context.installation.id

    async def act(
        session: AsyncSession, claim_id: uuid.UUID, who: log.Who, now: datetime
    ) -> Job | None:
        request = input.to_domain() if input is not None else None
        _, job = await staff.resolve(session, installation_id, claim_id, who, now, request, message)
        return job

    claim, errors = await claim_step(info, id, None, act, staff=True)
    return ClaimResolve(claim=claim, errors=errors)
