"""claimPhotoUploadCreate: a ticket to upload one photo for a claim straight to storage.

Post the ticket's fields, then the file, then name the upload in claimCreate or
claimMessageSend, which check it as dispatch photos are checked (``photos.pipeline``). For
whoever may read the order: its customer, a guest with its email, or staff.
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from ....claims import photos
from ....claims.errors import ClaimError
from ....claims.models import ClaimPhoto
from ...context import Info
from ...errors import payload_errors
from ...ids import to_global_id
from ...photos.types import UploadTicket
from ..common import PHOTO, RENAMED, limits_of, order_for, who
from ..enums import ClaimErrorType


@strawberry.type(description="A photo upload for a claim, before it is sent.")
class ClaimPhotoUpload:
    id: strawberry.ID = strawberry.field(description="Name it in photoUploadIds.")
    expires_at: datetime

    @classmethod
    def of(cls, row: ClaimPhoto) -> ClaimPhotoUpload:
        return cls(id=strawberry.ID(to_global_id(PHOTO, row.id)), expires_at=row.expires_at)


@strawberry.type
class ClaimPhotoUploadCreate:
    upload: ClaimPhotoUpload | None = None
    ticket: UploadTicket | None = None
    errors: list[ClaimErrorType]


async def claim_photo_upload_create(
    info: Info,
    order_id: strawberry.ID,
    content_type: str,
    byte_size: int,
    email: str | None = None,
) -> ClaimPhotoUploadCreate:
    context = info.context
    try:
        async with context.transaction() as session:
            order = await order_for(context, session, order_id, email)
            created = await photos.create_upload(
                session,
                info.context.storage,
                order,
                content_type=content_type,
                byte_size=byte_size,
                who=who(context, email),
                limits=limits_of(context),
            )
    except ClaimError as error:
        return ClaimPhotoUploadCreate(errors=payload_errors(ClaimErrorType, error, RENAMED))
    return ClaimPhotoUploadCreate(
        upload=ClaimPhotoUpload.of(created.photo),
        ticket=UploadTicket.of(created.ticket),
        errors=[],
    )
