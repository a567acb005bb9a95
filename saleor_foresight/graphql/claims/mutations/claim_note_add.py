"""claimNoteAdd: an internal note on a claim; the buyer never sees it. Needs MANAGE_ORDERS."""

from __future__ import annotations

import strawberry

from ....claims import staff
from ....claims.errors import ClaimError
from ...context import Info
from ...errors import payload_errors
from ..common import RENAMED
from ..enums import ClaimErrorType
from ..types import ClaimType
from .common import claim_step, claim_view


@strawberry.type
class ClaimNoteAdd:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_note_add(info: Info, id: strawberry.ID, note: str) -> ClaimNoteAdd:
    try:
        async with claim_step(info, id, None, staff=True) as step:
            await staff.note(
                step.session, step.installation_id, step.claim_id, step.who, step.now, note
            )
    except ClaimError as error:
        return ClaimNoteAdd(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimNoteAdd(claim=await claim_view(info, step.claim_id, None), errors=[])
