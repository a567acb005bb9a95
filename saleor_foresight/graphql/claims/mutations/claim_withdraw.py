"""claimWithdraw: the buyer takes the claim back; what it claimed may be claimed again."""

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
class ClaimWithdraw:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_withdraw(
    info: Info, id: strawberry.ID, email: str | None = None, message: str | None = None
) -> ClaimWithdraw:
    try:
        async with claim_step(info, id, email) as step:
            await service.withdraw(
                step.session, step.installation_id, step.claim_id, step.who, step.now, message
            )
    except ClaimError as error:
        return ClaimWithdraw(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimWithdraw(claim=await claim_view(info, step.claim_id, email), errors=[])
