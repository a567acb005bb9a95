"""Who the API sees: lets a storefront or the Dashboard check that its token is accepted."""

from __future__ import annotations

from enum import Enum

import strawberry

from ...plugin.tokens import Customer, Staff
from ..context import Info


@strawberry.enum(description="Who a request is made by.")
class ViewerKind(Enum):
    GUEST = "GUEST"
    CUSTOMER = "CUSTOMER"
    STAFF = "STAFF"


@strawberry.type(description="The caller, as proven by its token (none: a guest).")
class Viewer:
    kind: ViewerKind
    email: str | None
    permissions: list[str] = strawberry.field(
        description="The staff member's permissions; empty for buyers."
    )


@strawberry.type
class CoreQuery:
    @strawberry.field(description="Who this request is made by.")
    def viewer(self, info: Info) -> Viewer:
        viewer = info.context.viewer
        if isinstance(viewer, Staff):
            return Viewer(
                kind=ViewerKind.STAFF, email=viewer.email, permissions=sorted(viewer.permissions)
            )
        if isinstance(viewer, Customer):
            return Viewer(kind=ViewerKind.CUSTOMER, email=viewer.email, permissions=[])
        return Viewer(kind=ViewerKind.GUEST, email=None, permissions=[])
