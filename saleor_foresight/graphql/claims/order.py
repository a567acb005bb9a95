"""The order beside a claim: Foresight's record of it, what the buyer accepted at checkout,
and the proof of dispatch, so staff decide with the evidence in view (and a buyer sees the
same facts the shop does)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from ...claims.quantities import claimable
from ...orders.models import Order
from ...policies.binding import accepted_for_order
from ...text import item_name
from ..context import Info
from ..dispatch.proof import dispatch_proof as build_dispatch_proof
from ..dispatch.types import OrderDispatchProof
from ..policies.types import Acceptance


@strawberry.type
class ClaimOrderLine:
    id: strawberry.ID = strawberry.field(description="Saleor's order line ID.")
    product_name: str
    variant_name: str
    sku: str | None
    quantity: int = strawberry.field(description="As ordered.")
    claimable: int = strawberry.field(
        description="What may still be claimed: ordered, less claimed and returned."
    )

    @strawberry.field(description="The item as people read it: product, and variant if named.")
    def name(self) -> str:
        return item_name(self.product_name, self.variant_name)


async def order_lines(session: AsyncSession, order: Order) -> list[ClaimOrderLine]:
    left = await claimable(session, order)
    return [
        ClaimOrderLine(
            id=strawberry.ID(line.saleor_id),
            product_name=line.product_name,
            variant_name=line.variant_name,
            sku=line.sku,
            quantity=line.quantity,
            claimable=left.get(line.saleor_id, 0),
        )
        for line in order.lines
    ]


@strawberry.type(description="An order as Foresight recorded it from Saleor's webhooks.")
class ClaimOrder:
    row: strawberry.Private[Order]

    @strawberry.field(description="Saleor's order ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.row.saleor_id)

    @strawberry.field
    def number(self) -> str:
        return self.row.number

    @strawberry.field(description="Saleor's order status when last seen.")
    def status(self) -> str:
        return self.row.status

    @strawberry.field
    def channel(self) -> str:
        return self.row.channel_slug

    @strawberry.field
    def user_email(self) -> str | None:
        return self.row.user_email

    @strawberry.field
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field
    def currency(self) -> str | None:
        return self.row.currency

    @strawberry.field
    def total_gross(self) -> Decimal | None:
        return self.row.total_gross

    @strawberry.field
    def shipping_method_name(self) -> str | None:
        return self.row.shipping_method_name

    @strawberry.field
    def max_delivery_days(self) -> int | None:
        return self.row.max_delivery_days

    @strawberry.field(description="The order's lines, with what may still be claimed.")
    async def lines(self, info: Info) -> list[ClaimOrderLine]:
        return await order_lines(info.context.session, self.row)

    @strawberry.field(description="What the buyer accepted at checkout, with the full text.")
    async def acceptances(self, info: Info) -> list[Acceptance]:
        context = info.context
        rows = await accepted_for_order(
            context.session, context.installation.id, self.row.saleor_id
        )
        return [Acceptance.of(row) for row in rows]

    @strawberry.field(description="The parcels with their tracking numbers and photos.")
    async def dispatch_proof(self, info: Info) -> OrderDispatchProof:
        return await build_dispatch_proof(info.context, self.row)
