"""dispatchPhotoHide: hide a photo from the buyer, saying why. Photos are never deleted."""

from __future__ import annotations

import strawberry

from ....db import utcnow
from ....dispatch import service
from ....dispatch.errors import DispatchError as DomainError
from ...context import Info
from ...errors import payload_errors
from ..common import decode_id, staff_member
from ..types import PHOTO_TYPE, DispatchError, DispatchPhotoType


@strawberry.type
class DispatchPhotoHide:
    photo: DispatchPhotoType | None = None
    errors: list[DispatchError]


async def dispatch_photo_hide(info: Info, id: strawberry.ID, reason: str) -> DispatchPhotoHide:
    context = info.context
    staff = staff_member(context)
    try:
        photo_id = decode_id(id, PHOTO_TYPE, "id")
        async with context.transaction() as session:
            photo = await service.hide_photo(
                session,
                context.installation.id,
                photo_id,
                reason=reason,
                staff=staff,
                now=utcnow(),
            )
    except DomainError as error:
        return DispatchPhotoHide(errors=payload_errors(DispatchError, error))
    return DispatchPhotoHide(photo=DispatchPhotoType(row=photo), errors=[])
