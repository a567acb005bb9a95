"""claimReject: staff reject a claim with a reason code and a message to the buyer; the
buyer may escalate it once. Needs MANAGE_ORDERS."""

from __future__ import annotations

import strawberry

from ....claims import staff
from ....claims.errors import ClaimError
from ...context import Info
from ...errors import payload_errors
from ..common import RENAMED
from ..enums import ClaimErrorType, ClaimRejectionCode
from ..types import ClaimType
from .common import claim_step, claim_view


@strawberry.type
class ClaimReject:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_reject(
    info: Info, id: strawberry.ID, code: ClaimRejectionCode, message: str
) -> ClaimReject:
    try:
        async with claim_step(info, id, None, staff=True) as step:
            await staff.reject(
                step.session, step.installation_id, step.claim_id, step.who, step.now, code, message
            )
    except ClaimError as error:
        return ClaimReject(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimReject(claim=await claim_view(info, step.claim_id, None), errors=[])
