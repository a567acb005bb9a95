"""claimResolve: staff resolve a claim. With ``input``, the resolution is carried out in
Saleor at once, without an offer (the claim is RESOLVING until Saleor confirms); without
it, the claim is settled as resolved with nothing to do in Saleor (allowed on a RESOLVING
claim only once its resolution failed). Needs MANAGE_ORDERS."""

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
class ClaimResolve:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_resolve(
    info: Info,
    id: strawberry.ID,
    input: ClaimResolutionInput | None = None,
    message: str | None = None,
) -> ClaimResolve:
    try:
        async with claim_step(info, id, None, staff=True) as step:
            request = input.to_domain() if input is not None else None
            await staff.resolve(
                step.session,
                step.installation_id,
                step.claim_id,
                step.who,
                step.now,
                request,
                message,
            )
    except ClaimError as error:
        return ClaimResolve(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimResolve(claim=await claim_view(info, step.claim_id, None), errors=[])
