"""GraphQL types of storefront origins (translations of ``plugin.origins``)."""

from __future__ import annotations

import strawberry

from ...plugin.origins import StorefrontOriginError as DomainError
from ...plugin.origins import StorefrontOriginErrorCode

MANAGE_SETTINGS = "MANAGE_SETTINGS"

strawberry.enum(StorefrontOriginErrorCode, name="StorefrontOriginErrorCode")


@strawberry.type(description="An expected failure of a storefront origins operation.")
class StorefrontOriginError:
    field: str | None
    code: StorefrontOriginErrorCode
    message: str
    origin: str | None = strawberry.field(
        description="The origin refused, as it was given (INVALID); null for TOO_MANY."
    )

    @classmethod
    def of(cls, error: DomainError) -> StorefrontOriginError:
        return cls(field=error.field, code=error.code, message=error.message, origin=error.origin)


@strawberry.type
class StorefrontOriginsUpdate:
    origins: list[str] | None = strawberry.field(
        default=None, description="The origins now kept, normalised; null when refused."
    )
    errors: list[StorefrontOriginError]
