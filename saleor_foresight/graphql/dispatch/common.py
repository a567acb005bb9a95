"""What the dispatch API's resolvers share: storage, limits, the staff member, the loader."""

from __future__ import annotations

import uuid

from strawberry.dataloader import DataLoader

from ...dispatch import queries
from ...dispatch.errors import DispatchError, DispatchErrorCode
from ...dispatch.models import DispatchPhoto
from ...dispatch.service import StaffMember
from ...photos.images import ImageLimits
from ...plugin.tokens import Staff
from ...storage import Storage
from ..access import MANAGE_ORDERS
from ..context import Context, Info
from ..errors import InvalidId
from ..ids import from_global_id

__all__ = ["MANAGE_ORDERS"]

# the domain's argument names, as the API spells them
API_FIELDS = {
    "order_id": "orderId",
    "fulfillment_id": "fulfillmentId",
    "content_type": "contentType",
    "byte_size": "byteSize",
    "upload_id": "uploadId",
}
PHOTOS_LOADER = "DispatchPhotosByFulfillmentIdLoader"


def storage_of(info: Info) -> Storage:
    storage: Storage = info.context.request.app.state.storage
    return storage


def limits_of(context: Context) -> ImageLimits:
    return context.state.image_limits


def staff_member(context: Context) -> StaffMember:
    """The staff member asking, who must hold MANAGE_ORDERS (else PermissionDenied)."""
    staff = context.staff(MANAGE_ORDERS)
    return StaffMember(user_id=staff.user_id, email=staff.email)


def may_see_hidden(context: Context) -> bool:
    return isinstance(context.viewer, Staff) and context.viewer.has(MANAGE_ORDERS)


def photos_loader(context: Context) -> DataLoader[uuid.UUID, list[DispatchPhoto]]:
    """DispatchPhotosByFulfillmentIdLoader: one query per batch of fulfillments."""
    loader: DataLoader[uuid.UUID, list[DispatchPhoto]] | None = context.loaders.get(PHOTOS_LOADER)
    if loader is None:
        include_hidden = may_see_hidden(context)

        async def load(keys: list[uuid.UUID]) -> list[list[DispatchPhoto]]:
            found = await queries.photos_by_fulfillment(
                context.session, context.installation.id, keys, include_hidden=include_hidden
            )
            return [found.get(key, []) for key in keys]

        loader = DataLoader(load_fn=load)
        context.loaders[PHOTOS_LOADER] = loader
    return loader


def decode_id(value: str, type_name: str, field: str) -> uuid.UUID:
    """A Foresight global ID, or a DispatchError naming the argument."""
    try:
        return from_global_id(value, type_name)
    except InvalidId as exc:
        raise DispatchError(DispatchErrorCode.INVALID, exc.message, field) from None


def api_field(field: str | None) -> str | None:
    return API_FIELDS.get(field, field) if field else None
