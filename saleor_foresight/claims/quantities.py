"""How much of each order line a buyer may still claim.

    claimable = ordered - claimed - returned outside claims

``claimed`` is the quantity in the order's other claims, except withdrawn ones (a rejected
claim still counts: its buyer escalates it instead of filing the same items again).
``returned outside claims`` is what Saleor's return fulfillments (RETURNED, REPLACED,
REFUNDED, REFUNDED_AND_RETURNED) hold for the line, less what our own resolutions returned
(those items are already counted as claimed), never below zero. Saleor's order line keeps
its quantity when items come back, so ``ordered`` is the line's quantity as recorded.

The caller holds the claim log lock (``log.lock``), which serialises every writer of
claims in the installation, so two claims filed at once cannot both take the last item.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..orders.models import Order
from .models import Claim, ClaimLine, ClaimResolution, ResolutionKind
from .states import ClaimStatus


@dataclass(frozen=True)
class LineRequest:
    """A line and quantity a buyer claims, or a resolution covers."""

    order_line_id: str  # Saleor's
    quantity: int


RETURN_FULFILLMENTS = frozenset({"RETURNED", "REPLACED", "REFUNDED", "REFUNDED_AND_RETURNED"})
RETURNING_KINDS = frozenset({ResolutionKind.REPLACEMENT, ResolutionKind.RETURN_AND_REFUND})
RELEASED = frozenset({ClaimStatus.WITHDRAWN})


async def claimable(
    session: AsyncSession, order: Order, *, excluding: uuid.UUID | None = None
) -> dict[str, int]:
    """Order line (Saleor ID) -> quantity that may still be claimed."""
    claimed: Counter[str] = Counter()
    query = (
        select(ClaimLine.order_line_id, ClaimLine.quantity)
        .join(Claim, Claim.id == ClaimLine.claim_id)
        .where(Claim.order_id == order.id, Claim.status.not_in(RELEASED))
    )
    if excluding is not None:
        query = query.where(Claim.id != excluding)
    for line_id, quantity in await session.execute(query):
        claimed[line_id] += quantity
    ours: Counter[str] = Counter()
    resolutions = await session.scalars(
        select(ClaimResolution)
        .join(Claim, Claim.id == ClaimResolution.claim_id)
        .where(
            Claim.order_id == order.id,
            ClaimResolution.kind.in_(RETURNING_KINDS),
            ClaimResolution.return_fulfillment_id.is_not(None),
        )
    )
    for resolution in resolutions:
        ours.update(line_quantities(resolution.lines))
    returned = returned_in_saleor(order)
    return {
        line.saleor_id: max(
            0,
            line.quantity
            - claimed[line.saleor_id]
            - max(0, returned[line.saleor_id] - ours[line.saleor_id]),
        )
        for line in order.lines
    }


def returned_in_saleor(order: Order) -> Counter[str]:
    returned: Counter[str] = Counter()
    for fulfillment in order.fulfillments:
        if fulfillment.status in RETURN_FULFILLMENTS:
            returned.update(line_quantities(fulfillment.lines))
    return returned


def line_quantities(lines: Iterable[Mapping[str, object]]) -> Counter[str]:
    counted: Counter[str] = Counter()
    for line in lines or ():
        quantity = line.get("quantity")
        counted[str(line.get("order_line_id"))] += quantity if isinstance(quantity, int) else 0
    return counted
