"""Recompute every hash an installation holds and walk its acceptance chain.

What is checked:

- every published version: its content hash, recomputed from its stored translations,
  kind, return window and fallback language, equals the stored ``content_hash``;
- every acceptance item: its ``content_hash`` equals its version's (else the version was
  changed after it was accepted, and is reported tampered);
- every acceptance: its ``record_hash`` recomputed from the stored row and items equals
  the stored one (else ``tampered_records``);
- the chain: sequences run 1, 2, 3... and each ``prev_hash`` is the previous record's
  ``record_hash`` (``canonical.links_up``; else the record where it breaks is in
  ``broken_links``); the chain head names the last record (else records were removed from
  the end: ``head_mismatch``). The walk is the ledger's (``Chain.verify``).

``excerpt`` reads what an evidence pack carries of the chain around an order's records:
the links (sequence, id, prev_hash, record_hash) of each record and of those either side of
it, and the head, so an auditor can walk the chain there without other buyers' records
(``Chain.excerpt``).

``html_mismatches`` lists translations whose stored HTML is not what their Markdown renders
to today: either the HTML was edited, or the renderer changed (an nh3 or markdown-it-py
upgrade). It is reported apart and does not make the report fail: the hashed Markdown is
the record.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from ..ledger.chain import ChainExcerpt
from .acceptance import CHAIN
from .content import content_hash, render_markdown
from .models import Acceptance, PolicyVersion, VersionStatus


@dataclass
class VerifyReport:
    versions_checked: int = 0
    records_checked: int = 0
    tampered_versions: list[uuid.UUID] = field(default_factory=list)
    tampered_records: list[uuid.UUID] = field(default_factory=list)
    broken_links: list[uuid.UUID] = field(default_factory=list)
    head_mismatch: bool = False
    html_mismatches: list[uuid.UUID] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.tampered_versions
            or self.tampered_records
            or self.broken_links
            or self.head_mismatch
        )


async def verify(session: AsyncSession, installation_id: uuid.UUID) -> VerifyReport:
    report = VerifyReport()
    hashes = await _check_versions(session, installation_id, report)
    await _check_chain(session, installation_id, hashes, report)
    return report


async def _check_versions(
    session: AsyncSession, installation_id: uuid.UUID, report: VerifyReport
) -> dict[uuid.UUID, str | None]:
    versions = await session.scalars(
        select(PolicyVersion)
        .where(
            PolicyVersion.installation_id == installation_id,
            PolicyVersion.status == VersionStatus.PUBLISHED,
        )
        .order_by(PolicyVersion.published_at, PolicyVersion.id)
        .options(selectinload(PolicyVersion.translations), selectinload(PolicyVersion.policy))
        .execution_options(populate_existing=True)
    )
    hashes: dict[uuid.UUID, str | None] = {}
    for version in versions:
        report.versions_checked += 1
        hashes[version.id] = version.content_hash
        recomputed = content_hash(
            version.policy.kind,
            version.return_window_days,
            version.fallback_language,
            version.translations,
        )
        if recomputed != version.content_hash:
            report.tampered_versions.append(version.id)
        report.html_mismatches.extend(
            t.id for t in version.translations if t.body_html != render_markdown(t.body_markdown)
        )
    return hashes


async def _check_chain(
    session: AsyncSession,
    installation_id: uuid.UUID,
    version_hashes: dict[uuid.UUID, str | None],
    report: VerifyReport,
) -> None:
    def items(acceptance: Acceptance) -> None:
        for item in acceptance.items:
            changed = version_hashes.get(item.version_id, "") != item.content_hash
            if changed and item.version_id not in report.tampered_versions:
                report.tampered_versions.append(item.version_id)

    chain = await CHAIN.verify(session, installation_id, items)
    report.records_checked = chain.checked
    report.tampered_records = chain.tampered
    report.broken_links = chain.broken_links
    report.head_mismatch = chain.head_mismatch


async def excerpt(
    session: AsyncSession, installation_id: uuid.UUID, sequences: Iterable[int]
) -> ChainExcerpt:
    """The links of records ``sequences`` and of their neighbours, and the chain head."""
    return await CHAIN.excerpt(session, installation_id, sequences)
