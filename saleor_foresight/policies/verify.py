"""Recompute every hash an installation holds and walk its acceptance chain.

What is checked:

- every published version: its content hash, recomputed from its stored translations,
  kind, return window and fallback language, equals the stored ``content_hash``;
- every acceptance item: its ``content_hash`` equals its version's (else the version was
  changed after it was accepted, and is reported tampered);
- every acceptance: its ``record_hash`` recomputed from the stored row and items equals
  the stored one (else ``tampered_records``);
- the chain: sequences run 1, 2, 3... and each ``prev_hash`` is the previous record's
  ``record_hash`` (``hashing.links_up``; else the record where it breaks is in
  ``broken_links``); the chain head names the last record (else records were removed from
  the end: ``head_mismatch``).

``excerpt`` reads what an evidence pack carries of the chain around an order's records:
the links (sequence, id, prev_hash, record_hash) of each record and of those either side of
it, and the head, so an auditor can walk the chain there without other buyers' records.

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

from ..hashing import START, Link, links_up, neighbourhood
from .acceptance import record_hash
from .content import content_hash, render_markdown
from .models import Acceptance, AcceptanceChain, PolicyVersion, VersionStatus

BATCH = 500


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
    last: tuple[int, str] = START
    while True:
        batch = list(
            await session.scalars(
                select(Acceptance)
                .where(
                    Acceptance.installation_id == installation_id,
                    Acceptance.sequence > last[0],
                )
                .order_by(Acceptance.sequence)
                .limit(BATCH)
                .options(selectinload(Acceptance.items))
                .execution_options(populate_existing=True)
            )
        )
        for acceptance in batch:
            report.records_checked += 1
            if record_hash(acceptance) != acceptance.record_hash:
                report.tampered_records.append(acceptance.id)
            if not links_up(last, acceptance.sequence, acceptance.prev_hash):
                report.broken_links.append(acceptance.id)
            for item in acceptance.items:
                changed = version_hashes.get(item.version_id, "") != item.content_hash
                if changed and item.version_id not in report.tampered_versions:
                    report.tampered_versions.append(item.version_id)
            last = (acceptance.sequence, acceptance.record_hash)
        if len(batch) < BATCH:
            break
    head = await session.get(AcceptanceChain, installation_id, populate_existing=True)
    held = (head.sequence, head.head_hash) if head is not None else START
    report.head_mismatch = held != last


@dataclass(frozen=True)
class ChainExcerpt:
    """Links around some records of a chain, and the chain's head (sequence, hash)."""

    links: list[Link]
    head: tuple[int, str]


async def excerpt(
    session: AsyncSession, installation_id: uuid.UUID, sequences: Iterable[int]
) -> ChainExcerpt:
    """The links of records ``sequences`` and of their neighbours, and the chain head."""
    wanted = neighbourhood(sequences)
    rows = []
    if wanted:
        rows = list(
            await session.execute(
                select(
                    Acceptance.sequence, Acceptance.id, Acceptance.prev_hash, Acceptance.record_hash
                )
                .where(
                    Acceptance.installation_id == installation_id,
                    Acceptance.sequence.in_(sorted(wanted)),
                )
                .order_by(Acceptance.sequence)
            )
        )
    head = await session.get(AcceptanceChain, installation_id)
    return ChainExcerpt(
        links=[Link(r[0], str(r[1]), r[2], r[3]) for r in rows],
        head=(head.sequence, head.head_hash) if head is not None else START,
    )
