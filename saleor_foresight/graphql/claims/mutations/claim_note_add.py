"""claimNoteAdd: an internal note on a claim; the buyer never sees it. Needs MANAGE_ORDERS."""

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
class ClaimNoteAdd:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_note_add(info: Info, id: strawberry.ID, note: str) -> ClaimNoteAdd:
    installation_id = info.context.installation.id

    async def act(
        session: AsyncSession, claim_id: uuid.UUID, who: log.Who, now: datetime
    ) -> Job | None:
        await staff.note(session, installation_id, claim_id, who, now, note)
        return None

    claim, errors = await claim_step(info, id, None, act, staff=True)
    return ClaimNoteAdd(claim=claim, errors=errors)
