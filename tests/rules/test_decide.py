"""The rules' pure decisions at their edges: below, equal and above, in several currencies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from saleor_foresight.rules.decide import (
    Rules,
    instant_refund_allowed,
    needs_signature,
    needs_tracking,
    tidy,
)

D = Decimal
EDGES = [("EUR", D("100.00")), ("USD", D("750.00")), ("JPY", D("10000"))]
NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


def step(currency: str) -> Decimal:
    return D("1") if currency == "JPY" else D("0.01")


@pytest.mark.parametrize(("currency", "threshold"), EDGES)
def test_tracking_is_needed_strictly_above_the_threshold(currency: str, threshold: Decimal) -> None:
    rules = Rules("c", currency, tracked_shipping_above=threshold)

    assert not needs_tracking(threshold - step(currency), rules)
    assert not needs_tracking(threshold, rules)
    assert needs_tracking(threshold + step(currency), rules)


@pytest.mark.parametrize(("currency", "threshold"), EDGES)
def test_signature_is_needed_strictly_above_the_threshold(
    currency: str, threshold: Decimal
) -> None:
    rules = Rules("c", currency, signature_above=threshold)

    assert not needs_signature(threshold - step(currency), rules)
    assert not needs_signature(threshold, rules)
    assert needs_signature(threshold + step(currency), rules)


@pytest.mark.parametrize(("currency", "threshold"), EDGES)
def test_instant_refund_strictly_below_and_only_after_the_expected_delivery(
    currency: str, threshold: Decimal
) -> None:
    rules = Rules("c", currency, instant_refund_below=threshold)
    delivered = NOW - timedelta(hours=1)

    assert instant_refund_allowed(threshold - step(currency), rules, NOW, delivered)
    assert not instant_refund_allowed(threshold, rules, NOW, delivered)
    assert not instant_refund_allowed(threshold + step(currency), rules, NOW, delivered)
    # not before the expected delivery, nor at it, nor when it is unknown
    small = threshold - step(currency)
    assert not instant_refund_allowed(small, rules, NOW, NOW + timedelta(hours=1))
    assert not instant_refund_allowed(small, rules, NOW, NOW)
    assert not instant_refund_allowed(small, rules, NOW, None)


def test_an_empty_threshold_is_no_rule_and_signature_defaults_to_750() -> None:
    rules = Rules("c", "USD")

    assert not needs_tracking(D("1000000"), rules)
    assert not instant_refund_allowed(D("0"), rules, NOW, NOW - timedelta(days=1))
    assert not needs_signature(D("750"), rules)
    assert needs_signature(D("750.01"), rules)


def test_amounts_are_shown_as_people_write_them() -> None:
    assert [str(tidy(D(v))) for v in ("150.0000", "200.0", "19.9", "19.99", "0.005", "0")] == [
        "150", "200", "19.90", "19.99", "0.005", "0",
    ]  # fmt: skip
