"""Record a buyer's acceptance of the disclosures that apply to their checkout.

A buyer accepts exactly what applies now: every REQUIRED disclosure and any of the others.
A version that does not apply now (superseded, deactivated, not for this cart) or a missing
required one is ``StaleDisclosures`` with the fresh list; so is a cart whose fingerprint is
not the one the buyer was shown, when the caller passes it.

Records are append-only and chained per installation (``CHAIN``, a ``ledger.chain.Chain``):
record ``n`` holds ``prev_hash``, the ``record_hash`` of record ``n - 1`` (64 zeros for the
first). Writers first lock the installation's ``acceptance_chain`` row (the chain head),
read its sequence and hash under that lock, append, and move the head; how, and why a lock,
is in ``ledger.chain``.

Idempotency: the same checkout, the same set of versions and the same cart fingerprint give
the same ``idempotency_key``; a retried call returns the record already made (looked up
again under the lock, so two concurrent retries make one record).

Record hash: SHA-256 over the canonical JSON of ``canonical.record_document`` of
``record_fields``: the record's id, installation_id, sequence, prev_hash, checkout_id,
channel, country, customer_user_id, email, ip, user_agent, language, accepted_at (UTC,
``YYYY-MM-DDTHH:MM:SS.ffffffZ``), cart_fingerprint, idempotency_key and its items in
position order, each with position, version_id, translation_id, language, content_hash,
title, consent_label, required and line_ids. Ids are lowercase hyphenated UUID strings.
``order_id`` and ``bound_at`` are set later, when the order is bound, and are not hashed.
An evidence pack carries ``record_fields`` as they are, so anyone can recompute the hash.
"""

from __future__ import annotations

import ipaddress
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import ORMOption

from ..db import utcnow
from ..ledger import canonical
from ..ledger.chain import Chain
from ..text import is_blank
from .content import normalise_language
from .disclosure import Disclosure, disclosures_for
from .errors import PolicyNotFound, StaleDisclosures, invalid
from .models import Acceptance, AcceptanceChain, AcceptanceItem, PolicyVersion
from .targeting import CheckoutFacts, cart_fingerprint

# the installation's acceptance chain: a record's hash is over its fields and its items
CHAIN = Chain(
    Acceptance,
    AcceptanceChain,
    lambda acceptance: canonical.record_document(record_fields(acceptance)),
    load=(selectinload(Acceptance.items),),
)

USER_AGENT_MAX = 1024  # longer user agents are cut to this length
EMAIL_MAX = 320
IP_MAX = 45


@dataclass(frozen=True)
class Who:
    """Who accepted: a customer (user id from a verified access token) or a checkout email."""

    customer_user_id: str | None
    email: str | None
    ip: str | None
    user_agent: str | None


async def accept(
    session: AsyncSession,
    installation_id: uuid.UUID,
    facts: CheckoutFacts,
    version_ids: Sequence[uuid.UUID],
    who: Who,
    language: str | None = None,
    *,
    shown_fingerprint: str | None = None,
) -> Acceptance:
    """Record that ``who`` accepted ``version_ids`` for this checkout; items are loaded."""
    accepted = _accepted_ids(version_ids)
    who = _clean_who(who)
    fingerprint = cart_fingerprint(facts)
    key = canonical.sha256_hex(
        {
            "checkout_id": facts.checkout_id,
            "version_ids": sorted(str(v) for v in accepted),
            "cart_fingerprint": fingerprint,
        }
    )
    disclosures = await disclosures_for(session, installation_id, facts, language)
    if shown_fingerprint is not None and shown_fingerprint != fingerprint:
        raise StaleDisclosures("the cart changed since the disclosures were shown", disclosures)
    # a retry of a call that succeeded returns its record, even if a version moved on since
    existing = await _by_key(session, installation_id, key)
    if existing is not None:
        return existing
    applicable = {d.version_id for d in disclosures}
    required = {d.version_id for d in disclosures if d.required}
    if not accepted <= applicable:
        raise StaleDisclosures("some versions do not apply to this checkout now", disclosures)
    if not required <= accepted:
        raise StaleDisclosures("a required disclosure was not accepted", disclosures)

    head = await CHAIN.lock(session, installation_id)
    existing = await _by_key(session, installation_id, key)
    if existing is not None:
        return existing

    acceptance = Acceptance(
        id=uuid.uuid4(),
        installation_id=installation_id,
        checkout_id=facts.checkout_id,
        channel=facts.channel,
        country=facts.country,
        customer_user_id=who.customer_user_id,
        email=who.email,
        ip=who.ip,
        user_agent=who.user_agent,
        language=normalise_language(language or facts.language or ""),
        accepted_at=utcnow(),
        cart_fingerprint=fingerprint,
        idempotency_key=key,
    )
    acceptance.items = [
        AcceptanceItem(
            installation_id=installation_id,
            position=position,
            version_id=d.version_id,
            translation_id=d.translation_id,
            language=d.language,
            content_hash=d.content_hash,
            title=d.title,
            consent_label=d.consent_label,
            required=d.required,
            line_ids=list(d.line_ids),
        )
        for position, d in enumerate(d for d in disclosures if d.version_id in accepted)
    ]
    return await CHAIN.append(session, head, acceptance)


async def standing(
    session: AsyncSession,
    installation_id: uuid.UUID,
    facts: CheckoutFacts,
    disclosures: Sequence[Disclosure],
) -> Acceptance | None:
    """The checkout's latest acceptance that still holds (its items loaded): made for this
    cart (the same fingerprint), of versions that all still apply, with every required one.
    A buyer who reloads the checkout page sees it accepted, not asked again."""
    latest = await session.scalar(
        select(Acceptance)
        .where(
            Acceptance.installation_id == installation_id,
            Acceptance.checkout_id == facts.checkout_id,
        )
        .order_by(Acceptance.sequence.desc())
        .limit(1)
        .options(selectinload(Acceptance.items))
    )
    if latest is None or latest.cart_fingerprint != cart_fingerprint(facts):
        return None
    accepted = {item.version_id for item in latest.items}
    applicable = {d.version_id for d in disclosures}
    required = {d.version_id for d in disclosures if d.required}
    return latest if required <= accepted <= applicable else None


async def load(
    session: AsyncSession, installation_id: uuid.UUID, acceptance_id: uuid.UUID
) -> Acceptance:
    """One acceptance with everything ``with_full_text`` loads; NOT_FOUND if not ours."""
    acceptance = await session.scalar(
        select(Acceptance)
        .where(Acceptance.id == acceptance_id, Acceptance.installation_id == installation_id)
        .options(*with_full_text())
    )
    if acceptance is None:
        raise PolicyNotFound(f"no acceptance {acceptance_id}", "acceptance_id")
    return acceptance


def with_full_text() -> tuple[ORMOption, ...]:
    """Loader options for acceptances read back: five queries after the acceptances' own.

    ``items``; each item's ``translation`` (the text shown) and ``version`` with its
    ``policy`` and all its ``translations`` (the full text in every language).
    """
    items = selectinload(Acceptance.items)
    version = items.selectinload(AcceptanceItem.version)
    return (
        items.selectinload(AcceptanceItem.translation),
        version.selectinload(PolicyVersion.translations),
        version.selectinload(PolicyVersion.policy),
    )


def reference(acceptance: Acceptance) -> dict[str, Any]:
    """What the API writes into the checkout's private metadata (items must be loaded)."""
    return {
        "id": str(acceptance.id),
        "hash": acceptance.record_hash,
        "versions": [str(item.version_id) for item in acceptance.items],
    }


def record_fields(acceptance: Acceptance) -> dict[str, Any]:
    """The record's hashed fields, as plain JSON values (see the module docstring)."""
    return {
        "id": str(acceptance.id),
        "installation_id": str(acceptance.installation_id),
        "sequence": acceptance.sequence,
        "prev_hash": acceptance.prev_hash,
        "checkout_id": acceptance.checkout_id,
        "channel": acceptance.channel,
        "country": acceptance.country,
        "customer_user_id": acceptance.customer_user_id,
        "email": acceptance.email,
        "ip": acceptance.ip,
        "user_agent": acceptance.user_agent,
        "language": acceptance.language,
        "accepted_at": canonical.utc_micro(acceptance.accepted_at),
        "cart_fingerprint": acceptance.cart_fingerprint,
        "idempotency_key": acceptance.idempotency_key,
        "items": [
            item_fields(item) for item in sorted(acceptance.items, key=lambda item: item.position)
        ],
    }


def item_fields(item: AcceptanceItem) -> dict[str, Any]:
    """An item's hashed fields, as plain JSON values."""
    return {
        "position": item.position,
        "version_id": str(item.version_id),
        "translation_id": str(item.translation_id),
        "language": item.language,
        "content_hash": item.content_hash,
        "title": item.title,
        "consent_label": item.consent_label,
        "required": item.required,
        "line_ids": list(item.line_ids),
    }


def record_hash(acceptance: Acceptance) -> str:
    return CHAIN.hash(acceptance)


async def _by_key(session: AsyncSession, installation_id: uuid.UUID, key: str) -> Acceptance | None:
    return await session.scalar(
        select(Acceptance)
        .where(Acceptance.installation_id == installation_id, Acceptance.idempotency_key == key)
        .options(selectinload(Acceptance.items))
    )


def _accepted_ids(version_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    if not version_ids:
        raise invalid("version_ids", "no versions were accepted")
    accepted = set(version_ids)
    if len(accepted) != len(version_ids):
        raise invalid("version_ids", "a version was given more than once")
    return accepted


def _clean_who(who: Who) -> Who:
    user_id = None if is_blank(who.customer_user_id) else (who.customer_user_id or "").strip()
    email = None if is_blank(who.email) else (who.email or "").strip()
    if user_id is None and email is None:
        raise invalid("email", "an acceptance needs a customer or an email")
    if user_id is not None and len(user_id) > 255:
        raise invalid("customer_user_id", "the customer id is over 255 characters")
    if email is not None and (len(email) > EMAIL_MAX or "@" not in email):
        raise invalid("email", "not an email address")
    ip = None
    if who.ip:
        try:
            ip = str(ipaddress.ip_address(who.ip.strip()))
        except ValueError:
            raise invalid("ip", f"{who.ip!r} is not an IP address") from None
        if len(ip) > IP_MAX:
            raise invalid("ip", "the IP address is over 45 characters")
    agent = who.user_agent
    if agent is not None:
        agent = "".join(c for c in agent if unicodedata.category(c) != "Cc")[:USER_AGENT_MAX]
    return Who(customer_user_id=user_id, email=email, ip=ip, user_agent=agent or None)
