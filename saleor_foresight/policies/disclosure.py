"""What a checkout must be shown: the current version of every active policy that applies.

``disclosures_for`` runs two SQL queries whatever the number of policies, versions,
translations and lines: one for the current versions with their policies, one for their
translations. Targeting is then decided in Python (see ``targeting``).

Language: the translation in the requested language (Saleor's code, e.g. "DE", "PT_BR");
else the one in its base language ("PT_BR" asked, "PT" held); else the version's fallback
language, and the disclosure says ``fell_back=True``. A requested code that is not a Saleor
language code at all falls back the same way.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from .content import normalise_language
from .models import Policy, PolicyKind, PolicyTranslation, PolicyVersion, VersionStatus
from .targeting import CheckoutFacts, Targeting

T = TypeVar("T")


@dataclass(frozen=True)
class Disclosure:
    version_id: uuid.UUID
    policy_id: uuid.UUID
    kind: PolicyKind
    version_number: int
    title: str
    html: str
    consent_label: str
    required: bool
    content_hash: str
    line_ids: tuple[str, ...]
    language: str
    fell_back: bool
    return_window_days: int | None
    translation_id: uuid.UUID
    # the covered lines' names (as ``line_ids``), and whether they are the whole cart
    line_names: tuple[str, ...] = ()
    covers_every_line: bool = True


@dataclass(frozen=True)
class CurrentVersion:
    """A policy's current published version with everything needed to disclose it."""

    policy: Policy
    version: PolicyVersion
    targeting: Targeting
    translations: Mapping[str, PolicyTranslation]


async def load_current(session: AsyncSession, installation_id: uuid.UUID) -> list[CurrentVersion]:
    """The current version of every active policy, in display order: two queries."""
    condition = _current_of_active(installation_id)
    rows = await session.execute(
        select(PolicyVersion, Policy)
        .join(Policy, PolicyVersion.policy_id == Policy.id)
        .where(condition)
        .order_by(Policy.position, Policy.created_at, Policy.id)
    )
    pairs = rows.all()
    if not pairs:
        return []
    translations: dict[uuid.UUID, dict[str, PolicyTranslation]] = defaultdict(dict)
    for translation in await session.scalars(
        select(PolicyTranslation)
        .join(PolicyVersion, PolicyTranslation.version_id == PolicyVersion.id)
        .join(Policy, PolicyVersion.policy_id == Policy.id)
        .where(condition)
    ):
        translations[translation.version_id][translation.language] = translation
    return [
        CurrentVersion(
            policy=policy,
            version=version,
            targeting=_targeting(policy),
            translations=translations[version.id],
        )
        for version, policy in pairs
    ]


_TARGETING_CACHE: dict[tuple[uuid.UUID, datetime], Targeting] = {}
_TARGETING_CACHE_SIZE = 4096


def _targeting(policy: Policy) -> Targeting:
    """The policy's parsed targeting; parsed once per change of the policy row (a hot path)."""
    key = (policy.id, policy.updated_at)
    parsed = _TARGETING_CACHE.get(key)
    if parsed is None:
        if len(_TARGETING_CACHE) >= _TARGETING_CACHE_SIZE:
            _TARGETING_CACHE.clear()
        parsed = _TARGETING_CACHE[key] = Targeting.from_json(policy.targeting)
    return parsed


def disclose(
    current: Sequence[CurrentVersion], facts: CheckoutFacts, language: str | None
) -> list[Disclosure]:
    """The disclosures for ``facts`` among ``current`` (no database access)."""
    disclosures = []
    names = {line.line_id: line.name for line in facts.lines}
    for entry in current:
        lines = entry.targeting.covered_lines(facts)
        if not lines or not entry.translations or entry.version.content_hash is None:
            continue
        translation, fell_back = pick_translation(
            entry.translations, language or facts.language, entry.version.fallback_language
        )
        disclosures.append(
            Disclosure(
                version_id=entry.version.id,
                policy_id=entry.policy.id,
                kind=PolicyKind(entry.policy.kind),
                version_number=entry.version.number,
                title=translation.title,
                html=translation.body_html,
                consent_label=translation.consent_label,
                required=entry.policy.requires_acceptance,
                content_hash=entry.version.content_hash,
                line_ids=lines,
                language=translation.language,
                fell_back=fell_back,
                return_window_days=entry.version.return_window_days,
                translation_id=translation.id,
                line_names=tuple(names.get(line, "") for line in lines),
                covers_every_line=len(lines) == len(facts.lines),
            )
        )
    return disclosures


async def disclosures_for(
    session: AsyncSession,
    installation_id: uuid.UUID,
    facts: CheckoutFacts,
    language: str | None = None,
) -> list[Disclosure]:
    """What to show for this checkout, in ``language`` (default: the checkout's language)."""
    return disclose(await load_current(session, installation_id), facts, language)


def pick_translation(
    translations: Mapping[str, T], requested: str | None, fallback: str
) -> tuple[T, bool]:
    """The translation to show and whether it is the fallback taken for want of the request."""
    code = normalise_language(requested) if requested else None
    if code is not None:
        for candidate in (code, code.split("_", 1)[0]):
            if candidate in translations:
                return translations[candidate], False
    if fallback in translations:
        return translations[fallback], code != fallback
    # a published version always holds its fallback language; this is only a safety net
    first = sorted(translations)[0]
    return translations[first], True


def _current_of_active(installation_id: uuid.UUID) -> ColumnElement[bool]:
    return and_(
        Policy.installation_id == installation_id,
        Policy.active.is_(True),
        PolicyVersion.status == VersionStatus.PUBLISHED,
        PolicyVersion.superseded_at.is_(None),
    )
