"""How Foresight names an order or checkout line to people (``text.item_name``)."""

from __future__ import annotations

import pytest

from saleor_foresight.text import item_name


@pytest.mark.parametrize(
    ("product", "variant", "shown"),
    [
        ("Silk scarf", "Red", "Silk scarf (Red)"),
        ("Silk scarf", "Silk scarf", "Silk scarf"),  # Saleor's default name for a sole variant
        ("Silk scarf", "silk SCARF ", "Silk scarf"),
        ("Silk scarf", "", "Silk scarf"),
        ("Silk scarf", None, "Silk scarf"),
        ("Silk scarf", "\u200b", "Silk scarf"),  # nothing readable
        ("", "Red / M", "Red / M"),
    ],
)
def test_a_line_is_named_once(product: str, variant: str | None, shown: str) -> None:
    assert item_name(product, variant) == shown
