"""Amounts in text: each currency with its own ISO 4217 decimals, the code after the amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from saleor_foresight.claims.models import ClaimResolution, ResolutionKind
from saleor_foresight.claims.resolution import describe
from saleor_foresight.money import format_money, minor_units
from saleor_foresight.rules.decide import Rules
from saleor_foresight.rules.fulfillment import DispatchWarning, note

D = Decimal


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (D("7.5"), "USD", "7.50 USD"),
        (D("7.5000"), "USD", "7.50 USD"),  # as stored: four decimals
        (D("150.0000"), "EUR", "150.00 EUR"),
        (D("1500"), "JPY", "1500 JPY"),
        (D("1500.0000"), "JPY", "1500 JPY"),
        (D("1.25"), "KWD", "1.250 KWD"),
        (D("0.1000"), "BHD", "0.100 BHD"),
        (D("12"), "CLF", "12.0000 CLF"),
        (D("7.5"), "usd", "7.50 USD"),
        (D("7.5"), None, "7.50"),
        # a finer fraction than the currency has is kept, not rounded away
        (D("0.0050"), "USD", "0.005 USD"),
        (D("1500.5000"), "JPY", "1500.5 JPY"),
        (D("1E+3"), "USD", "1000.00 USD"),
    ],
)
def test_amounts_have_their_currency_s_decimals(
    amount: Decimal, currency: str | None, text: str
) -> None:
    assert format_money(amount, currency) == text


def test_an_unknown_currency_has_two_decimals() -> None:
    assert minor_units("XYZ") == 2 and minor_units("") == 2 and minor_units("JPY") == 0


def test_a_partial_refund_reads_as_the_currency_writes_it() -> None:
    usd, yen = (
        ClaimResolution(kind=ResolutionKind.PARTIAL_REFUND, amount=D(a), currency=c, lines=[])
        for a, c in (("7.5000", "USD"), ("1500.0000", "JPY"))
    )

    assert describe(usd, {}) == "partial refund of 7.50 USD"
    assert describe(yen, {}) == "partial refund of 1500 JPY"


def test_the_tracked_shipping_note_sent_to_saleor_uses_the_currency_s_decimals() -> None:
    rules = Rules("c", "USD", tracked_shipping_above=D("150.0000"), signature_above=D("750"))

    text = note(D("907.5000"), "USD", rules, [DispatchWarning.NO_TRACKING])

    assert "(907.50 USD)" in text and "threshold (150.00 USD)" in text
    assert "above 750.00 USD: ship with a signature" in text
