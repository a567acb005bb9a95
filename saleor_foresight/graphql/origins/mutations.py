"""storefrontOriginsUpdate: replace the shop's storefront origins. Needs MANAGE_SETTINGS.

Each origin is normalised (``https://Shop.example.com:443/`` is ``https://shop.example.com``)
and duplicates dropped. Refused, as typed errors naming each origin: anything that is not
``scheme://host[:port]``, ``http`` outside localhost, and more than 20 origins. An empty
list removes them all. Preflights of this process see the change at once, other workers
within half a minute (``plugin/origins.PreflightOrigins``).
"""

from __future__ import annotations

import strawberry

from ...plugin import origins as service
from ..context import Info
from .types import MANAGE_SETTINGS, StorefrontOriginError, StorefrontOriginsUpdate


async def storefront_origins_update(info: Info, origins: list[str]) -> StorefrontOriginsUpdate:
    context = info.context
    context.staff(MANAGE_SETTINGS)
    try:
        async with context.transaction() as session:
            kept = await service.replace(session, context.installation.id, origins)
    except service.StorefrontOriginsRefused as refused:
        return StorefrontOriginsUpdate(
            errors=[StorefrontOriginError.of(error) for error in refused.errors]
        )
    context.state.storefront_origins.forget()
    return StorefrontOriginsUpdate(origins=kept, errors=[])


@strawberry.type
class StorefrontOriginsMutation:
    storefront_origins_update = strawberry.mutation(
        resolver=storefront_origins_update,
        description="Replace the origins whose browsers may call this API for this shop "
        "(CORS). Needs MANAGE_SETTINGS.",
    )
