"""claimOfferDecline: the buyer declines the offer; the shop's deadline starts again."""

from __future__ import annotations

import strawberry

from ....claims import service
from ....claims.errors import ClaimError
from ...context import Info
from ...errors import payload_errors
from ..common import RENAMED, RESOLUTION, decode
from ..enums import ClaimErrorType
from ..types import ClaimType
from .common import claim_step, claim_view


@strawberry.type
class ClaimOfferDecline:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_offer_decline(
    info: Info,
    id: strawberry.ID,
    offer_id: strawberry.ID,
    email: str | None = None,
    message: str | None = None,
) -> ClaimOfferDecline:
    try:
        async with claim_step(info, id, email) as step:
            offer = decode(offer_id, RESOLUTION, "offer_id")
            await service.answer_offer(
                step.session,
                step.installation_id,
                step.claim_id,
                offer,
                step.who,
                step.now,
                accept=False,
                message=message,
            )
    except ClaimError as error:
        return ClaimOfferDecline(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimOfferDecline(claim=await claim_view(info, step.claim_id, email), errors=[])
