"""Staff operations: create, edit, draft, publish, list, deactivate, count."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.policies import service
from saleor_foresight.policies.content import BODY_MAX
from saleor_foresight.policies.errors import PolicyError, PolicyErrorCode, PolicyNotFound
from saleor_foresight.policies.models import PolicyKind, PolicyVersion, VersionStatus
from saleor_foresight.policies.targeting import Targeting
from tests.factories import make_installation
from tests.policies.factories import counting_queries, make_policy, republish, text


async def test_a_published_version_is_current_with_its_hash(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given a policy with a draft in two languages
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        policy = await make_policy(
            session, installation.id, languages=("EN", "DE"), published=False
        )

        # when staff publish it
        version = await service.publish(
            session, installation.id, policy.id, staff_user_id="VXNlcjo3"
        )

    # then it is the current version, frozen with its hash, who published it and when
    async with sessionmaker() as session:
        held = await service.get_policy(session, installation.id, policy.id)
        (current,) = [v for v in held.versions if v.is_current]
        assert current.id == version.id
        assert (current.number, current.status, current.published_by) == (
            1,
            VersionStatus.PUBLISHED,
            "VXNlcjo3",
        )
        assert current.content_hash is not None and len(current.content_hash) == 64
        assert current.published_at is not None
        assert [t.language for t in current.translations] == ["DE", "EN"]
        assert (
            current.translations[1].body_html
            == "<p>You may return <strong>unused</strong> items (EN).</p>\n"
        )
        assert held.draft is None


async def test_a_new_version_supersedes_the_current_one_which_stays_readable(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        policy = await make_policy(session, installation.id)
        first = (await service.get_policy(session, installation.id, policy.id)).versions[0]
        first_hash = first.content_hash

        # when a second version is published
        second_id = await republish(session, installation.id, policy, "Now 14 days.")

    # then the second is current and the first keeps its text and hash
    async with sessionmaker() as session:
        held = await service.get_policy(session, installation.id, policy.id)
        assert [v.number for v in held.versions] == [1, 2]
        old, current = held.versions
        assert current.id == second_id and current.is_current
        assert old.superseded_at is not None and not old.is_current
        assert old.content_hash == first_hash
        assert old.translations[0].body_markdown == "You may return **unused** items (EN)."


async def test_saving_a_draft_twice_replaces_its_text(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        policy = await make_policy(
            session, installation.id, languages=("EN", "DE"), published=False
        )

        # when staff save the draft again with other languages
        draft = await service.save_draft(
            session,
            installation.id,
            policy.id,
            [text("EN", body="Changed."), text("FR")],
            return_window_days=14,
        )

    # then there is still one draft, with the new text only
    async with sessionmaker() as session:
        held = await service.get_policy(session, installation.id, policy.id)
        assert [v.id for v in held.versions] == [draft.id]
        assert held.draft is not None and held.draft.return_window_days == 14
        assert [(t.language, t.body_markdown) for t in held.draft.translations] == [
            ("EN", "Changed."),
            ("FR", "You may return **unused** items (FR)."),
        ]


async def test_a_second_draft_row_is_refused_by_the_database(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given a policy with a draft
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        policy = await make_policy(session, installation.id, published=False)

    # when a second draft is written behind the service's back, the unique index refuses it
    with pytest.raises(IntegrityError):
        async with sessionmaker.begin() as session:
            session.add(
                PolicyVersion(
                    installation_id=installation.id,
                    policy_id=policy.id,
                    number=2,
                    fallback_language="EN",
                )
            )


async def test_publishing_without_a_draft_is_no_draft(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        policy = await make_policy(session, installation.id)

        with pytest.raises(PolicyError) as caught:
            await service.publish(session, installation.id, policy.id)
    assert caught.value.code == PolicyErrorCode.NO_DRAFT


async def test_a_draft_without_the_fallback_language_cannot_be_published(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        policy = await make_policy(
            session, installation.id, languages=("DE",), fallback_language="EN", published=False
        )

        with pytest.raises(PolicyError) as caught:
            await service.publish(session, installation.id, policy.id)
    assert (caught.value.code, caught.value.field) == (
        PolicyErrorCode.LANGUAGE_MISSING,
        "translations",
    )


@pytest.mark.parametrize(
    ("kind", "days"),
    [
        (PolicyKind.RETURN_TERMS, None),
        (PolicyKind.RETURN_TERMS, -1),
        (PolicyKind.RETURN_TERMS, 3651),
        (PolicyKind.COLOUR_DIFFERENCE, 14),
        (PolicyKind.DELIVERY_TIME, 0),
    ],
)
async def test_only_return_terms_carry_a_return_window(
    sessionmaker: async_sessionmaker[AsyncSession], kind: PolicyKind, days: int | None
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        policy = await service.create_policy(session, installation.id, kind=kind, name="P")

        with pytest.raises(PolicyError) as caught:
            await service.save_draft(
                session, installation.id, policy.id, [text()], return_window_days=days
            )
    assert (caught.value.code, caught.value.field) == (
        PolicyErrorCode.INVALID,
        "return_window_days",
    )


@pytest.mark.parametrize(
    ("translations", "field"),
    [([], "translations"), ([text("EN"), text("en")], "translations")],
)
async def test_a_draft_needs_translations_each_language_once(
    sessionmaker: async_sessionmaker[AsyncSession], translations: list[object], field: str
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        policy = await service.create_policy(
            session, installation.id, kind=PolicyKind.CUSTOM, name="P"
        )

        with pytest.raises(PolicyError) as caught:
            await service.save_draft(session, installation.id, policy.id, translations)  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.field) == (PolicyErrorCode.INVALID, field)


async def test_a_published_version_cannot_be_changed_through_the_orm(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        policy = await make_policy(session, installation.id)

    # when code tries to edit a published translation, the flush refuses it
    with pytest.raises(PolicyError) as caught:
        async with sessionmaker.begin() as session:
            version = (await service.get_policy(session, installation.id, policy.id)).versions[0]
            version.translations[0].title = "Changed"
    assert caught.value.code == PolicyErrorCode.IMMUTABLE

    # and so does editing the version itself
    with pytest.raises(PolicyError) as caught:
        async with sessionmaker.begin() as session:
            version = (await service.get_policy(session, installation.id, policy.id)).versions[0]
            version.return_window_days = 60
    assert caught.value.code == PolicyErrorCode.IMMUTABLE


async def test_policy_settings_change_in_place(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        policy = await make_policy(session, installation.id)

        await service.update_policy(
            session,
            installation.id,
            policy.id,
            name=" Returns EU ",
            requires_acceptance=False,
            fallback_language="de",
            targeting=Targeting(countries=frozenset({"DE"})),
            position=7,
        )
        await service.deactivate(session, installation.id, policy.id)

    async with sessionmaker() as session:
        held = await service.get_policy(session, installation.id, policy.id)
        assert (held.name, held.requires_acceptance, held.active, held.fallback_language) == (
            "Returns EU",
            False,
            False,
            "DE",
        )
        assert (held.targeting, held.position) == ({"countries": ["DE"]}, 7)
        # the published version keeps the fallback it was published with
        assert held.versions[0].fallback_language == "EN"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"kind": "REFUND", "name": "x"}, "kind"),
        ({"kind": "CUSTOM", "name": " "}, "name"),
        ({"kind": "CUSTOM", "name": "x", "fallback_language": "English"}, "fallback_language"),
    ],
)
async def test_bad_policy_settings_are_invalid(
    sessionmaker: async_sessionmaker[AsyncSession], arguments: dict[str, str], field: str
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        with pytest.raises(PolicyError) as caught:
            await service.create_policy(session, installation.id, **arguments)  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.field) == (PolicyErrorCode.INVALID, field)


async def test_another_installations_policy_is_not_found(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        mine = await make_installation(session, "https://one.test/graphql/")
        theirs = await make_installation(session, "https://two.test/graphql/")
        policy = await make_policy(session, theirs.id)

        for call in (
            service.get_policy(session, mine.id, policy.id),
            service.update_policy(session, mine.id, policy.id, active=False),
            service.save_draft(session, mine.id, policy.id, [text()], return_window_days=1),
            service.publish(session, mine.id, policy.id),
        ):
            with pytest.raises(PolicyNotFound) as caught:
                await call
            assert caught.value.code == PolicyErrorCode.NOT_FOUND


async def test_listing_policies_takes_three_queries_whatever_their_number(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given 12 policies, each with a published version, a newer one and a draft
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        for n in range(12):
            policy = await make_policy(
                session, installation.id, name=f"P{n}", languages=("EN", "DE")
            )
            await republish(session, installation.id, policy, f"Version 2 of {n}")
            await service.save_draft(
                session, installation.id, policy.id, [text()], return_window_days=30
            )

    # when they are listed
    async with sessionmaker() as session:
        with counting_queries(sessionmaker) as statements:
            policies = await service.list_policies(session, installation.id)
            seen = [
                (p.name, [(v.number, len(v.translations)) for v in p.versions]) for p in policies
            ]

    # then three queries load policies, versions and translations, in display order
    assert len(statements) == 3
    assert seen[0] == ("P0", [(1, 2), (2, 1), (3, 1)])
    assert [name for name, _ in seen] == [f"P{n}" for n in range(12)]


async def test_positions_follow_creation_order(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        first = await service.create_policy(session, installation.id, kind="CUSTOM", name="A")
        second = await service.create_policy(session, installation.id, kind="CUSTOM", name="B")

    assert (first.position, second.position) == (0, 1)
    async with sessionmaker() as session:
        versions = await session.scalars(select(PolicyVersion))
        assert list(versions) == []


async def test_a_draft_body_is_stored_sanitised_and_its_size_is_limited(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        policy = await service.create_policy(session, installation.id, kind="CUSTOM", name="P")

        # when staff save a body with a script and an event handler
        draft = await service.save_draft(
            session,
            installation.id,
            policy.id,
            [text(body='Hi <img src=x onerror="alert(1)"><script>alert(2)</script> there')],
        )
        assert draft.translations[0].body_html == "<p>Hi  there</p>\n"

        # and a body one character over the limit
        with pytest.raises(PolicyError) as caught:
            await service.save_draft(
                session, installation.id, policy.id, [text(body="x" * (BODY_MAX + 1))]
            )
    assert (caught.value.code, caught.value.field) == (PolicyErrorCode.TOO_LONG, "body_markdown")
