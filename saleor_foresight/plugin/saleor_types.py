"""What ``SaleorClient`` answers: Saleor's payloads read into typed values.

Saleor's wire format (camelCase keys, money as ``{amount, currency}`` with a float amount,
absent objects as ``null``) stops here; callers get dataclasses with ``Decimal`` money. A
payload missing what the operation's document selects raises ``SaleorGraphQLError``, as any
other answer that is not what we asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import SaleorErrorDetail, SaleorGraphQLError

JSON = dict[str, Any]


@dataclass(frozen=True)
class SaleorWebhook:
    """One of the app's webhooks as Saleor holds it (``AppWebhooks``)."""

    id: str
    name: str
    is_active: bool
    target_url: str
    async_events: frozenset[str]
    sync_events: frozenset[str]
    subscription_query: str | None

    @classmethod
    def from_json(cls, webhook: JSON) -> SaleorWebhook:
        return cls(
            id=str(webhook["id"]),
            name=str(webhook.get("name") or ""),
            is_active=bool(webhook.get("isActive")),
            target_url=str(webhook.get("targetUrl") or ""),
            async_events=_event_types(webhook.get("asyncEvents")),
            sync_events=_event_types(webhook.get("syncEvents")),
            subscription_query=webhook.get("subscriptionQuery"),
        )


@dataclass(frozen=True)
class OrderEvent:
    id: str
    type: str
    message: str | None

    @classmethod
    def from_json(cls, event: JSON) -> OrderEvent:
        return cls(str(event.get("id") or ""), str(event.get("type") or ""), event.get("message"))


@dataclass(frozen=True)
class OrderHistory:
    """An order's status and its events (``OrderHistory``)."""

    id: str
    status: str
    events: tuple[OrderEvent, ...]

    @classmethod
    def from_json(cls, order: JSON) -> OrderHistory:
        events = tuple(OrderEvent.from_json(e) for e in order.get("events") or () if e)
        return cls(str(order["id"]), str(order.get("status") or ""), events)


@dataclass(frozen=True)
class OrderState:
    id: str
    status: str

    @classmethod
    def from_json(cls, order: JSON) -> OrderState:
        return cls(str(order["id"]), str(order.get("status") or ""))


@dataclass(frozen=True)
class GrantedRefund:
    """A refund granted on an order (``orderGrantRefundCreate``)."""

    id: str
    status: str  # NONE, PENDING, SUCCESS, FAILURE
    amount: Decimal
    currency: str | None
    transaction_id: str | None

    @classmethod
    def from_json(cls, grant: JSON) -> GrantedRefund:
        money = grant.get("amount") or {}
        return cls(
            id=str(grant["id"]),
            status=str(grant.get("status") or "NONE"),
            amount=money_amount(money),
            currency=money.get("currency"),
            transaction_id=(grant.get("transaction") or {}).get("id"),
        )


@dataclass(frozen=True)
class RefundRequested:
    """The transaction after a refund was asked of its payment app."""

    transaction_id: str
    pending: Decimal
    refunded: Decimal

    @classmethod
    def from_json(cls, transaction: JSON) -> RefundRequested:
        return cls(
            str(transaction["id"]),
            money_amount(transaction.get("refundPendingAmount")),
            money_amount(transaction.get("refundedAmount")),
        )


@dataclass(frozen=True)
class DraftOrder:
    id: str
    number: str | None
    status: str


@dataclass(frozen=True)
class ProductsReturned:
    """What ``orderFulfillmentReturnProducts`` made: the fulfillment of the returned lines
    (``RETURNED``), the one of the replaced lines (``REPLACED``) and the replacement's draft."""

    order_status: str
    return_fulfillment_id: str | None
    replace_fulfillment_id: str | None
    replace_order: DraftOrder | None

    @classmethod
    def from_json(cls, payload: JSON) -> ProductsReturned:
        draft = payload.get("replaceOrder")
        return cls(
            order_status=str((payload.get("order") or {}).get("status") or ""),
            return_fulfillment_id=(payload.get("returnFulfillment") or {}).get("id"),
            replace_fulfillment_id=(payload.get("replaceFulfillment") or {}).get("id"),
            replace_order=DraftOrder(
                str(draft["id"]),
                None if draft.get("number") is None else str(draft["number"]),
                str(draft.get("status") or ""),
            )
            if isinstance(draft, dict)
            else None,
        )


def money_amount(money: Any) -> Decimal:
    """``{amount, currency}`` -> its amount (0 when Saleor gave none)."""
    if not isinstance(money, dict) or money.get("amount") is None:
        return Decimal(0)
    return Decimal(str(money["amount"]))


def object_of(payload: JSON, operation_name: str, key: str) -> JSON:
    """``payload[key]``, which the operation selects: anything but an object is an error."""
    value = payload.get(key)
    if not isinstance(value, dict):
        raise SaleorGraphQLError(operation_name, [SaleorErrorDetail(f"no {key} in the payload")])
    return value


def _event_types(events: Any) -> frozenset[str]:
    """``[{eventType}]`` -> the set of event type names."""
    if not isinstance(events, list):
        return frozenset()
    return frozenset(
        str(e["eventType"]) for e in events if isinstance(e, dict) and "eventType" in e
    )


@dataclass(frozen=True)
class SaleorChannel:
    """One of the shop's channels (``ShopChannels``): a channel has one currency."""

    slug: str
    name: str
    currency: str
    is_active: bool

    @classmethod
    def from_json(cls, channel: Any) -> SaleorChannel:
        if not isinstance(channel, dict) or not all(
            isinstance(channel.get(key), str) for key in ("slug", "name", "currencyCode")
        ):
            raise SaleorGraphQLError("ShopChannels", [SaleorErrorDetail("a channel lacks a field")])
        return cls(
            slug=channel["slug"],
            name=channel["name"],
            currency=channel["currencyCode"],
            is_active=bool(channel.get("isActive")),
        )
