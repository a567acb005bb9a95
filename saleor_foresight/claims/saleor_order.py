"""What a resolution needs to know of an order in Saleor, read fresh when it is carried out.

Foresight's order record has neither the order's payments nor the fulfillment lines' IDs,
and both change under us (another refund, a return made in the Dashboard). So the job reads
them from Saleor right before acting (``OrderForClaimResolution``, MANAGE_ORDERS) rather
than keeping them in the record from webhooks: a subscription query change reaches only
new installations (Saleor keeps the manifest's queries of an installed app), and a value
kept from the last webhook may be stale exactly when money moves.

This module translates Saleor's wire format into small dataclasses and back into the
inputs of ``orderFulfillmentReturnProducts``; ``carry_out`` decides. It also finds what Saleor
already made for a resolution, so a call whose answer was lost is adopted, not repeated: a
grant by its ``reason``, the refund requests made on it (``REFUND_REQUEST`` events), and a
return or replacement by the ``reason`` Saleor keeps on the fulfillment it made
(``OrderReturnsForClaim``, a read of its own as ``Fulfillment.reason`` needs 3.23).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..money import format_money
from ..plugin.saleor_client import SaleorClient
from .errors import ClaimError, ClaimErrorCode

OPERATION = "OrderForClaimResolution"
RETURNS_OPERATION = "OrderReturnsForClaim"
SHIPPED = "FULFILLED"
REFUND_REQUEST = "REFUND_REQUEST"
REPLACED = "REPLACED"
RETURNED = frozenset({"RETURNED", "REFUNDED_AND_RETURNED"})
REPLACEMENT_CREATED = "ORDER_REPLACEMENT_CREATED"


@dataclass(frozen=True)
class Payment:
    transaction_id: str
    charged: Decimal
    granted: Decimal  # already granted for refund on it (by anyone)


@dataclass(frozen=True)
class Grant:
    id: str
    status: str  # NONE, PENDING, SUCCESS, FAILURE
    reason: str
    amount: Decimal
    transaction_id: str | None
    refund_requests: int  # REFUND_REQUEST events made for it so far (by anyone)


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


async def read(client: SaleorClient, order_id: str) -> SaleorOrder:
    data = await client.execute(OPERATION, {"id": order_id})
    order = data.get("order")
    if not isinstance(order, dict):
        raise ClaimError(ClaimErrorCode.RESOLUTION_FAILED, "Saleor no longer has this order.")
    grants = [
        Grant(
            id=str(g["id"]),
            status=str(g.get("status") or "NONE"),
            reason=str(g.get("reason") or ""),
            amount=_amount(g.get("amount")),
            transaction_id=(g.get("transaction") or {}).get("id"),
            refund_requests=sum(
                1 for e in g.get("transactionEvents") or () if e.get("type") == REFUND_REQUEST
            ),
        )
        for g in order.get("grantedRefunds") or ()
    ]
    payments = [
        Payment(
            transaction_id=str(t["id"]),
            charged=_amount(t.get("chargedAmount")),
            granted=sum((g.amount for g in grants if g.transaction_id == t["id"]), Decimal(0)),
        )
        for t in order.get("transactions") or ()
    ]
    shipped = [
        ShippedLine(str(line["id"]), str((line.get("orderLine") or {}).get("id")),
                    int(line.get("quantity") or 0))
        for f in order.get("fulfillments") or ()
        if f.get("status") == SHIPPED
        for line in f.get("lines") or ()
    ]  # fmt: skip
    return SaleorOrder(str(order["id"]), payments, grants, shipped)


def grant_for(order: SaleorOrder, tag: str) -> Grant | None:
    """The refund granted with a reason naming ``tag`` (a resolution's id), if any."""
    return next((g for g in order.grants if tag in g.reason), None)


async def return_made(
    client: SaleorClient, order_id: str, tag: str, *, replace: bool
) -> ReturnMade | None:
    """The return (``replace``: the replacement) Saleor made with a reason naming ``tag``.

    A replacement's draft order is the ``relatedOrder`` of the ORDER_REPLACEMENT_CREATED event
    Saleor writes with each REPLACED fulfillment, so the n-th of those fulfillments goes with
    the n-th of those events (neither is ever removed)."""
    data = await client.execute(RETURNS_OPERATION, {"id": order_id})
    order = data.get("order")
    if not isinstance(order, dict):
        raise ClaimError(ClaimErrorCode.RESOLUTION_FAILED, "Saleor no longer has this order.")
    fulfillments = sorted(order.get("fulfillments") or (), key=lambda f: f["fulfillmentOrder"])
    if not replace:
        made = (f for f in fulfillments if f.get("status") in RETURNED)
        found = next((f for f in made if tag in (f.get("reason") or "")), None)
        return ReturnMade(str(found["id"])) if found is not None else None
    replaced = [f for f in fulfillments if f.get("status") == REPLACED]
    index = next((i for i, f in enumerate(replaced) if tag in (f.get("reason") or "")), None)
    if index is None:
        return None
    events = sorted(
        (e for e in order.get("events") or () if e.get("type") == REPLACEMENT_CREATED),
        key=lambda e: str(e.get("date") or ""),
    )
    draft = (events[index].get("relatedOrder") if index < len(events) else None) or {}
    return ReturnMade(str(replaced[index]["id"]), draft.get("id"), draft.get("number"))


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


def return_input(
    order: SaleorOrder, lines: Sequence[Mapping[str, Any]], *, replace: bool, reason: str
) -> dict[str, Any]:
    """An ``OrderReturnProductsInput``: shipped items first, unshipped ones for the rest."""
    fulfillment_lines: list[dict[str, Any]] = []
    order_lines: list[dict[str, Any]] = []
    for line in lines:
        wanted = int(line["quantity"])
        for shipped in (s for s in order.shipped if s.order_line_id == line["order_line_id"]):
            take = min(wanted, shipped.quantity)
            if take:
                fulfillment_lines.append(
                    {"fulfillmentLineId": shipped.fulfillment_line_id, "quantity": take,
                     "replace": replace}
                )  # fmt: skip
                wanted -= take
        if wanted:
            order_lines.append(
                {"orderLineId": line["order_line_id"], "quantity": wanted, "replace": replace}
            )
    return {
        "fulfillmentLines": fulfillment_lines,
        "orderLines": order_lines,
        "refund": False,
        "reason": reason,
    }


def _amount(money: Any) -> Decimal:
    if not isinstance(money, dict) or money.get("amount") is None:
        return Decimal(0)
    return Decimal(str(money["amount"]))
