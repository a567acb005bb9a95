"""What the claims API's resolvers share: who acts, access to a claim, IDs.

Who may touch a claim is the order rule (``graphql/access.py``): the order's customer, a
guest giving the order's email, or staff with MANAGE_ORDERS. Anything else is NOT_FOUND,
so a stranger never learns that a claim exists. What each of them may do is then the
state machine's business: the viewer becomes an actor (staff -> STAFF, anyone else ->
BUYER) and ``claims/states.py`` allows or refuses the step.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import ORMOption

from ...claims import log
from ...claims.errors import invalid, not_found
from ...claims.models import Claim
from ...claims.states import Actor
from ...orders import record
from ...orders.models import Order
from ...photos.images import ImageLimits
from ...plugin.tokens import Customer, Staff
from ...text import is_blank
from ..access import MANAGE_ORDERS, may_read
from ..context import Context
from ..errors import InvalidId
from ..ids import from_global_id

__all__ = ["MANAGE_ORDERS"]

CLAIM = "Claim"
RESOLUTION = "ClaimResolution"
PHOTO = "ClaimPhoto"
EVENT = "ClaimEvent"
# the domain's argument names the API spells otherwise (``graphql/errors.payload_errors``)
RENAMED = {"claim_id": "id"}


def decode(value: str, type_name: str, field: str) -> uuid.UUID:
    """A Foresight global ID, or a ClaimError naming the argument."""
    try:
        return from_global_id(value, type_name)
    except InvalidId as exc:
        raise invalid(field, exc.message) from None


def decode_all(values: Sequence[str], type_name: str, field: str) -> list[uuid.UUID]:
    return [decode(v, type_name, field) for v in values]


def is_staff(context: Context) -> bool:
    return isinstance(context.viewer, Staff) and context.viewer.has(MANAGE_ORDERS)


def who(context: Context, email: str | None = None) -> log.Who:
    """The viewer as an actor of the claim log."""
    viewer = context.viewer
    if isinstance(viewer, Staff):
        return log.Who(Actor.STAFF, viewer.user_id, viewer.email)
    if isinstance(viewer, Customer):
        return log.Who(Actor.BUYER, viewer.user_id, viewer.email)
    return log.Who(Actor.BUYER, None, None if is_blank(email) else (email or "").strip())


def staff_who(context: Context) -> log.Who:
    """The staff member asking, who must hold MANAGE_ORDERS (else PermissionDenied)."""
    staff = context.staff(MANAGE_ORDERS)
    return log.Who(Actor.STAFF, staff.user_id, staff.email)


def limits_of(context: Context) -> ImageLimits:
    return context.state.claim_image_limits


async def order_for(
    context: Context, session: AsyncSession, order_id: str, email: str | None
) -> Order:
    """The order, if the viewer may read it; else NOT_FOUND (a payload error)."""
    order = await record.get_order(session, context.installation.id, order_id)
    allowed = await may_read(context, order, email, order_key=order_id)
    if order is None or not allowed:
        raise not_found("No such order.", "order_id")
    return order


async def claim_for(
    context: Context, session: AsyncSession, claim_id: uuid.UUID, email: str | None
) -> Claim:
    """The claim, with what its view needs, if the viewer may read its order."""
    claim = await session.scalar(
        select(Claim)
        .where(Claim.installation_id == context.installation.id, Claim.id == claim_id)
        .options(*claim_options())
        .execution_options(populate_existing=True)
    )
    if claim is None or not await may_read(context, claim.order, email):
        raise not_found("No such claim.", "claim_id")
    return claim


def claim_options() -> tuple[ORMOption, ...]:
    order = selectinload(Claim.order)
    return (
        selectinload(Claim.lines),
        selectinload(Claim.resolutions),
        order.selectinload(Order.lines),
        order.selectinload(Order.fulfillments),
    )
