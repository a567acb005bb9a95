"""Verification recomputes every hash and link, and finds what was changed behind our back."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.policies.acceptance import accept, record_hash
from saleor_foresight.policies.content import content_hash
from saleor_foresight.policies.disclosure import disclosures_for
from saleor_foresight.policies.models import (
    Acceptance,
    AcceptanceItem,
    PolicyTranslation,
    PolicyVersion,
)
from saleor_foresight.policies.verify import verify
from tests.factories import make_installation
from tests.policies.factories import BUYER, checkout, make_policy

# the tables themselves: statements on them are plain SQL, past the ORM's guards
translations = PolicyTranslation.__table__
versions = PolicyVersion.__table__
acceptances = Acceptance.__table__
items = AcceptanceItem.__table__


async def chain_of(
    sessionmaker: async_sessionmaker[AsyncSession], length: int
) -> tuple[uuid.UUID, list[Acceptance]]:
    """An installation with one published policy and ``length`` acceptances of it."""
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        await make_policy(session, installation.id, languages=("EN", "DE"))
        (disclosure,) = await disclosures_for(session, installation.id, checkout())
        records = [
            await accept(
                session,
                installation.id,
                checkout(checkout_id=f"checkout-{n}"),
                [disclosure.version_id],
                BUYER,
            )
            for n in range(length)
        ]
    return installation.id, records


async def test_an_untouched_installation_verifies(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, _ = await chain_of(sessionmaker, 3)

    async with sessionmaker() as session:
        report = await verify(session, installation_id)

    assert report.ok
    assert (report.versions_checked, report.records_checked) == (1, 3)
    assert report.html_mismatches == []


async def test_an_altered_text_and_an_altered_record_are_both_detected(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given a published policy accepted three times
    installation_id, records = await chain_of(sessionmaker, 3)
    version_id = records[0].items[0].version_id

    # when someone with database access edits the German text and the second record's email
    async with sessionmaker.begin() as session:
        await session.execute(
            update(translations)
            .where(translations.c.version_id == version_id, translations.c.language == "DE")
            .values(body_markdown="You may not return anything.")
        )
        await session.execute(
            update(acceptances)
            .where(acceptances.c.id == records[1].id)
            .values(email="someone-else@example.com")
        )

    # then verification names the version and the record
    async with sessionmaker() as session:
        report = await verify(session, installation_id)
    assert not report.ok
    assert report.tampered_versions == [version_id]
    assert report.tampered_records == [records[1].id]
    assert report.broken_links == []


async def test_a_record_rewritten_with_a_fresh_hash_breaks_the_next_link(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, records = await chain_of(sessionmaker, 3)

    # when a record is edited and its own hash recomputed to match
    async with sessionmaker.begin() as session:
        target = await session.get_one(Acceptance, records[1].id)
        await session.refresh(target, ["items"])
        session.expunge(target)
        target.email = "someone-else@example.com"
        await session.execute(
            update(acceptances)
            .where(acceptances.c.id == target.id)
            .values(email=target.email, record_hash=record_hash(target))
        )

    # then the record checks out alone, but the next one no longer links to it
    async with sessionmaker() as session:
        report = await verify(session, installation_id)
    assert report.tampered_records == []
    assert report.broken_links == [records[2].id]


async def test_a_removed_record_is_detected_in_the_middle_and_at_the_end(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, records = await chain_of(sessionmaker, 4)

    async with sessionmaker.begin() as session:
        for removed in (records[1], records[3]):
            await session.execute(delete(items).where(items.c.acceptance_id == removed.id))
            await session.execute(delete(acceptances).where(acceptances.c.id == removed.id))

    async with sessionmaker() as session:
        report = await verify(session, installation_id)
    assert report.broken_links == [records[2].id]
    assert report.head_mismatch


async def test_a_version_hash_rewritten_after_acceptance_is_detected(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given someone changes a text and recomputes the version's hash to match
    installation_id, records = await chain_of(sessionmaker, 1)
    version_id = records[0].items[0].version_id
    async with sessionmaker.begin() as session:
        version = await session.get_one(PolicyVersion, version_id)
        await session.refresh(version, ["translations", "policy"])
        await session.execute(
            update(translations)
            .where(translations.c.version_id == version_id, translations.c.language == "EN")
            .values(title="Other title")
        )
        await session.refresh(version, ["translations"])
        fresh = content_hash(
            version.policy.kind,
            version.return_window_days,
            version.fallback_language,
            version.translations,
        )
        await session.execute(
            update(versions).where(versions.c.id == version_id).values(content_hash=fresh)
        )
        session.expunge_all()

    # then the acceptance still holds the old hash, and the version is reported
    async with sessionmaker() as session:
        report = await verify(session, installation_id)
    assert report.tampered_versions == [version_id]
    assert report.tampered_records == []


async def test_edited_html_is_reported_apart(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, records = await chain_of(sessionmaker, 1)
    version_id = records[0].items[0].version_id
    async with sessionmaker.begin() as session:
        await session.execute(
            update(translations)
            .where(translations.c.version_id == version_id, translations.c.language == "EN")
            .values(body_html="<p>Something else</p>")
        )

    async with sessionmaker() as session:
        report = await verify(session, installation_id)
    assert len(report.html_mismatches) == 1
    assert report.ok  # the hashed Markdown is intact
