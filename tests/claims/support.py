"""What the claims domain tests share: an order shipped at a known moment, actors, clocks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from saleor_foresight.claims import service
from saleor_foresight.claims.log import Who
from saleor_foresight.claims.models import Claim, ClaimReason, ResolutionKind
from saleor_foresight.claims.quantities import LineRequest
from saleor_foresight.claims.states import Actor
from saleor_foresight.orders import record
from saleor_foresight.orders.models import Order

BUYER = Who(Actor.BUYER, "VXNlcjo0Ng==", "buyer@example.com")
STAFF = Who(Actor.STAFF, "VXNlcjoyMQ==", "staff@example.com")
# a Monday, 10:00 UTC; the parcel leaves then, with at most 5 delivery days
SHIPPED = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
LINE_A, LINE_B = "T3JkZXJMaW5lOkE=", "T3JkZXJMaW5lOkI="


def day(offset: float, hour: int = 10) -> datetime:
    """``offset`` days after the shipping day, at ``hour`` UTC."""
    return (SHIPPED + timedelta(days=offset)).replace(hour=hour)


def order_snapshot(
    number: int = 1,
    *,
    quantities: tuple[int, int] = (2, 1),
    shipped: bool = True,
    max_days: int | None = 5,
    status: str = "FULFILLED",
    returned: tuple[tuple[str, int], ...] = (),
) -> record.OrderSnapshot:
    fulfillments = []
    if shipped:
        fulfillments.append(
            record.FulfillmentSnapshot(
                saleor_id=f"RnVsZmlsbG1lbnQ6{number}",
                number=1,
                status="FULFILLED",
                tracking_number="DHL-0034",
                created_at=SHIPPED,
                lines=(
                    record.FulfillmentLineSnapshot(LINE_A, quantities[0]),
                    record.FulfillmentLineSnapshot(LINE_B, quantities[1]),
                ),
            )
        )
    if returned:
        fulfillments.append(
            record.FulfillmentSnapshot(
                saleor_id=f"UmV0dXJuOjE{number}",
                number=2,
                status="RETURNED",
                tracking_number="",
                created_at=SHIPPED + timedelta(days=9),
                lines=tuple(record.FulfillmentLineSnapshot(k, q) for k, q in returned),
            )
        )
    return record.OrderSnapshot(
        saleor_id=f"T3JkZXI6{number}",
        number=str(number),
        channel_slug="default-channel",
        status=status,
        created_at=SHIPPED - timedelta(days=1),
        user_id=BUYER.user_id,
        user_email=BUYER.email,
        currency="EUR",
        total_gross=None,
        max_delivery_days=max_days,
        lines=(
            record.LineSnapshot(LINE_A, "Linen shirt", "M", "SHIRT-M", quantities[0]),
            record.LineSnapshot(LINE_B, "Wool scarf", "Navy", "SCARF-N", quantities[1]),
        ),
        fulfillments=tuple(fulfillments),
    )


async def record_order(
    session: AsyncSession, installation_id: uuid.UUID, snapshot: record.OrderSnapshot
) -> Order:
    await record.apply_snapshot(session, installation_id, snapshot, datetime.now(UTC))
    order = await record.get_order(session, installation_id, snapshot.saleor_id)
    assert order is not None
    return order


async def file(
    session: AsyncSession,
    order: Order,
    *,
    reason: ClaimReason = ClaimReason.DAMAGED,
    lines: tuple[tuple[str, int], ...] = ((LINE_A, 1),),
    now: datetime | None = None,
    **options: object,
) -> Claim:
    return await service.file_claim(
        session,
        order,
        reason=reason,
        wished_resolution=ResolutionKind.REFUND,
        lines=[LineRequest(k, q) for k, q in lines],
        message="The seam is torn.",
        who=BUYER,
        now=now or day(10),
        **options,  # type: ignore[arg-type]
    )
