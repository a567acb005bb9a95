"""What carrying out a resolution needs from Saleor (``ClaimsSaleor``), and what it reads.

Foresight's order record has neither the order's payments nor the fulfillment lines' IDs,
and both change under us (another refund, a return made in the Dashboard). So a resolution
reads them from Saleor right before acting rather than keeping them from webhooks: a value
kept from the last webhook may be stale exactly when money moves.

``carry_out`` decides, through this port; the Saleor edge implements it
(``plugin/claims_saleor.py``), so Saleor's wire format, its operations and its error codes
stay there. The port also finds what Saleor already made for a resolution, so a call whose
answer was lost is adopted, not repeated: a grant by its ``reason``, the refund requests made
on it, and a return or replacement by the ``reason`` Saleor keeps on the fulfillment it made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from ..money import format_money
from .errors import ClaimError, ClaimErrorCode


class GrantStatus(StrEnum):
    NONE = "NONE"
    PENDING = "PENDING"
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"


@dataclass(frozen=True)
class Payment:
    transaction_id: str
    charged: Decimal
    granted: Decimal  # already granted for refund on it (by anyone)


@dataclass(frozen=True)
class Grant:
    id: str
    status: GrantStatus
    reason: str
    amount: Decimal
    transaction_id: str | None
    refund_requests: int  # refund requests made for it so far (by anyone)


@dataclass(frozen=True)
class ReturnMade:
    """A return (or replacement) Saleor made: the fulfillment, and the replacement draft."""

    fulfillment_id: str
    replace_order_id: str | None = None
    replace_order_number: str | None = None


@dataclass(frozen=True)
class ShippedLine:
    fulfillment_line_id: str
    order_line_id: str
    quantity: int


@dataclass(frozen=True)
class SaleorOrder:
    id: str
    payments: list[Payment]
    grants: list[Grant]
    shipped: list[ShippedLine]


@dataclass(frozen=True)
class GrantMade:
    id: str
    amount: Decimal


class ClaimsSaleor(Protocol):
    """Saleor, as a resolution sees it. Every method may raise a ``SaleorError``; the
    mutations raise ``SaleorOutcomeUnknown`` when their answer was lost."""

    async def order(self, order_id: str) -> SaleorOrder | None:
        """The order's payments, granted refunds and shipped lines; None when it is gone."""

    async def return_made(self, order_id: str, tag: str, *, replace: bool) -> ReturnMade | None:
        """The return (``replace``: the replacement) made with a reason naming ``tag``."""

    async def return_products(
        self, order: SaleorOrder, lines: Sequence[Mapping[str, Any]], *, replace: bool, reason: str
    ) -> ReturnMade:
        """Return (or replace) ``lines`` (``{order_line_id, quantity}``): shipped items
        first, unshipped ones for the rest."""

    async def grant_refund(
        self,
        order_id: str,
        *,
        transaction_id: str,
        amount: Decimal | None,
        lines: Mapping[str, int] | None,
        reason: str,
        include_shipping: bool,
    ) -> GrantMade:
        """Grant a refund on one payment; ``lines`` maps order line id to quantity."""

    async def request_refund(self, granted_refund_id: str, transaction_id: str) -> None:
        """Ask the payment app to carry out a granted refund. A refund Saleor says was asked
        for already counts as asked."""


async def read(saleor: ClaimsSaleor, order_id: str) -> SaleorOrder:
    order = await saleor.order(order_id)
    if order is None:
        raise ClaimError(ClaimErrorCode.RESOLUTION_FAILED, "Saleor no longer has this order.")
    return order


def grant_for(order: SaleorOrder, tag: str) -> Grant | None:
    """The refund granted with a reason naming ``tag`` (a resolution's id), if any."""
    return next((g for g in order.grants if tag in g.reason), None)


def choose_payment(
    order: SaleorOrder, amount: Decimal | None, currency: str | None = None
) -> Payment:
    """The transaction to refund from: the one with most left to grant (enough for
    ``amount`` when it is known). Orders paid through a legacy payment plugin have none."""
    left = sorted(order.payments, key=lambda p: p.charged - p.granted, reverse=True)
    if not left or left[0].charged - left[0].granted <= 0:
        raise ClaimError(
            ClaimErrorCode.RESOLUTION_FAILED,
            "The order has no Transaction API payment with money left to refund. Refund it "
            "in the Dashboard, then settle the claim.",
        )
    if amount is not None and left[0].charged - left[0].granted < amount:
        raise ClaimError(
            ClaimErrorCode.RESOLUTION_FAILED,
            f"No payment of the order has {format_money(amount, currency)} left to refund.",
        )
    return left[0]
