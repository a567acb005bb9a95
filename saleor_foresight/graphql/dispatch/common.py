"""What the dispatch API's resolvers share: limits, the staff member, IDs."""

from __future__ import annotations

import uuid

from ...dispatch.errors import DispatchError, DispatchErrorCode
from ...dispatch.service import StaffMember
from ...photos.images import ImageLimits
from ..access import MANAGE_ORDERS
from ..context import Context
from ..errors import InvalidId
from ..ids import from_global_id

__all__ = ["MANAGE_ORDERS"]


def limits_of(context: Context) -> ImageLimits:
    return context.state.image_limits


def staff_member(context: Context) -> StaffMember:
    """The staff member asking, who must hold MANAGE_ORDERS (else PermissionDenied)."""
    staff = context.staff(MANAGE_ORDERS)
    return StaffMember(user_id=staff.user_id, email=staff.email)


def decode_id(value: str, type_name: str, field: str) -> uuid.UUID:
    """A Foresight global ID, or a DispatchError naming the argument."""
    try:
        return from_global_id(value, type_name)
    except InvalidId as exc:
        raise DispatchError(DispatchErrorCode.INVALID, exc.message, field) from None
