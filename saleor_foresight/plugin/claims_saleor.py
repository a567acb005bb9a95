"""Saleor as a claim resolution sees it: ``claims.saleor_port.ClaimsSaleor`` over our client.

Reads: ``OrderForClaimResolution`` (payments, granted refunds with their ``REFUND_REQUEST``
events, shipped lines) and ``OrderReturnsForClaim`` (the returns and replacements already
made, each fulfillment keeping the ``reason`` it was made with: 3.23). Writes:
``orderFulfillmentReturnProducts``, ``orderGrantRefundCreate`` and
``transactionRequestRefundForGrantedRefund``, each sent once by the client (none is
idempotent). Every operation needs MANAGE_ORDERS; the refund request needs HANDLE_PAYMENTS.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..claims.saleor_port import (
    Grant,
    GrantMade,
    GrantStatus,
    Payment,
    ReturnMade,
    SaleorOrder,
    ShippedLine,
)
from ..errors import SaleorMutationError
from .saleor_client import SaleorClient
from .saleor_types import money_amount

OPERATION = "OrderForClaimResolution"
RETURNS_OPERATION = "OrderReturnsForClaim"
SHIPPED = "FULFILLED"
REFUND_REQUEST = "REFUND_REQUEST"
REPLACED = "REPLACED"
RETURNED = frozenset({"RETURNED", "REFUNDED_AND_RETURNED"})
REPLACEMENT_CREATED = "ORDER_REPLACEMENT_CREATED"
# Saleor's refusal of a refund request made before (by an earlier run, or in the Dashboard)
ASKED_ALREADY = frozenset({"REFUND_IS_PENDING", "REFUND_ALREADY_PROCESSED"})


class ClaimsSaleorClient:
    def __init__(self, client: SaleorClient) -> None:
        self._client = client

    async def order(self, order_id: str) -> SaleorOrder | None:
        data = await self._client.execute(OPERATION, {"id": order_id})
        order = data.get("order")
        return _order(order) if isinstance(order, dict) else None

    async def return_made(self, order_id: str, tag: str, *, replace: bool) -> ReturnMade | None:
        """A replacement's draft order is the ``relatedOrder`` of the ORDER_REPLACEMENT_CREATED
        event Saleor writes with each REPLACED fulfillment, so the n-th of those fulfillments
        goes with the n-th of those events (neither is ever removed)."""
        data = await self._client.execute(RETURNS_OPERATION, {"id": order_id})
        order = data.get("order")
        if not isinstance(order, dict):
            return None
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

    async def return_products(
        self, order: SaleorOrder, lines: Sequence[Mapping[str, Any]], *, replace: bool, reason: str
    ) -> ReturnMade:
        spec = return_input(order, lines, replace=replace, reason=reason)
        answer = await self._client.order_fulfillment_return_products(order.id, spec)
        fulfillment = answer.replace_fulfillment_id if replace else answer.return_fulfillment_id
        draft = answer.replace_order
        return ReturnMade(
            fulfillment or "-",
            draft.id if draft is not None else None,
            draft.number if draft is not None else None,
        )

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
        grant = await self._client.order_grant_refund_create(
            order_id,
            transaction_id=transaction_id,
            amount=amount,
            lines=lines,
            reason=reason,
            include_shipping=include_shipping,
        )
        return GrantMade(grant.id, grant.amount)

    async def request_refund(self, granted_refund_id: str, transaction_id: str) -> None:
        try:
            await self._client.transaction_request_refund_for_granted_refund(
                granted_refund_id, transaction_id
            )
        except SaleorMutationError as refused:
            if not {e.code for e in refused.errors} & ASKED_ALREADY:
                raise


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


def _order(order: Mapping[str, Any]) -> SaleorOrder:
    grants = [
        Grant(
            id=str(g["id"]),
            status=_grant_status(g.get("status")),
            reason=str(g.get("reason") or ""),
            amount=money_amount(g.get("amount")),
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
            charged=money_amount(t.get("chargedAmount")),
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


def _grant_status(status: Any) -> GrantStatus:
    """Saleor's ``OrderGrantedRefundStatusEnum``; one we do not know yet is still pending."""
    try:
        return GrantStatus(str(status or "NONE"))
    except ValueError:
        return GrantStatus.PENDING
