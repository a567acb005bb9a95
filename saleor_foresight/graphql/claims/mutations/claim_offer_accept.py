"""claimOfferAccept: the buyer accepts the offer on the table; Saleor carries it out.

The offer's ID must be the one on the table (else STALE_OFFER): a buyer never accepts an
offer staff replaced meanwhile. The Saleor calls are queued with the acceptance and tried
at once after it commits; the claim stays RESOLVING until Saleor confirms.
"""

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
class ClaimOfferAccept:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_offer_accept(
    info: Info, id: strawberry.ID, offer_id: strawberry.ID, email: str | None = None
) -> ClaimOfferAccept:
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
                accept=True,
            )
    except ClaimError as error:
        return ClaimOfferAccept(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimOfferAccept(claim=await claim_view(info, step.claim_id, email), errors=[])
