"""storefrontOriginsUpdate: replace the shop's storefront origins. Needs MANAGE_SETTINGS.

Each origin is normalised (``https://Shop.example.com:443/`` is ``https://shop.example.com``)
and duplicates dropped. Refused, as typed errors naming each origin: anything that is not
``scheme://host[:port]``, ``http`` outside localhost, and more than 20 origins. An empty
list removes them all. Preflights of this process see the change at once, other workers
within half a minute (``plugin/origins.PreflightOrigins``).
"""

from __future__ import annotations

import strawberry

from ....plugin import origins as service
from ...context import Info
from ...errors import payload_error
from ..types import MANAGE_SETTINGS, StorefrontOriginError


@strawberry.type
class StorefrontOriginsUpdate:
    origins: list[str] | None = strawberry.field(
        default=None, description="The origins now kept, normalised; null when refused."
    )
    errors: list[StorefrontOriginError]


async def storefront_origins_update(info: Info, origins: list[str]) -> StorefrontOriginsUpdate:
    context = info.context
    context.staff(MANAGE_SETTINGS)
    try:
        async with context.transaction() as session:
            kept = await service.replace(session, context.installation.id, origins)
    except service.StorefrontOriginsRefused as refused:
        return StorefrontOriginsUpdate(
            errors=[
                payload_error(StorefrontOriginError, error, origin=error.origin)
                for error in refused.errors
            ]
        )
    context.state.storefront_origins.forget()
    return StorefrontOriginsUpdate(origins=kept, errors=[])
