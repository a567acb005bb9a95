"""The storefront origins mutations, one per module, gathered into the domain's Mutation
class."""

from __future__ import annotations

import strawberry

from .storefront_origins_update import storefront_origins_update


@strawberry.type
class StorefrontOriginsMutation:
    storefront_origins_update = strawberry.mutation(
        resolver=storefront_origins_update,
        description="Replace the origins whose browsers may call this API for this shop "
        "(CORS). Needs MANAGE_SETTINGS.",
    )
