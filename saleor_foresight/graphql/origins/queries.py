"""storefrontOrigins: the origins this shop's storefronts call Foresight from."""

from __future__ import annotations

import strawberry

from ..context import Info
from .types import MANAGE_SETTINGS


@strawberry.type
class StorefrontOriginsQuery:
    @strawberry.field(
        description="The origins (scheme://host[:port]) whose browsers may call this API for "
        "this shop (CORS), besides those the deployment allows for every shop. Staff: "
        "MANAGE_SETTINGS."
    )
    def storefront_origins(self, info: Info) -> list[str]:
        context = info.context
        context.staff(MANAGE_SETTINGS)
        return list(context.installation.storefront_origins)
