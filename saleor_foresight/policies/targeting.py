"""Which checkouts and which of their lines a policy covers.

A ``Targeting`` has two gate dimensions and five line dimensions. Within a dimension the
listed values are alternatives (OR); across dimensions every non-empty one must hold (AND);
an empty dimension does not restrict.

- Gates, decided for the whole checkout: ``channels`` (the checkout's channel slug is
  listed) and ``countries`` (the shipping country, ISO 3166 alpha-2, is listed). While the
  country is unknown (no shipping address yet) a policy that lists countries does not apply.
- Line dimensions, decided per line: ``products``, ``product_types``, ``categories``,
  ``collections`` (the line's product is in one of them) and ``attributes``: a rule
  ``(slug, values)`` holds when the line's variant or product has attribute ``slug`` with at
  least one value, and, when ``values`` is not empty, one of those values (value slugs).

A policy covers the lines that pass every line dimension (every line, when it has none), and
applies to a checkout when the gates pass and it covers at least one line. An empty
``Targeting`` (``{}`` in JSON) applies to every checkout with lines. At most
``MAX_ENTRIES`` values in all; ids and slugs are non-empty strings of up to 255 characters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from ..ledger.canonical import sha256_hex
from ..orders.models import Order
from ..text import item_name
from .errors import invalid

MAX_ENTRIES = 1000
MAX_VALUE_LENGTH = 255
_COUNTRY = re.compile(r"[A-Z]{2}")
_SETS = ("channels", "countries", "product_types", "categories", "collections", "products")


@dataclass(frozen=True)
class AttributeRule:
    """ "The variant has attribute ``attribute``" (any value) or with one of ``values``."""

    attribute: str
    values: frozenset[str] = frozenset()

    def holds(self, attributes: Mapping[str, frozenset[str]]) -> bool:
        held = attributes.get(self.attribute)
        if not held:
            return False
        return not self.values or not held.isdisjoint(self.values)


@dataclass(frozen=True)
class LineFacts:
    line_id: str
    product_id: str | None = None
    product_type_id: str | None = None
    category_id: str | None = None
    collection_ids: frozenset[str] = frozenset()
    # attribute slug -> value slugs, the variant's and the product's together
    attributes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # as people read it (``text.item_name``): shown, never targeted, compared or fingerprinted
    name: str = field(default="", compare=False)


@dataclass(frozen=True)
class CheckoutFacts:
    """What targeting needs about a checkout (or an order), read from Saleor, not the buyer."""

    checkout_id: str
    channel: str
    country: str | None = None
    language: str | None = None
    lines: tuple[LineFacts, ...] = ()


@dataclass(frozen=True)
class Targeting:
    channels: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    product_types: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    collections: frozenset[str] = frozenset()
    products: frozenset[str] = frozenset()
    attributes: tuple[AttributeRule, ...] = ()

    def __post_init__(self) -> None:
        for name in _SETS:
            for value in getattr(self, name):
                _check_value(name, value)
        for country in self.countries:
            if not _COUNTRY.fullmatch(country):
                raise invalid("countries", f"{country!r} is not an ISO 3166 alpha-2 code")
        # rules for one attribute merge; a rule for any value swallows those for given values
        any_value: set[str] = set()
        given: dict[str, frozenset[str]] = {}
        for rule in self.attributes:
            for value in (rule.attribute, *rule.values):
                _check_value("attributes", value)
            if rule.values:
                given[rule.attribute] = given.get(rule.attribute, frozenset()) | rule.values
            else:
                any_value.add(rule.attribute)
        rules = tuple(
            AttributeRule(slug, frozenset() if slug in any_value else given[slug])
            for slug in sorted(any_value | set(given))
        )
        object.__setattr__(self, "attributes", rules)
        entries = sum(len(getattr(self, n)) for n in _SETS)
        entries += sum(1 + len(r.values) for r in rules)
        if entries > MAX_ENTRIES:
            raise invalid("targeting", f"targeting lists over {MAX_ENTRIES} values")

    @property
    def has_line_rules(self) -> bool:
        return bool(
            self.product_types
            or self.categories
            or self.collections
            or self.products
            or self.attributes
        )

    def admits(self, facts: CheckoutFacts) -> bool:
        """The gates: channel and shipping country."""
        if self.channels and facts.channel not in self.channels:
            return False
        return not self.countries or (facts.country is not None and facts.country in self.countries)

    def covers(self, line: LineFacts) -> bool:
        return (
            (not self.products or line.product_id in self.products)
            and (not self.product_types or line.product_type_id in self.product_types)
            and (not self.categories or line.category_id in self.categories)
            and (not self.collections or not self.collections.isdisjoint(line.collection_ids))
            and (not self.attributes or any(r.holds(line.attributes) for r in self.attributes))
        )

    def covered_lines(self, facts: CheckoutFacts) -> tuple[str, ...]:
        """The ids of the lines covered, in the checkout's order; () when the gates fail."""
        if not self.admits(facts):
            return ()
        return tuple(line.line_id for line in facts.lines if self.covers(line))

    def to_json(self) -> dict[str, Any]:
        """Sorted lists, non-empty dimensions only: ``{}`` targets everything."""
        data: dict[str, Any] = {n: sorted(getattr(self, n)) for n in _SETS if getattr(self, n)}
        if self.attributes:
            data["attributes"] = [
                {"attribute": r.attribute, "values": sorted(r.values)} for r in self.attributes
            ]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Targeting:
        """Read (and check) what ``to_json`` wrote; country codes are upper-cased."""
        data = data or {}
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise invalid("targeting", f"unknown targeting keys: {', '.join(sorted(unknown))}")
        sets = {n: frozenset(_strings(n, data.get(n) or [])) for n in _SETS}
        sets["countries"] = frozenset(c.upper() for c in sets["countries"])
        rules = []
        for rule in data.get("attributes") or []:
            if not isinstance(rule, Mapping) or not isinstance(rule.get("attribute"), str):
                raise invalid("attributes", "an attribute rule needs an attribute slug")
            values = frozenset(_strings("attributes", rule.get("values") or []))
            rules.append(AttributeRule(rule["attribute"].strip(), values))
        return cls(attributes=tuple(rules), **sets)


def facts_from_order(order: Order, language: str | None = None) -> CheckoutFacts:
    """The order record seen as targeting facts (``order.lines`` must be loaded)."""
    lines = []
    for line in order.lines:
        attributes: dict[str, frozenset[str]] = {}
        for entry in line.attributes or []:
            slug = entry.get("attribute")
            if isinstance(slug, str):
                attributes[slug] = attributes.get(slug, frozenset()) | frozenset(
                    v for v in entry.get("values") or [] if isinstance(v, str)
                )
        lines.append(
            LineFacts(
                line_id=line.saleor_id,
                product_id=line.product_id,
                product_type_id=line.product_type_id,
                category_id=line.category_id,
                collection_ids=frozenset(line.collection_ids or []),
                attributes=attributes,
                name=item_name(line.product_name, line.variant_name),
            )
        )
    return CheckoutFacts(
        checkout_id=order.saleor_id,
        channel=order.channel_slug,
        country=order.shipping_country,
        language=language,
        lines=tuple(lines),
    )


def cart_fingerprint(facts: CheckoutFacts) -> str:
    """SHA-256 of the canonical JSON of what targeting reads from the cart (not its id)."""
    return sha256_hex(
        {
            "channel": facts.channel,
            "country": facts.country,
            "lines": [
                {
                    "line_id": line.line_id,
                    "product_id": line.product_id,
                    "product_type_id": line.product_type_id,
                    "category_id": line.category_id,
                    "collection_ids": sorted(line.collection_ids),
                    "attributes": {k: sorted(v) for k, v in sorted(line.attributes.items())},
                }
                for line in sorted(facts.lines, key=lambda line: line.line_id)
            ],
        }
    )


def _strings(name: str, values: Any) -> list[str]:
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise invalid(name, f"{name} must be a list of strings")
    return [v.strip() for v in values]


def _check_value(name: str, value: str) -> None:
    if not isinstance(value, str) or not value or value != value.strip():
        raise invalid(name, f"{name}: {value!r} is not a valid id or slug")
    if len(value) > MAX_VALUE_LENGTH:
        raise invalid(name, f"{name}: a value is over {MAX_VALUE_LENGTH} characters")
