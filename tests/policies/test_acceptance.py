"""Accepting disclosures: exactly what applies now, recorded once, chained."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from saleor_foresight.ledger.canonical import GENESIS_HASH
from saleor_foresight.policies.acceptance import Who, accept, load, reference
from saleor_foresight.policies.disclosure import disclosures_for
from saleor_foresight.policies.errors import PolicyError, PolicyErrorCode, StaleDisclosures
from saleor_foresight.policies.models import Acceptance, AcceptanceChain, Policy, PolicyKind
from saleor_foresight.policies.targeting import AttributeRule, Targeting, cart_fingerprint
from saleor_foresight.policies.verify import verify
from tests.factories import make_installation
from tests.policies.factories import BUYER, checkout, line, make_policy, republish

RED = line("red", attributes={"colour": ("red",)})
BLUE = line("blue", product="P2", attributes={"colour": ("blue",)})


async def shop(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """An installation with required return terms and an optional note for red lines."""
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        returns = await make_policy(session, installation.id, languages=("EN", "DE"))
        colour = await make_policy(
            session,
            installation.id,
            kind=PolicyKind.COLOUR_DIFFERENCE,
            requires_acceptance=False,
            targeting=Targeting(attributes=(AttributeRule("colour", frozenset({"red"})),)),
        )
    return installation.id, returns.id, colour.id


async def current_ids(
    sessionmaker: async_sessionmaker[AsyncSession], installation_id: uuid.UUID
) -> list[uuid.UUID]:
    """The versions disclosed for a red line: the returns terms and the colour note."""
    async with sessionmaker() as session:
        disclosures = await disclosures_for(session, installation_id, checkout(RED))
        return [d.version_id for d in disclosures]


async def test_an_acceptance_records_what_was_shown_and_who_accepted(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given a red line, to which the returns terms and the colour note apply
    installation_id, _, _ = await shop(sessionmaker)
    returns_version, colour_version = await current_ids(sessionmaker, installation_id)
    who = Who(customer_user_id="VXNlcjo1", email=None, ip="2001:db8::1", user_agent="UA")

    # when the buyer accepts both in German
    async with sessionmaker.begin() as session:
        acceptance = await accept(
            session, installation_id, checkout(RED), [colour_version, returns_version], who, "de"
        )

    # then the record holds who, where, when, in which language, and each text shown
    async with sessionmaker() as session:
        held = await session.scalar(
            select(Acceptance).where(Acceptance.id == acceptance.id).options(selectinload("*"))
        )
        assert held is not None
        items = held.items
    assert (held.sequence, held.prev_hash, held.checkout_id, held.channel, held.country) == (
        1,
        GENESIS_HASH,
        "Q2hlY2tvdXQ6MQ==",
        "default-channel",
        "DE",
    )
    assert (held.customer_user_id, held.email, held.ip, held.user_agent, held.language) == (
        "VXNlcjo1",
        None,
        "2001:db8::1",
        "UA",
        "DE",
    )
    assert held.cart_fingerprint == cart_fingerprint(checkout(RED))
    assert [(i.version_id, i.language, i.title, i.required, i.line_ids) for i in items] == [
        (returns_version, "DE", "Returns (DE)", True, ["red"]),
        (colour_version, "EN", "Returns (EN)", False, ["red"]),
    ]
    assert items[0].consent_label == "I accept the return terms (DE)"
    assert reference(acceptance) == {
        "id": str(acceptance.id),
        "hash": held.record_hash,
        "versions": [str(returns_version), str(colour_version)],
    }


async def test_optional_disclosures_may_be_left_out(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, _, _ = await shop(sessionmaker)
    returns_version, _ = await current_ids(sessionmaker, installation_id)

    async with sessionmaker.begin() as session:
        acceptance = await accept(session, installation_id, checkout(RED), [returns_version], BUYER)

    assert [i.version_id for i in acceptance.items] == [returns_version]


@pytest.mark.parametrize("ids", [[], "twice"])
async def test_no_ids_or_a_repeated_id_is_invalid(
    sessionmaker: async_sessionmaker[AsyncSession], ids: object
) -> None:
    installation_id, _, _ = await shop(sessionmaker)
    returns_version, _ = await current_ids(sessionmaker, installation_id)
    version_ids = [returns_version, returns_version] if ids == "twice" else []

    async with sessionmaker.begin() as session:
        with pytest.raises(PolicyError) as caught:
            await accept(session, installation_id, checkout(RED), version_ids, BUYER)
    assert (caught.value.code, caught.value.field) == (PolicyErrorCode.INVALID, "version_ids")


async def test_a_superseded_version_is_stale_and_the_fresh_list_comes_back(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given the buyer was shown version 1 of the returns terms
    installation_id, returns_id, _ = await shop(sessionmaker)
    shown, _ = await current_ids(sessionmaker, installation_id)

    # and staff published version 2 meanwhile
    async with sessionmaker.begin() as session:
        returns = await session.get_one(Policy, returns_id)
        fresh = await republish(session, installation_id, returns, "New terms.")

    # when the buyer accepts version 1
    async with sessionmaker.begin() as session:
        with pytest.raises(StaleDisclosures) as caught:
            await accept(session, installation_id, checkout(RED), [shown], BUYER)

    # then it is stale, and the error carries what applies now
    assert caught.value.code == PolicyErrorCode.STALE_DISCLOSURES
    assert caught.value.disclosures[0].version_id == fresh


async def test_a_version_that_does_not_apply_to_the_cart_is_stale(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given the colour note applies to red lines only
    installation_id, _, _ = await shop(sessionmaker)
    returns_version, colour_version = await current_ids(sessionmaker, installation_id)

    # when a buyer with a blue line accepts it
    async with sessionmaker.begin() as session:
        with pytest.raises(StaleDisclosures) as caught:
            await accept(
                session, installation_id, checkout(BLUE), [returns_version, colour_version], BUYER
            )

    # then it is stale; what applies is the returns terms alone
    assert [d.version_id for d in caught.value.disclosures] == [returns_version]


async def test_an_unknown_version_id_is_stale(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, _, _ = await shop(sessionmaker)
    returns_version, _ = await current_ids(sessionmaker, installation_id)

    async with sessionmaker.begin() as session:
        with pytest.raises(StaleDisclosures):
            await accept(
                session, installation_id, checkout(RED), [returns_version, uuid.uuid4()], BUYER
            )


async def test_leaving_out_a_required_disclosure_is_stale(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, _, _ = await shop(sessionmaker)
    _, colour_version = await current_ids(sessionmaker, installation_id)

    async with sessionmaker.begin() as session:
        with pytest.raises(StaleDisclosures):
            await accept(session, installation_id, checkout(RED), [colour_version], BUYER)


async def test_a_cart_changed_since_it_was_shown_is_stale(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given the buyer was shown the disclosures for a red line
    installation_id, _, _ = await shop(sessionmaker)
    returns_version, _ = await current_ids(sessionmaker, installation_id)
    shown = cart_fingerprint(checkout(RED))

    # when they accept after adding a blue line
    async with sessionmaker.begin() as session:
        with pytest.raises(StaleDisclosures) as caught:
            await accept(
                session,
                installation_id,
                checkout(RED, BLUE),
                [returns_version],
                BUYER,
                shown_fingerprint=shown,
            )

    # then it is stale, with the list for the cart as it is now
    assert [d.line_ids for d in caught.value.disclosures] == [("red", "blue"), ("red",)]


async def test_a_retried_call_returns_the_record_already_made(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, _, _ = await shop(sessionmaker)
    returns_version, _ = await current_ids(sessionmaker, installation_id)

    # when the same acceptance arrives twice
    async with sessionmaker.begin() as session:
        first = await accept(session, installation_id, checkout(RED), [returns_version], BUYER)
    async with sessionmaker.begin() as session:
        again = await accept(session, installation_id, checkout(RED), [returns_version], BUYER)

    # then there is one record and one link in the chain
    assert again.id == first.id
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Acceptance)) == 1
        head = await session.get_one(AcceptanceChain, installation_id)
        assert (head.sequence, head.head_hash) == (1, first.record_hash)


async def test_records_chain_each_to_the_one_before(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, _, _ = await shop(sessionmaker)
    returns_version, _ = await current_ids(sessionmaker, installation_id)

    records = []
    for n in range(3):
        async with sessionmaker.begin() as session:
            facts = checkout(RED, checkout_id=f"checkout-{n}")
            records.append(await accept(session, installation_id, facts, [returns_version], BUYER))

    assert [r.sequence for r in records] == [1, 2, 3]
    assert [r.prev_hash for r in records] == [GENESIS_HASH] + [r.record_hash for r in records[:2]]


async def test_concurrent_acceptances_take_distinct_links(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given two buyers accepting at the same moment, plus one retrying its call
    installation_id, _, _ = await shop(sessionmaker)
    returns_version, _ = await current_ids(sessionmaker, installation_id)

    async def buyer(checkout_id: str) -> Acceptance:
        async with sessionmaker.begin() as session:
            facts = checkout(RED, checkout_id=checkout_id)
            return await accept(session, installation_id, facts, [returns_version], BUYER)

    # when they run concurrently
    results = await asyncio.gather(buyer("a"), buyer("b"), buyer("b"), buyer("c"))

    # then each checkout has one record, the chain is 1..3 without a fork, and it verifies
    assert results[1].id == results[2].id
    assert sorted(r.sequence for r in {r.id: r for r in results}.values()) == [1, 2, 3]
    async with sessionmaker() as session:
        report = await verify(session, installation_id)
    assert report.ok and report.records_checked == 3


@pytest.mark.parametrize(
    ("who", "field"),
    [
        (replace(BUYER, email=None), "email"),
        (replace(BUYER, email="not-an-email"), "email"),
        (replace(BUYER, ip="300.1.1.1"), "ip"),
        (replace(BUYER, email=None, customer_user_id="x" * 256), "customer_user_id"),
    ],
)
async def test_who_accepted_must_be_known(
    sessionmaker: async_sessionmaker[AsyncSession], who: Who, field: str
) -> None:
    installation_id, _, _ = await shop(sessionmaker)
    returns_version, _ = await current_ids(sessionmaker, installation_id)

    async with sessionmaker.begin() as session:
        with pytest.raises(PolicyError) as caught:
            await accept(session, installation_id, checkout(RED), [returns_version], who)
    assert (caught.value.code, caught.value.field) == (PolicyErrorCode.INVALID, field)


async def test_a_long_user_agent_is_cut_and_an_unknown_language_is_not_recorded(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, _, _ = await shop(sessionmaker)
    returns_version, _ = await current_ids(sessionmaker, installation_id)
    who = replace(BUYER, user_agent="A\x00" + "b" * 2000)

    async with sessionmaker.begin() as session:
        facts = replace(checkout(RED), language=None)
        acceptance = await accept(
            session, installation_id, facts, [returns_version], who, "klingon"
        )

    assert acceptance.user_agent == "A" + "b" * 1023
    assert acceptance.language is None
    assert (acceptance.items[0].language, acceptance.items[0].title) == ("EN", "Returns (EN)")


async def test_a_retry_after_a_new_version_still_returns_the_record(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given an acceptance, then a new version of the returns terms
    installation_id, returns_id, _ = await shop(sessionmaker)
    returns_version, _ = await current_ids(sessionmaker, installation_id)
    async with sessionmaker.begin() as session:
        first = await accept(session, installation_id, checkout(RED), [returns_version], BUYER)
        await republish(session, installation_id, await session.get_one(Policy, returns_id), "v2")

    # when the first call is retried, then it returns the record it made
    async with sessionmaker.begin() as session:
        again = await accept(session, installation_id, checkout(RED), [returns_version], BUYER)
    assert again.id == first.id


async def test_an_acceptance_loads_with_its_full_text_in_its_own_installation_only(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, _, _ = await shop(sessionmaker)
    returns_version, _ = await current_ids(sessionmaker, installation_id)
    async with sessionmaker.begin() as session:
        made = await accept(session, installation_id, checkout(RED), [returns_version], BUYER)
        other = await make_installation(session, "https://other.test/graphql/")

    async with sessionmaker() as session:
        held = await load(session, installation_id, made.id)
        item = held.items[0]
        assert (item.translation.title, item.version.policy.kind) == (
            "Returns (EN)",
            PolicyKind.RETURN_TERMS,
        )
        assert sorted(t.language for t in item.version.translations) == ["DE", "EN"]
        with pytest.raises(PolicyError) as caught:
            await load(session, other.id, made.id)
    assert caught.value.code == PolicyErrorCode.NOT_FOUND


async def test_records_cannot_be_rewritten_or_removed_through_the_orm(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, _, _ = await shop(sessionmaker)
    returns_version, _ = await current_ids(sessionmaker, installation_id)
    async with sessionmaker.begin() as session:
        made = await accept(session, installation_id, checkout(RED), [returns_version], BUYER)

    for change in ("email", "delete", "item"):
        with pytest.raises(PolicyError) as caught:
            async with sessionmaker.begin() as session:
                held = await load(session, installation_id, made.id)
                if change == "email":
                    held.email = "someone-else@example.com"
                elif change == "delete":
                    await session.delete(held)
                else:
                    held.items[0].title = "Other"
        assert caught.value.code == PolicyErrorCode.IMMUTABLE, change
