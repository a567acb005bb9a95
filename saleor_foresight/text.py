"""Free text as Foresight keeps it: one rule for every message, note, name and reason.

* ``unfit``: text that cannot be kept at all — a lone surrogate (not Unicode: it cannot be
  encoded, hashed or stored) or a control character other than line feed, tab and carriage
  return (NUL among them, which PostgreSQL refuses in text). The GraphQL edge refuses any
  string input holding one (``graphql/text_input.py``), whatever the field.
* ``is_blank``: text with nothing to read — empty once whitespace and invisible format
  characters (zero-width space, joiners, word joiner, byte order mark, bidi controls: the
  Unicode category Cf) are taken out. A field that must be written treats it as empty.
* ``clean``: both, for a domain cleaner: the text with outer whitespace stripped, ``""``
  when blank, ``UnfitText`` when unfit.
* ``item_name``: how an order or checkout line is named to people, from Saleor's product and
  variant names.
"""

from __future__ import annotations

import unicodedata

KEPT_CONTROLS = frozenset("\n\t\r")


class UnfitText(ValueError):
    """Text holding a character Foresight does not keep; the message says which."""


def unfit(value: str) -> str | None:
    """Why ``value`` cannot be kept, or None when it can."""
    for position, character in enumerate(value):
        category = unicodedata.category(character)
        if category == "Cs":
            return f"holds a lone surrogate (U+{ord(character):04X}), which is not Unicode text"
        if category == "Cc" and character not in KEPT_CONTROLS:
            name = "NUL" if character == "\0" else "a control character"
            return f"holds {name} (U+{ord(character):04X}) at position {position}"
    return None


def is_blank(value: str | None) -> bool:
    """Whether nothing readable is left without whitespace and invisible format characters."""
    return all(
        character.isspace() or unicodedata.category(character) == "Cf" for character in value or ""
    )


def clean(value: str | None) -> str:
    """``value`` with outer whitespace stripped; ``""`` when blank; ``UnfitText`` when unfit."""
    text = value or ""
    reason = unfit(text)
    if reason is not None:
        raise UnfitText(f"The text {reason}.")
    return "" if is_blank(text) else text.strip()


def item_name(product_name: str, variant_name: str | None) -> str:
    """``Silk scarf (Red)``; the product's name alone when the variant has no name of its own
    (Saleor often names a product's only variant after the product, or leaves it empty)."""
    product, variant = product_name.strip(), (variant_name or "").strip()
    if is_blank(variant) or variant.casefold() == product.casefold():
        return product
    if is_blank(product):
        return variant
    return f"{product} ({variant})"
