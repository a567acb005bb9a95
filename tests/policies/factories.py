"""Builders for policies, checkouts and orders the policies tests need."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.orders import record
from saleor_foresight.orders.models import Order
from saleor_foresight.policies import service
from saleor_foresight.policies.acceptance import Who
from saleor_foresight.policies.content import TranslationInput
from saleor_foresight.policies.models import KINDS_WITH_RETURN_WINDOW, Policy, PolicyKind
from saleor_foresight.policies.targeting import CheckoutFacts, LineFacts, Targeting
from tests.factories import at

CHECKOUT_ID = "Q2hlY2tvdXQ6MQ=="
BUYER = Who(
    customer_user_id=None,
    email="buyer@example.com",
    ip="203.0.113.7",
    user_agent="Mozilla/5.0 (X11; Linux x86_64)",
)


def text(
    language: str = "EN", title: str | None = None, body: str | None = None
) -> TranslationInput:
    return TranslationInput(
        language=language,
        title=title or f"Returns ({language})",
        body_markdown=body or f"You may return **unused** items ({language}).",
        consent_label=f"I accept the return terms ({language})",
    )


async def make_policy(
    session: AsyncSession,
    installation_id: uuid.UUID,
    *,
    kind: PolicyKind = PolicyKind.RETURN_TERMS,
    name: str = "Returns",
    targeting: Targeting | None = None,
    requires_acceptance: bool = True,
    languages: tuple[str, ...] = ("EN",),
    fallback_language: str = "EN",
    published: bool = True,
    body: str | None = None,
) -> Policy:
    """A policy with one version: published unless ``published=False`` (then a draft)."""
    policy = await service.create_policy(
        session,
        installation_id,
        kind=kind,
        name=name,
        requires_acceptance=requires_acceptance,
        fallback_language=fallback_language,
        targeting=targeting,
    )
    await service.save_draft(
        session,
        installation_id,
        policy.id,
        [text(code, body=body) for code in languages],
        return_window_days=30 if kind in KINDS_WITH_RETURN_WINDOW else None,
        staff_user_id="VXNlcjox",
    )
    if published:
        await service.publish(session, installation_id, policy.id, staff_user_id="VXNlcjox")
    return policy


async def republish(
    session: AsyncSession,
    installation_id: uuid.UUID,
    policy: Policy,
    body: str,
    languages: tuple[str, ...] = ("EN",),
) -> uuid.UUID:
    """Publish a new version of ``policy`` with another body; the new version's id."""
    await service.save_draft(
        session,
        installation_id,
        policy.id,
        [text(code, body=body) for code in languages],
        return_window_days=30 if policy.kind in KINDS_WITH_RETURN_WINDOW else None,
    )
    return (await service.publish(session, installation_id, policy.id)).id


def line(
    line_id: str = "L1",
    *,
    product: str = "P1",
    product_type: str = "PT1",
    category: str = "C1",
    collections: tuple[str, ...] = (),
    attributes: Mapping[str, tuple[str, ...]] | None = None,
) -> LineFacts:
    return LineFacts(
        line_id=line_id,
        product_id=product,
        product_type_id=product_type,
        category_id=category,
        collection_ids=frozenset(collections),
        attributes={k: frozenset(v) for k, v in (attributes or {}).items()},
    )


def checkout(
    *lines: LineFacts,
    channel: str = "default-channel",
    country: str | None = "DE",
    language: str | None = "EN",
    checkout_id: str = CHECKOUT_ID,
) -> CheckoutFacts:
    return CheckoutFacts(
        checkout_id=checkout_id,
        channel=channel,
        country=country,
        language=language,
        lines=lines or (line(),),
    )


async def make_order(
    session: AsyncSession,
    installation_id: uuid.UUID,
    *lines: record.LineSnapshot,
    saleor_id: str = "T3JkZXI6MQ==",
    country: str | None = "DE",
) -> Order:
    snapshot = record.OrderSnapshot(
        saleor_id=saleor_id,
        number="25",
        channel_slug="default-channel",
        status="UNCONFIRMED",
        created_at=at(0),
        user_email="buyer@example.com",
        shipping_country=country,
        lines=lines or (order_line(),),
    )
    return await record.apply_snapshot(session, installation_id, snapshot, at(0))


def order_line(
    saleor_id: str = "T3JkZXJMaW5lOjE=",
    *,
    product: str = "P1",
    colour: str | None = "red",
) -> record.LineSnapshot:
    attributes = (
        (record.AttributeSnapshot("colour", (colour,), (colour.title(),)),) if colour else ()
    )
    return record.LineSnapshot(
        saleor_id=saleor_id,
        product_name="LED torch",
        variant_name="Red",
        sku="TORCH",
        quantity=1,
        product_id=product,
        product_type_id="PT1",
        category_id="C1",
        attributes=attributes,
    )


@contextmanager
def counting_queries(sessionmaker: async_sessionmaker[AsyncSession]) -> Iterator[list[str]]:
    """The SQL statements sent while the block runs."""
    engine = sessionmaker.kw["bind"].sync_engine
    statements: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)
