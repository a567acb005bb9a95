"""GraphQL type of one of the shop's channels (a translation of ``SaleorChannel``)."""

from __future__ import annotations

import strawberry

from ...plugin.saleor_types import SaleorChannel


@strawberry.type(name="ShopChannel", description="One of the shop's channels, as Saleor lists it.")
class ShopChannel:
    slug: str = strawberry.field(description="What Foresight's rules, report and queue take.")
    name: str = strawberry.field(description="The channel's name in the Dashboard.")
    currency: str = strawberry.field(
        description="The channel's currency (ISO 4217): its amounts and rules are in it."
    )
    is_active: bool

    @classmethod
    def of(cls, channel: SaleorChannel) -> ShopChannel:
        return cls(
            slug=channel.slug,
            name=channel.name,
            currency=channel.currency,
            is_active=channel.is_active,
        )
