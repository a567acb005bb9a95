"""A checkout as Saleor knows it — read with the app token, never taken from the browser.

``read_checkout`` answers from the checkout cache when it may (see ``checkout_cache``) and
otherwise asks Saleor once, remembering the answer; ``fresh=True`` always asks Saleor (what
accepting disclosures does). Either way the Saleor read is shared with the callers asking
about the same checkout meanwhile, and "no such checkout" is remembered briefly
(``shared_reads``). ``checkout_facts`` translates Saleor's answer into the facts policy
targeting reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..policies.targeting import CheckoutFacts, LineFacts
from ..settings import Settings
from ..text import item_name
from . import checkout_cache
from .models import Installation
from .saleor_client import SaleorClient
from .shared_reads import SharedReads
from .webhooks.parse import dig, parse_datetime


class CheckoutReading(Protocol):
    """What reading a checkout takes from the running app (``runtime.AppState``)."""

    @property
    def settings(self) -> Settings: ...
    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]: ...
    @property
    def checkout_reads(self) -> SharedReads[dict[str, Any]]: ...
    def client_of(self, installation: Installation) -> SaleorClient: ...


async def read_checkout(
    state: CheckoutReading, installation: Installation, checkout_id: str, *, fresh: bool = False
) -> dict[str, Any] | None:
    """Saleor's checkout, or None when this Saleor has no such checkout."""
    if not fresh:
        async with state.sessionmaker() as session:
            hit = await checkout_cache.cached(
                session,
                installation.id,
                checkout_id,
                timedelta(seconds=state.settings.checkout_cache_ttl),
            )
        if hit is not None:
            return hit

    async def ask_saleor() -> dict[str, Any] | None:
        checkout = await state.client_of(installation).checkout_for_disclosure(checkout_id)
        if checkout is not None:
            updated = checkout.get("updatedAt")
            await checkout_cache.remember(
                state.sessionmaker,
                installation.id,
                checkout,
                parse_datetime(updated) if updated else None,
            )
        return checkout

    return await state.checkout_reads.read((installation.id, checkout_id), ask_saleor)


def checkout_facts(checkout: Mapping[str, Any]) -> CheckoutFacts:
    """What targeting needs. The country is the shipping address's, else the billing one's
    (a checkout that ships nothing is judged by where it is billed)."""
    country = dig(checkout, "shippingAddress", "country", "code") or dig(
        checkout, "billingAddress", "country", "code"
    )
    return CheckoutFacts(
        checkout_id=str(checkout["id"]),
        channel=str(dig(checkout, "channel", "slug") or ""),
        country=country,
        language=checkout.get("languageCode"),
        lines=tuple(_line(line) for line in checkout.get("lines") or ()),
    )


def _line(line: Mapping[str, Any]) -> LineFacts:
    variant = line.get("variant") or {}
    product = variant.get("product") or {}
    assigned = (*(product.get("attributes") or ()), *(variant.get("attributes") or ()))
    return LineFacts(
        line_id=str(line["id"]),
        product_id=product.get("id"),
        product_type_id=dig(product, "productType", "id"),
        category_id=dig(product, "category", "id"),
        collection_ids=frozenset(c["id"] for c in product.get("collections") or ()),
        attributes=_attribute_map(
            (
                str(dig(a, "attribute", "slug") or ""),
                [str(v.get("slug")) for v in a.get("values") or () if v.get("slug")],
            )
            for a in assigned
        ),
        name=item_name(str(product.get("name") or ""), variant.get("name")),
    )


def _attribute_map(pairs: Iterable[tuple[str, Iterable[str]]]) -> dict[str, frozenset[str]]:
    merged: dict[str, frozenset[str]] = {}
    for slug, values in pairs:
        held = frozenset(values)
        if slug and held:
            merged[slug] = merged.get(slug, frozenset()) | held
    return merged
