"""Staff operations on policies. Each takes the caller's session, flushes, never commits.

A policy's flags (``requires_acceptance``, ``active``), name, position, fallback language and
targeting change in place and take effect at once. Its text changes only through versions:
``save_draft`` creates or replaces the one draft, ``publish`` freezes it, stamps its content
hash and makes it current; the version it replaces keeps its text and hash (acceptances
point at it) and gets ``superseded_at``. Writers lock the policy row (``FOR UPDATE`` on
PostgreSQL; SQLite serialises writers anyway), so two staff saving at once queue up.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from ..db import utcnow
from .content import TranslationInput, clean_name, clean_translation, content_hash
from .content import normalise_language as _language
from .disclosure import pick_translation
from .errors import PolicyError, PolicyErrorCode, PolicyNotFound, invalid
from .models import (
    KINDS_WITH_RETURN_WINDOW,
    Acceptance,
    AcceptanceItem,
    Policy,
    PolicyKind,
    PolicyTranslation,
    PolicyVersion,
    VersionStatus,
)
from .targeting import Targeting

MAX_RETURN_WINDOW_DAYS = 3650


async def create_policy(
    session: AsyncSession,
    installation_id: uuid.UUID,
    *,
    kind: PolicyKind | str,
    name: str,
    requires_acceptance: bool = True,
    active: bool = True,
    fallback_language: str = "EN",
    targeting: Targeting | None = None,
    position: int | None = None,
) -> Policy:
    """A policy with no version yet (it discloses nothing until a version is published)."""
    try:
        kind = PolicyKind(kind)
    except ValueError:
        raise invalid("kind", f"{kind!r} is not a policy kind") from None
    if position is None:
        highest = await session.scalar(
            select(func.max(Policy.position)).where(Policy.installation_id == installation_id)
        )
        position = 0 if highest is None else highest + 1
    policy = Policy(
        installation_id=installation_id,
        kind=kind,
        name=clean_name(name),
        requires_acceptance=requires_acceptance,
        active=active,
        fallback_language=_fallback(fallback_language),
        targeting=(targeting or Targeting()).to_json(),
        position=position,
    )
    session.add(policy)
    await session.flush()
    return policy


async def update_policy(
    session: AsyncSession,
    installation_id: uuid.UUID,
    policy_id: uuid.UUID,
    *,
    name: str | None = None,
    requires_acceptance: bool | None = None,
    active: bool | None = None,
    fallback_language: str | None = None,
    targeting: Targeting | None = None,
    position: int | None = None,
) -> Policy:
    """Change what is given (None leaves a field alone; ``Targeting()`` targets everything).

    A new fallback language applies from the next published version: a published version
    keeps the fallback it was published with (it is part of its content hash).
    """
    policy = await _locked_policy(session, installation_id, policy_id)
    if name is not None:
        policy.name = clean_name(name)
    if requires_acceptance is not None:
        policy.requires_acceptance = requires_acceptance
    if active is not None:
        policy.active = active
    if fallback_language is not None:
        policy.fallback_language = _fallback(fallback_language)
    if targeting is not None:
        policy.targeting = targeting.to_json()
    if position is not None:
        policy.position = position
    await session.flush()
    return policy


async def deactivate(
    session: AsyncSession, installation_id: uuid.UUID, policy_id: uuid.UUID
) -> Policy:
    """Stop disclosing the policy; its versions and the acceptances of them stay."""
    return await update_policy(session, installation_id, policy_id, active=False)


async def save_draft(
    session: AsyncSession,
    installation_id: uuid.UUID,
    policy_id: uuid.UUID,
    translations: Sequence[TranslationInput],
    *,
    return_window_days: int | None = None,
    staff_user_id: str | None = None,
) -> PolicyVersion:
    """Create the policy's draft, or replace the text of the one it has.

    ``return_window_days`` is required for the kinds in ``KINDS_WITH_RETURN_WINDOW``
    (RETURN_TERMS), 0-3650, and refused for the others. Translations are checked, normalised
    and rendered here (see ``content``); a language given twice is INVALID.
    """
    policy = await _locked_policy(session, installation_id, policy_id)
    _check_return_window(PolicyKind(policy.kind), return_window_days)
    if not translations:
        raise invalid("translations", "a draft needs at least one translation")
    cleaned = [clean_translation(t) for t in translations]
    languages = [t.language for t in cleaned]
    repeated = sorted({code for code in languages if languages.count(code) > 1})
    if repeated:
        raise invalid("translations", f"languages given twice: {', '.join(repeated)}")

    now = utcnow()
    draft = await _draft(session, policy.id)
    if draft is None:
        highest = await session.scalar(
            select(func.max(PolicyVersion.number)).where(PolicyVersion.policy_id == policy.id)
        )
        draft = PolicyVersion(
            installation_id=installation_id,
            policy_id=policy.id,
            number=(highest or 0) + 1,
            status=VersionStatus.DRAFT,
            created_at=now,
            created_by=staff_user_id,
        )
        draft.translations = []
        session.add(draft)
    draft.fallback_language = policy.fallback_language
    draft.return_window_days = return_window_days
    draft.updated_at = now

    held = {t.language: t for t in draft.translations}
    for clean in cleaned:
        row = held.pop(clean.language, None)
        if row is None:
            row = PolicyTranslation(installation_id=installation_id, language=clean.language)
            draft.translations.append(row)
        row.title = clean.title
        row.body_markdown = clean.body_markdown
        row.body_html = clean.body_html
        row.consent_label = clean.consent_label
    for gone in held.values():
        draft.translations.remove(gone)
        await session.delete(gone)
    await session.flush()
    return draft


async def publish(
    session: AsyncSession,
    installation_id: uuid.UUID,
    policy_id: uuid.UUID,
    *,
    staff_user_id: str | None = None,
) -> PolicyVersion:
    """Freeze the draft with its content hash and make it the current version."""
    policy = await _locked_policy(session, installation_id, policy_id)
    draft = await _draft(session, policy.id)
    if draft is None:
        raise PolicyError(PolicyErrorCode.NO_DRAFT, "the policy has no draft to publish")
    if policy.fallback_language not in {t.language for t in draft.translations}:
        raise PolicyError(
            PolicyErrorCode.LANGUAGE_MISSING,
            f"the draft has no translation in the fallback language {policy.fallback_language}",
            "translations",
        )
    _check_return_window(PolicyKind(policy.kind), draft.return_window_days)

    now = utcnow()
    current = await session.scalar(
        select(PolicyVersion).where(
            PolicyVersion.policy_id == policy.id,
            PolicyVersion.status == VersionStatus.PUBLISHED,
            PolicyVersion.superseded_at.is_(None),
        )
    )
    if current is not None:
        current.superseded_at = now
        # first out, then in: one current version per policy is a unique index
        await session.flush()
    draft.fallback_language = policy.fallback_language
    draft.content_hash = content_hash(
        policy.kind, draft.return_window_days, draft.fallback_language, draft.translations
    )
    draft.status = VersionStatus.PUBLISHED
    draft.published_at = now
    draft.published_by = staff_user_id
    await session.flush()
    return draft


async def get_policy(
    session: AsyncSession, installation_id: uuid.UUID, policy_id: uuid.UUID
) -> Policy:
    """One policy with its versions and their translations (three queries)."""
    policy = await session.scalar(_with_versions().where(Policy.id == policy_id))
    if policy is None or policy.installation_id != installation_id:
        raise PolicyNotFound(f"no policy {policy_id}", "policy_id")
    return policy


async def list_policies(session: AsyncSession, installation_id: uuid.UUID) -> list[Policy]:
    """Every policy in display order, versions and translations loaded: three queries."""
    result = await session.scalars(
        _with_versions()
        .where(Policy.installation_id == installation_id)
        .order_by(Policy.position, Policy.created_at, Policy.id)
    )
    return list(result)


async def acceptance_counts(
    session: AsyncSession, installation_id: uuid.UUID, version_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """How many distinct orders are bound to an acceptance of each version (0 if none)."""
    wanted = set(version_ids)
    if not wanted:
        return {}
    rows = await session.execute(
        select(AcceptanceItem.version_id, func.count(distinct(Acceptance.order_id)))
        .join(Acceptance, AcceptanceItem.acceptance_id == Acceptance.id)
        .where(
            AcceptanceItem.installation_id == installation_id,
            AcceptanceItem.version_id.in_(wanted),
            Acceptance.order_id.is_not(None),
        )
        .group_by(AcceptanceItem.version_id)
    )
    counts = dict.fromkeys(wanted, 0)
    counts.update({version_id: count for version_id, count in rows.all()})
    return counts


def _with_versions() -> Select[Policy]:
    return (
        select(Policy)
        .options(selectinload(Policy.versions).selectinload(PolicyVersion.translations))
        .execution_options(populate_existing=True)
    )


async def _locked_policy(
    session: AsyncSession, installation_id: uuid.UUID, policy_id: uuid.UUID
) -> Policy:
    policy = await session.scalar(
        select(Policy)
        .where(Policy.id == policy_id, Policy.installation_id == installation_id)
        .with_for_update()
    )
    if policy is None:
        raise PolicyNotFound(f"no policy {policy_id}", "policy_id")
    return policy


async def _draft(session: AsyncSession, policy_id: uuid.UUID) -> PolicyVersion | None:
    return await session.scalar(
        select(PolicyVersion)
        .where(PolicyVersion.policy_id == policy_id, PolicyVersion.status == VersionStatus.DRAFT)
        .options(selectinload(PolicyVersion.translations))
    )


def _fallback(code: str) -> str:
    language = _language(code)
    if language is None:
        raise invalid("fallback_language", f"{code!r} is not a Saleor language code")
    return language


def _check_return_window(kind: PolicyKind, days: int | None) -> None:
    if kind not in KINDS_WITH_RETURN_WINDOW:
        if days is not None:
            raise invalid("return_window_days", f"{kind} policies have no return window")
        return
    if days is None:
        raise invalid("return_window_days", f"{kind} policies need a return window in days")
    if isinstance(days, bool) or not 0 <= days <= MAX_RETURN_WINDOW_DAYS:
        raise invalid("return_window_days", f"the return window is 0-{MAX_RETURN_WINDOW_DAYS} days")


@dataclass(frozen=True)
class SeenLanguage:
    """A language buyers of a channel checked out in, and how many acceptances it had."""

    channel: str
    language: str
    acceptances: int


async def checkout_languages(
    session: AsyncSession, installation_id: uuid.UUID, since: datetime
) -> list[SeenLanguage]:
    """The languages buyers accepted disclosures in since ``since``, by channel."""
    rows = await session.execute(
        select(Acceptance.channel, Acceptance.language, func.count())
        .where(
            Acceptance.installation_id == installation_id,
            Acceptance.accepted_at >= since,
            Acceptance.language.is_not(None),
        )
        .group_by(Acceptance.channel, Acceptance.language)
        .order_by(Acceptance.channel, Acceptance.language)
    )
    return [SeenLanguage(channel, language, count) for channel, language, count in rows if language]


def language_gaps(policy: Policy, seen: Sequence[SeenLanguage]) -> list[SeenLanguage]:
    """The languages buyers of the policy's channels check out in that its current version has
    no text for, so they read it in its fallback language (``policy.versions`` and their
    translations loaded). None for a policy buyers are not shown."""
    current = next((v for v in policy.versions if v.is_current), None)
    if current is None or not policy.active:
        return []
    texts = {t.language: t for t in current.translations}
    channels = Targeting.from_json(policy.targeting).channels
    return [
        s
        for s in seen
        if (not channels or s.channel in channels)
        and pick_translation(texts, s.language, current.fallback_language)[1]
    ]
