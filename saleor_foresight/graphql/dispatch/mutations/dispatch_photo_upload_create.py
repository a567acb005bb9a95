"""dispatchPhotoUploadCreate: a ticket to upload one photo of a parcel straight to storage."""

from __future__ import annotations

import strawberry

from ....dispatch import service
from ....dispatch.errors import DispatchError as DomainError
from ...context import Info
from ...errors import payload_errors
from ...photos.types import UploadTicket
from ..common import limits_of, staff_member
from ..types import DispatchError, DispatchPhotoUploadType


@strawberry.type
class DispatchPhotoUploadCreate:
    upload: DispatchPhotoUploadType | None = None
    ticket: UploadTicket | None = None
    errors: list[DispatchError]


async def dispatch_photo_upload_create(
    info: Info,
    order_id: strawberry.ID,
    fulfillment_id: strawberry.ID,
    content_type: str,
    byte_size: int,
) -> DispatchPhotoUploadCreate:
    context = info.context
    staff = staff_member(context)
    try:
        async with context.transaction() as session:
            created = await service.create_upload(
                session,
                info.context.storage,
                context.installation.id,
                order_id=order_id,
                fulfillment_id=fulfillment_id,
                content_type=content_type,
                byte_size=byte_size,
                staff=staff,
                limits=limits_of(context),
            )
    except DomainError as error:
        return DispatchPhotoUploadCreate(errors=payload_errors(DispatchError, error))
    return DispatchPhotoUploadCreate(
        upload=DispatchPhotoUploadType(row=created.upload),
        ticket=UploadTicket.of(created.ticket),
        errors=[],
    )
