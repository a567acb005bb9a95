"""The dispatch mutations, one per module, gathered into the domain's Mutation class."""

from __future__ import annotations

import strawberry

from .dispatch_photo_confirm import dispatch_photo_confirm
from .dispatch_photo_hide import dispatch_photo_hide
from .dispatch_photo_upload_create import dispatch_photo_upload_create


@strawberry.type
class DispatchMutation:
    dispatch_photo_upload_create = strawberry.mutation(
        resolver=dispatch_photo_upload_create,
        description="A ticket to upload one photo of a parcel straight to storage: post the "
        "ticket's fields, then the file, then call dispatchPhotoConfirm. Needs MANAGE_ORDERS.",
    )
    dispatch_photo_confirm = strawberry.mutation(
        resolver=dispatch_photo_confirm,
        description="Check an uploaded photo and keep it, or refuse it (the object is deleted "
        "and the upload says why). Safe to repeat. Needs MANAGE_ORDERS.",
    )
    dispatch_photo_hide = strawberry.mutation(
        resolver=dispatch_photo_hide,
        description="Hide a photo from the buyer, with a reason; photos are never deleted. "
        "Needs MANAGE_ORDERS.",
    )
