"""Pure decisions from a channel's rules. Amounts are compared in the rules' currency; the
caller compares only an order total in that same currency. A rule left empty never applies.

* tracked shipping: the order total is strictly above ``tracked_shipping_above``;
* signature on delivery: strictly above ``signature_above``;
* instant refund: strictly below ``instant_refund_below``, and only once the expected
  delivery date has passed (never while it is unknown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from .fallback import CheckoutFallback

# what PayPal and eBay ask for (750 USD), taken as is in the shop's currency
DEFAULT_SIGNATURE_ABOVE = Decimal(750)


@dataclass(frozen=True)
class Rules:
    channel: str
    currency: str | None
    instant_refund_below: Decimal | None = None
    tracked_shipping_above: Decimal | None = None
    signature_above: Decimal | None = DEFAULT_SIGNATURE_ABOVE
    checkout_fallback: CheckoutFallback = field(default_factory=CheckoutFallback)
    updated_at: datetime | None = None
    updated_by: str | None = None


def tidy(amount: Decimal) -> Decimal:
    """An amount as people write it: whole units without decimals, else cents (150.0000 is
    150, 19.9 is 19.90), and finer fractions kept as they are."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    cents = amount.quantize(Decimal("0.01"))
    return cents if cents == amount else amount.normalize()


def needs_tracking(order_total: Decimal, rules: Rules) -> bool:
    threshold = rules.tracked_shipping_above
    return threshold is not None and order_total > threshold


def needs_signature(order_total: Decimal, rules: Rules) -> bool:
    threshold = rules.signature_above
    return threshold is not None and order_total > threshold


def instant_refund_allowed(
    order_total: Decimal, rules: Rules, now: datetime, expected_delivery: datetime | None
) -> bool:
    threshold = rules.instant_refund_below
    if threshold is None or expected_delivery is None:
        return False
    return order_total < threshold and now > expected_delivery
