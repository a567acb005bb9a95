"""dispatchPhotoConfirm: check what arrived with a ticket, and keep it as a photo or refuse it.

Confirming again answers the same outcome: the photo recorded the first time, or the
rejection. STORAGE_UNAVAILABLE and NOT_UPLOADED record nothing; confirm again later.
"""

from __future__ import annotations

import strawberry

from ....dispatch import service
from ....dispatch.errors import DispatchError as DomainError
from ....photos.errors import PhotoErrorCode
from ...context import Info
from ...errors import payload_error, payload_errors
from ..common import decode_id, limits_of, staff_member
from ..types import UPLOAD_TYPE, DispatchError, DispatchPhotoType, DispatchPhotoUploadType


@strawberry.type
class DispatchPhotoConfirm:
    upload: DispatchPhotoUploadType | None = None
    photo: DispatchPhotoType | None = None
    errors: list[DispatchError]


async def dispatch_photo_confirm(
    info: Info, upload_id: strawberry.ID, order_id: strawberry.ID | None = None
) -> DispatchPhotoConfirm:
    context = info.context
    staff_member(context)
    try:
        confirmation = await service.confirm_upload(
            context.transaction,
            info.context.storage,
            context.installation.id,
            decode_id(upload_id, UPLOAD_TYPE, "upload_id"),
            order_id=order_id,
            limits=limits_of(context),
        )
    except DomainError as error:
        return DispatchPhotoConfirm(errors=payload_errors(DispatchError, error))
    upload, photo = confirmation.upload, confirmation.photo
    errors = []
    if photo is None and upload.rejection_code is not None:
        rejection = DomainError(
            PhotoErrorCode(upload.rejection_code), upload.rejection_message or "", "upload_id"
        )
        errors.append(payload_error(DispatchError, rejection))
    return DispatchPhotoConfirm(
        upload=DispatchPhotoUploadType(row=upload),
        photo=DispatchPhotoType(row=photo) if photo is not None else None,
        errors=errors,
    )
