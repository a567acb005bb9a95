"""claimResolutionRetry: try a FAILED resolution again, from the step where it stopped (a
refund the payment provider refused is requested again on the same granted refund).
Needs MANAGE_ORDERS."""

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
class ClaimResolutionRetry:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_resolution_retry(info: Info, id: strawberry.ID) -> ClaimResolutionRetry:
    try:
        async with claim_step(info, id, None, staff=True) as step:
            await staff.retry_resolution(
                step.session, step.installation_id, step.claim_id, step.who, step.now
            )
    except ClaimError as error:
        return ClaimResolutionRetry(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimResolutionRetry(claim=await claim_view(info, step.claim_id, None), errors=[])
