"""Resolutions: what staff offer (or decide), checked against the claim, and queued for Saleor.

Kinds, and what Foresight asks of Saleor once a resolution is accepted (``carry_out.py``):

* REFUND: the claimed lines (or those offered), optionally with shipping; Saleor computes the
  amount from the lines. ``orderGrantRefundCreate`` then
  ``transactionRequestRefundForGrantedRefund``.
* PARTIAL_REFUND: an amount (at most the order's total); the same two calls.
* REPLACEMENT: ``orderFulfillmentReturnProducts`` with ``replace`` lines; Saleor creates a
  draft replacement order that staff finish in the Dashboard.
* RETURN_AND_REFUND: ``orderFulfillmentReturnProducts`` for the lines (recording that they
  come back), then the refund of those lines. Staff who want the goods back before paying
  ask for the return first (request info) and offer this once the parcel arrived.

Lines default to every claimed line with its claimed quantity; an offer may cover fewer,
never more. Amounts are only for PARTIAL_REFUND: a REFUND's amount is Saleor's to compute
from the lines, which avoids Foresight guessing prices, discounts and taxes.

A refund is never shown as done before Saleor confirms it: the resolution stays
WAITING_FOR_SALEOR until the granted refund's status is SUCCESS (checked by the job, and
at once when ``ORDER_REFUNDED`` arrives: see ``order_refunded``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..jobs.models import Job
from ..money import format_money
from .errors import ClaimError, ClaimErrorCode, invalid
from .jobs import schedule_resolution
from .log import Who
from .models import Claim, ClaimResolution, ResolutionKind, ResolutionStatus
from .quantities import LineRequest

K = ResolutionKind
REFUNDING = frozenset({K.REFUND, K.PARTIAL_REFUND, K.RETURN_AND_REFUND})
RETURNING = frozenset({K.REPLACEMENT, K.RETURN_AND_REFUND})
MAX_AMOUNT = Decimal("1000000000")


@dataclass(frozen=True)
class ResolutionRequest:
    kind: ResolutionKind
    lines: Sequence[LineRequest] = ()
    amount: Decimal | None = None
    include_shipping: bool = False


def build(
    claim: Claim, request: ResolutionRequest, who: Who, status: ResolutionStatus
) -> ClaimResolution:
    """A resolution for ``claim`` as requested, or ClaimError naming what is wrong."""
    claimed = {line.order_line_id: line.quantity for line in claim.lines}
    wanted = list(request.lines) or [LineRequest(k, q) for k, q in claimed.items()]
    if len({w.order_line_id for w in wanted}) != len(wanted):
        raise invalid("lines", "A line was given twice.")
    for line in wanted:
        if line.order_line_id not in claimed:
            raise invalid("lines", f"{line.order_line_id} is not a line of this claim.")
        if not 1 <= line.quantity <= claimed[line.order_line_id]:
            raise ClaimError(
                ClaimErrorCode.QUANTITY_EXCEEDED,
                f"Between 1 and {claimed[line.order_line_id]} of that line were claimed.",
                "lines",
            )
    if request.kind is not K.PARTIAL_REFUND and not wanted:
        raise ClaimError(ClaimErrorCode.REQUIRED, "Choose the lines it covers.", "lines")
    amount = _amount(claim, request)
    if request.include_shipping and request.kind not in (K.REFUND, K.RETURN_AND_REFUND):
        raise invalid("include_shipping", "Only a full refund can include shipping.")
    return ClaimResolution(
        id=uuid.uuid4(),
        installation_id=claim.installation_id,
        claim_id=claim.id,
        kind=request.kind,
        status=status,
        lines=[{"order_line_id": w.order_line_id, "quantity": w.quantity} for w in wanted],
        amount=amount,
        currency=claim.order.currency,
        include_shipping=request.include_shipping,
        decided_by_id=who.user_id,
        decided_by_email=who.email,
        attempts=0,
        runs=0,
    )


def _amount(claim: Claim, request: ResolutionRequest) -> Decimal | None:
    if request.kind is not K.PARTIAL_REFUND:
        if request.amount is not None:
            raise invalid("amount", "Only a partial refund names an amount.")
        return None
    if request.amount is None:
        raise ClaimError(ClaimErrorCode.REQUIRED, "Name the amount to refund.", "amount")
    try:
        amount = request.amount.quantize(Decimal("0.0001"))
    except InvalidOperation:
        raise invalid("amount", "Not an amount.") from None
    total = claim.order.total_gross
    if amount <= 0 or amount >= MAX_AMOUNT or (total is not None and amount > total):
        most = format_money(total, claim.order.currency) if total is not None else "the total"
        raise invalid("amount", f"The amount must be above 0 and at most {most}.")
    return amount


def describe(resolution: ClaimResolution, names: Mapping[str, str]) -> str:
    """A one-line account for notes and the log, e.g. ``refund of 2 x Linen shirt (M)`` or
    ``partial refund of 7.50 USD``."""
    items = ", ".join(
        f"{line['quantity']} x {names.get(str(line['order_line_id']), line['order_line_id'])}"
        for line in resolution.lines
    )
    if resolution.kind == K.PARTIAL_REFUND:
        if resolution.amount is None:
            return "partial refund"
        return f"partial refund of {format_money(resolution.amount, resolution.currency)}"
    what = {
        K.REFUND: "refund of",
        K.REPLACEMENT: "replacement of",
        K.RETURN_AND_REFUND: "return and refund of",
    }[K(resolution.kind)]
    return f"{what} {items}" + (" with shipping" if resolution.include_shipping else "")


def data_of(resolution: ClaimResolution) -> dict[str, Any]:
    """What the log keeps of a resolution (amounts as strings: the log hashes JSON)."""
    return {
        "resolution_id": str(resolution.id),
        "kind": resolution.kind,
        "lines": list(resolution.lines),
        "amount": str(resolution.amount) if resolution.amount is not None else None,
        "currency": resolution.currency,
        "include_shipping": resolution.include_shipping,
    }


async def order_refunded(
    session: AsyncSession, installation_id: uuid.UUID, order_id: uuid.UUID
) -> list[Job]:
    """Saleor says the order's refunded amount grew: check its waiting refunds now.

    For the ``ORDER_REFUNDED`` webhook handler; without it the job's own checks confirm
    the refund a little later.
    """
    waiting = await session.scalars(
        select(ClaimResolution)
        .join(Claim, Claim.id == ClaimResolution.claim_id)
        .where(
            Claim.installation_id == installation_id,
            Claim.order_id == order_id,
            ClaimResolution.status == ResolutionStatus.WAITING_FOR_SALEOR,
        )
    )
    return [await schedule_resolution(session, resolution) for resolution in waiting]
