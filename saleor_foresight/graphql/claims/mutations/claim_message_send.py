"""claimMessageSend: a message in the claim's thread, with photos; from the buyer or staff.

Who writes decides what it does (``claims/states.py``): the buyer's message hands the claim
back to the shop and restarts its deadline (answering a request for information reopens
it); staff's is a reply that leaves the deadline running. Photos go through the upload
ticket flow first (``claimPhotoUploadCreate``) and the dispatch photo checks here.
"""

from __future__ import annotations

import strawberry

from ....claims import photos, service
from ....claims.errors import ClaimError
from ...context import Info
from ...errors import payload_errors
from ..common import CLAIM, PHOTO, RENAMED, claim_for, decode, decode_all, limits_of
from ..enums import ClaimErrorType
from ..types import ClaimType
from .common import claim_step, claim_view


@strawberry.type
class ClaimMessageSend:
    claim: ClaimType | None = None
    errors: list[ClaimErrorType]


async def claim_message_send(
    info: Info,
    id: strawberry.ID,
    message: str,
    email: str | None = None,
    photo_upload_ids: list[strawberry.ID] | None = None,
) -> ClaimMessageSend:
    context = info.context
    try:
        uploads = decode_all(photo_upload_ids or [], PHOTO, "photo_upload_ids")
        async with context.reading() as session:
            claim = await claim_for(context, session, decode(id, CLAIM, "claim_id"), email)
        await photos.check(
            context.transaction, info.context.storage, claim.order, uploads, limits_of(context)
        )
    except ClaimError as error:
        return ClaimMessageSend(errors=payload_errors(ClaimErrorType, error, RENAMED))

    try:
        async with claim_step(info, id, email) as step:
            await service.send_message(
                step.session,
                step.installation_id,
                step.claim_id,
                step.who,
                message,
                step.now,
                uploads,
            )
    except ClaimError as error:
        return ClaimMessageSend(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimMessageSend(claim=await claim_view(info, step.claim_id, email), errors=[])
