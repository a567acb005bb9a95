"""GraphQL types of storefront origins (translations of ``plugin.origins``)."""

from __future__ import annotations

import strawberry

from ...plugin.origins import StorefrontOriginErrorCode
from ...plugin.tokens import MANAGE_SETTINGS as MANAGE_SETTINGS

strawberry.enum(StorefrontOriginErrorCode, name="StorefrontOriginErrorCode")


@strawberry.type(description="An expected failure of a storefront origins operation.")
class StorefrontOriginError:
    field: str | None
    code: StorefrontOriginErrorCode
    message: str
    origin: str | None = strawberry.field(
        description="The origin refused, as it was given (INVALID); null for TOO_MANY."
    )
