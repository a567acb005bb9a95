"""Which parcels the rules flag: strictly above ``trackedShippingAbove`` in the order's
currency, for a missing tracking number or an address changed since the order was placed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from saleor_foresight.orders.models import Order
from saleor_foresight.rules.decide import Rules
from saleor_foresight.rules.fulfillment import DispatchWarning, note, warnings_for

D = Decimal
EDGES = [
    ("EUR", D("150.00"), D("0.01")),
    ("USD", D("200.00"), D("0.01")),
    ("JPY", D("20000"), D(1)),
]
NO_TRACKING, MOVED = DispatchWarning.NO_TRACKING, DispatchWarning.ADDRESS_CHANGED


def order(
    total: Decimal | None, currency: str, placed: str | None = None, now: str | None = None
) -> Order:
    return Order(
        total_gross=total, currency=currency, placed_address_digest=placed,
        shipping_address_digest=now,
    )  # fmt: skip


@pytest.mark.parametrize(("currency", "threshold", "unit"), EDGES)
def test_flagged_strictly_above_the_threshold(
    currency: str, threshold: Decimal, unit: Decimal
) -> None:
    rules = Rules("c", currency, tracked_shipping_above=threshold)

    assert warnings_for(order(threshold - unit, currency), "", rules) == []
    assert warnings_for(order(threshold, currency), "", rules) == []
    assert warnings_for(order(threshold + unit, currency), "", rules) == [NO_TRACKING]
    assert warnings_for(order(threshold + unit, currency), "DHL-1", rules) == []
    assert warnings_for(order(threshold + unit, currency), "  ", rules) == [NO_TRACKING]


def test_an_address_changed_after_the_order_is_flagged_only_when_both_are_known() -> None:
    rules = Rules("c", "EUR", tracked_shipping_above=D(100))

    assert warnings_for(order(D(500), "EUR", "a", "b"), "DHL-1", rules) == [MOVED]
    assert warnings_for(order(D(500), "EUR", "a", "b"), "", rules) == [NO_TRACKING, MOVED]
    assert warnings_for(order(D(500), "EUR", "a", "a"), "DHL-1", rules) == []
    assert warnings_for(order(D(500), "EUR", None, "b"), "DHL-1", rules) == []
    assert warnings_for(order(D(500), "EUR", "a", None), "DHL-1", rules) == []


def test_no_rule_another_currency_or_no_total_flags_nothing() -> None:
    assert warnings_for(order(D(10**6), "EUR"), "", Rules("c", "EUR")) == []
    assert (
        warnings_for(order(D(500), "USD"), "", Rules("c", "EUR", tracked_shipping_above=D(1))) == []
    )
    assert (
        warnings_for(order(None, "EUR"), "", Rules("c", "EUR", tracked_shipping_above=D(1))) == []
    )


def test_the_note_asks_for_a_signature_only_above_signature_above() -> None:
    rules = Rules("c", "JPY", tracked_shipping_above=D(20000), signature_above=D(100000))

    below = note(D(100000), "JPY", rules, [NO_TRACKING])
    above = note(D(100001), "JPY", rules, [NO_TRACKING, MOVED])

    assert "signature" not in below and "no tracking number" in below
    assert "signature on delivery" in above and "placed with" in above and "100001 JPY" in above
