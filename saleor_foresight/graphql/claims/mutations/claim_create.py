"""claimCreate: the buyer files a claim about their order.

The reason must be open for the order (see claimOptions): CLOSED is refused; NOT_OPEN_YET
is refused when the shop blocks early claims, and otherwise needs ``confirmEarly: true``,
so a storefront cannot skip the warning the buyer must see. Lines may not exceed what was
ordered less what is already claimed or returned. Photos are checked before anything is
recorded; a refused photo refuses the claim with that photo's reason. ``idempotencyKey``
makes a retried filing return the claim already filed (see ``claims/service.py``).
"""

from __future__ import annotations

import strawberry

from ....claims import photos, service
from ....claims.errors import ClaimError
from ....db import utcnow
from ...context import Info
from ...errors import payload_errors
from ..common import PHOTO, RENAMED, decode_all, limits_of, order_for, who
from ..enums import ClaimErrorType, ClaimReason, ClaimResolutionKind
from ..types import ClaimType
from .common import ClaimLineInput, claim_view, lines_of


@strawberry.input
class ClaimCreateInput:
    order_id: strawberry.ID = strawberry.field(description="Saleor's order ID.")
    email: str | None = strawberry.field(default=None, description="A guest: the order's.")
    reason: ClaimReason
    lines: list[ClaimLineInput] = strawberry.field(
        default_factory=list, description="The items and quantities; may be empty for OTHER."
    )
    message: str
    wished_resolution: ClaimResolutionKind
    photo_upload_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    confirm_early: bool = strawberry.field(
        default=False, description="File a reason that is not open yet, having seen why."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="The client's name for this filing (e.g. a UUID made when the form opens; "
        "1 to 64 letters, digits, '-', '_', '.', ':'). Sent again with a retry, it returns the "
        "claim already filed instead of filing twice.",
    )


@strawberry.type
class ClaimCreate:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_create(info: Info, input: ClaimCreateInput) -> ClaimCreate:
    context = info.context
    actor = who(context, input.email)
    try:
        uploads = decode_all(input.photo_upload_ids, PHOTO, "photo_upload_ids")
        key = service.clean_key(input.idempotency_key)
        async with context.reading() as session:
            order = await order_for(context, session, input.order_id, input.email)
            filed = await service.already_filed(session, order, key) if key else None
        if filed is not None:  # a retry: its photos were taken by the claim, do not check again
            return ClaimCreate(claim=await claim_view(info, filed.id, input.email), errors=[])
        await photos.check(
            context.transaction, info.context.storage, order, uploads, limits_of(context)
        )
        async with context.transaction() as session:
            order = await order_for(context, session, input.order_id, input.email)
            claim = await service.file_claim(
                session,
                order,
                reason=input.reason,
                wished_resolution=input.wished_resolution,
                lines=lines_of(input.lines),
                message=input.message,
                who=actor,
                now=utcnow(),
                photo_ids=uploads,
                confirm_early=input.confirm_early,
                idempotency_key=key,
            )
    except ClaimError as error:
        return ClaimCreate(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimCreate(claim=await claim_view(info, claim.id, input.email), errors=[])
