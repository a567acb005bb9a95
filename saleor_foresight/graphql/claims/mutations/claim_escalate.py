"""claimEscalate: the buyer disputes a rejection, or a deadline the shop missed (once)."""

from __future__ import annotations

import strawberry

from ....claims import service
from ....claims.errors import ClaimError
from ...context import Info
from ...errors import payload_errors
from ..common import RENAMED
from ..enums import ClaimErrorType
from ..types import ClaimType
from .common import claim_step, claim_view


@strawberry.type
class ClaimEscalate:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_escalate(
    info: Info, id: strawberry.ID, email: str | None = None, message: str | None = None
) -> ClaimEscalate:
    try:
        async with claim_step(info, id, email) as step:
            await service.escalate(
                step.session, step.installation_id, step.claim_id, step.who, step.now, message
            )
    except ClaimError as error:
        return ClaimEscalate(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimEscalate(claim=await claim_view(info, step.claim_id, email), errors=[])
