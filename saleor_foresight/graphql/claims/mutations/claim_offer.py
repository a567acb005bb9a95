"""claimOffer: staff offer a resolution (refund, partial refund, replacement, return and
refund) for some or all claimed lines; it replaces any offer still open. Needs
MANAGE_ORDERS."""

from __future__ import annotations

import strawberry

from ....claims import staff
from ....claims.errors import ClaimError
from ...context import Info
from ...errors import payload_errors
from ..common import RENAMED
from ..enums import ClaimErrorType
from ..types import ClaimType
from .common import ClaimResolutionInput, claim_step, claim_view


@strawberry.type
class ClaimOffer:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_offer(
    info: Info, id: strawberry.ID, input: ClaimResolutionInput, message: str | None = None
) -> ClaimOffer:
    try:
        async with claim_step(info, id, None, staff=True) as step:
            await staff.offer(
                step.session,
                step.installation_id,
                step.claim_id,
                step.who,
                step.now,
                input.to_domain(),
                message,
            )
    except ClaimError as error:
        return ClaimOffer(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimOffer(claim=await claim_view(info, step.claim_id, None), errors=[])
