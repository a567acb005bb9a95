"""claimRequestInfo: staff ask the buyer for more (a photo, the return's tracking number);
the deadline stops until the buyer answers. Needs MANAGE_ORDERS."""

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
class ClaimRequestInfo:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_request_info(info: Info, id: strawberry.ID, message: str) -> ClaimRequestInfo:
    try:
        async with claim_step(info, id, None, staff=True) as step:
            await staff.request_info(
                step.session, step.installation_id, step.claim_id, step.who, step.now, message
            )
    except ClaimError as error:
        return ClaimRequestInfo(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimRequestInfo(claim=await claim_view(info, step.claim_id, None), errors=[])
