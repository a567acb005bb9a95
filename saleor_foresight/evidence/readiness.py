"""Which evidence an order has against each dispute reason, and orders listed by it.

Pieces of evidence, each a yes/no fact about the order, computed in SQL so that an order,
a page of orders or a filtered list costs one query:

- DISPATCH_PHOTO: a photo of a parcel, not hidden from the buyer;
- TRACKING_NUMBER: every shipped (FULFILLED) parcel has a tracking number (and one shipped);
- ADDRESS_AS_PLACED: the parcels went to the address the order was placed with: absent only
  when Foresight knows both addresses (their digests, ``rules/fulfillment.py``) and they
  differ, i.e. the address changed after the order; unknown counts as present;
- CARRIER: the order's shipping method is named (Saleor's shipping method name: it
  identifies the carrier, as fulfillments carry no carrier of their own);
- DELIVERY_TERMS / RETURN_TERMS / COLOUR_TERMS: an acceptance bound to the order holds a
  version of a DELIVERY_TIME / RETURN_TERMS / COLOUR_DIFFERENCE policy;
- ITEM_DESCRIPTION: the order record has its lines (names, variants, attributes).

``NEEDS`` says which pieces each reason asks for. An order is ready for a reason when it has
them all; what it lacks is ``missing``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from ..dispatch.models import DispatchPhoto
from ..dispatch.queries import DISPATCHED
from ..orders.models import Fulfillment, Order, OrderLine
from ..policies.models import Acceptance, AcceptanceItem, Policy, PolicyKind, PolicyVersion
from .models import DisputeReason


class EvidencePiece(StrEnum):
    DISPATCH_PHOTO = "DISPATCH_PHOTO"
    TRACKING_NUMBER = "TRACKING_NUMBER"
    ADDRESS_AS_PLACED = "ADDRESS_AS_PLACED"
    CARRIER = "CARRIER"
    DELIVERY_TERMS = "DELIVERY_TERMS"
    RETURN_TERMS = "RETURN_TERMS"
    COLOUR_TERMS = "COLOUR_TERMS"
    ITEM_DESCRIPTION = "ITEM_DESCRIPTION"


NEEDS: dict[DisputeReason, tuple[EvidencePiece, ...]] = {
    DisputeReason.NOT_RECEIVED: (
        EvidencePiece.DISPATCH_PHOTO,
        EvidencePiece.TRACKING_NUMBER,
        EvidencePiece.ADDRESS_AS_PLACED,
        EvidencePiece.CARRIER,
        EvidencePiece.DELIVERY_TERMS,
    ),
    DisputeReason.NOT_AS_DESCRIBED: (
        EvidencePiece.ITEM_DESCRIPTION,
        EvidencePiece.COLOUR_TERMS,
        EvidencePiece.RETURN_TERMS,
        EvidencePiece.DISPATCH_PHOTO,
    ),
    DisputeReason.CREDIT_NOT_PROCESSED: (EvidencePiece.RETURN_TERMS,),
}


@dataclass(frozen=True)
class ReasonReadiness:
    reason: DisputeReason
    present: tuple[EvidencePiece, ...]
    missing: tuple[EvidencePiece, ...]

    @property
    def ready(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Readiness:
    order_id: uuid.UUID
    pieces: dict[EvidencePiece, bool]

    def for_reason(self, reason: DisputeReason) -> ReasonReadiness:
        needed = NEEDS[reason]
        return ReasonReadiness(
            reason,
            tuple(p for p in needed if self.pieces[p]),
            tuple(p for p in needed if not self.pieces[p]),
        )

    def reasons(self) -> list[ReasonReadiness]:
        return [self.for_reason(reason) for reason in DisputeReason]


@dataclass(frozen=True)
class ListPosition:
    """Where a page of ``orders_by_readiness`` starts: after this order (newest first)."""

    created_at: datetime
    order_id: uuid.UUID


def _accepted(kind: PolicyKind) -> ColumnElement[bool]:
    return exists(
        select(Acceptance.id)
        .join(AcceptanceItem, AcceptanceItem.acceptance_id == Acceptance.id)
        .join(PolicyVersion, PolicyVersion.id == AcceptanceItem.version_id)
        .join(Policy, Policy.id == PolicyVersion.policy_id)
        .where(Acceptance.order_id == Order.id, Policy.kind == kind)
    )


def piece_columns() -> dict[EvidencePiece, ColumnElement[bool]]:
    """Each piece as a boolean SQL expression over ``Order``."""
    return {
        EvidencePiece.DISPATCH_PHOTO: exists().where(
            DispatchPhoto.order_id == Order.id, DispatchPhoto.hidden.is_(False)
        ),
        EvidencePiece.TRACKING_NUMBER: and_(
            exists().where(Fulfillment.order_id == Order.id, Fulfillment.status == DISPATCHED),
            ~exists().where(
                Fulfillment.order_id == Order.id,
                Fulfillment.status == DISPATCHED,
                func.trim(Fulfillment.tracking_number) == "",
            ),
        ),
        EvidencePiece.ADDRESS_AS_PLACED: or_(
            Order.placed_address_digest.is_(None),
            Order.shipping_address_digest.is_(None),
            Order.placed_address_digest == Order.shipping_address_digest,
        ),
        EvidencePiece.CARRIER: and_(
            Order.shipping_method_name.is_not(None), func.trim(Order.shipping_method_name) != ""
        ),
        EvidencePiece.DELIVERY_TERMS: _accepted(PolicyKind.DELIVERY_TIME),
        EvidencePiece.RETURN_TERMS: _accepted(PolicyKind.RETURN_TERMS),
        EvidencePiece.COLOUR_TERMS: _accepted(PolicyKind.COLOUR_DIFFERENCE),
        EvidencePiece.ITEM_DESCRIPTION: exists().where(OrderLine.order_id == Order.id),
    }


async def readiness_of(
    session: AsyncSession, installation_id: uuid.UUID, order_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Readiness]:
    """The readiness of many orders (Foresight ids) in one query."""
    if not order_ids:
        return {}
    columns = piece_columns()
    rows = await session.execute(
        select(Order.id, *columns.values()).where(
            Order.installation_id == installation_id, Order.id.in_(set(order_ids))
        )
    )
    return {row[0]: _readiness(row[0], columns, row[1:]) for row in rows}


async def orders_by_readiness(
    session: AsyncSession,
    installation_id: uuid.UUID,
    reason: DisputeReason,
    *,
    missing: Sequence[EvidencePiece] | None = None,
    after: ListPosition | None = None,
    limit: int = 20,
) -> list[tuple[Order, Readiness]]:
    """Orders by readiness for ``reason``, newest first.

    ``missing`` None: orders lacking any piece the reason needs; a list of pieces: orders
    lacking any of those; an empty list: orders that lack nothing (ready).
    """
    columns = piece_columns()
    if missing is None:
        condition = or_(*(~columns[p] for p in NEEDS[reason]))
    elif not missing:
        condition = and_(true(), *(columns[p] for p in NEEDS[reason]))
    else:
        condition = or_(*(~columns[p] for p in missing))
    query = select(Order, *columns.values()).where(
        Order.installation_id == installation_id, condition
    )
    if after is not None:
        query = query.where(
            or_(
                Order.created_at < after.created_at,
                and_(Order.created_at == after.created_at, Order.id < after.order_id),
            )
        )
    rows = await session.execute(
        query.order_by(Order.created_at.desc(), Order.id.desc()).limit(limit)
    )
    return [(row[0], _readiness(row[0].id, columns, row[1:])) for row in rows]


def _readiness(
    order_id: uuid.UUID, columns: dict[EvidencePiece, ColumnElement[bool]], values: Sequence[object]
) -> Readiness:
    return Readiness(order_id, {p: bool(v) for p, v in zip(columns, values, strict=True)})
