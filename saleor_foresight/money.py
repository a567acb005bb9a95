"""Amounts in text: the amount with its currency's own decimals, then the code ("7.50 USD").

Every text the server writes with money in it (notes sent to Saleor, the claim log's
accounts, evidence packs, error messages) goes through ``format_money``. Decimals are the
currency's ISO 4217 minor units: 2 for most, 0 for the currencies below (JPY, KRW, …), 3 for
BHD, IQD, JOD, KWD, LYD, OMR and TND, 4 for CLF and UYW. An amount with a finer fraction
than its currency has (Foresight stores four decimals) keeps its digits rather than being
rounded, so a text never says less or more than was stored. Machine-readable amounts
(``evidence.json``, the claim log's ``data``) stay decimal strings as stored.
"""

from __future__ import annotations

from decimal import Decimal

DEFAULT_MINOR_UNITS = 2
# ISO 4217 (the list of codes, current funds included), the currencies whose minor unit is
# not 2
MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(
        (
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "ISK",
            "JPY",
            "KMF",
            "KRW",
            "PYG",
            "RWF",
            "UGX",
            "UYI",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ),
        0,
    ),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
    **dict.fromkeys(("CLF", "UYW"), 4),
}


def minor_units(currency: str | None) -> int:
    """How many decimals ``currency`` is written with (2 when it is unknown)."""
    return MINOR_UNITS.get((currency or "").strip().upper(), DEFAULT_MINOR_UNITS)


def format_amount(amount: Decimal, currency: str | None) -> str:
    """``amount`` with ``currency``'s decimals: 7.5 USD is "7.50", 1500.0000 JPY "1500"."""
    exact = amount.quantize(Decimal(1).scaleb(-minor_units(currency)))
    value = exact if exact == amount else amount.normalize()
    return f"{value:f}"


def format_money(amount: Decimal, currency: str | None) -> str:
    """``amount`` and its currency as a text says them: "7.50 USD", "1500 JPY", "1.250 KWD"."""
    text = format_amount(amount, currency)
    return f"{text} {currency.strip().upper()}" if currency and currency.strip() else text
