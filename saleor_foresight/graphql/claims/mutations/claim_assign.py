"""claimAssign: give a claim to a staff member, or to nobody. Needs MANAGE_ORDERS."""

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
class ClaimAssign:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_assign(
    info: Info,
    id: strawberry.ID,
    assignee_id: strawberry.ID | None = None,
    assignee_email: str | None = None,
) -> ClaimAssign:
    try:
        async with claim_step(info, id, None, staff=True) as step:
            await staff.assign(
                step.session,
                step.installation_id,
                step.claim_id,
                step.who,
                step.now,
                assignee_id=assignee_id,
                assignee_email=assignee_email,
            )
    except ClaimError as error:
        return ClaimAssign(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimAssign(claim=await claim_view(info, step.claim_id, None), errors=[])
