"""Disclosures for a checkout: what applies, which lines, which language, in two queries."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.policies import service
from saleor_foresight.policies.disclosure import disclosures_for
from saleor_foresight.policies.models import PolicyKind
from saleor_foresight.policies.targeting import AttributeRule, Targeting
from tests.factories import make_installation
from tests.policies.factories import checkout, counting_queries, line, make_policy, republish


async def test_the_current_version_of_each_policy_that_applies_is_disclosed_in_order(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given return terms for everything, a colour note for red lines, delivery times for the US,
    # an inactive policy, a policy with only a draft, and a returns policy published twice
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        returns = await make_policy(session, installation.id, name="Returns")
        colour = await make_policy(
            session,
            installation.id,
            kind=PolicyKind.COLOUR_DIFFERENCE,
            requires_acceptance=False,
            targeting=Targeting(attributes=(AttributeRule("colour", frozenset({"red"})),)),
        )
        await make_policy(
            session,
            installation.id,
            kind=PolicyKind.DELIVERY_TIME,
            targeting=Targeting(countries=frozenset({"US"})),
        )
        inactive = await make_policy(session, installation.id, kind=PolicyKind.CUSTOM)
        await service.deactivate(session, installation.id, inactive.id)
        await make_policy(session, installation.id, kind=PolicyKind.CUSTOM, published=False)
        current_returns = await republish(session, installation.id, returns, "14 days now.")

    # when a German checkout with a red and a blue line asks
    facts = checkout(
        line("red", attributes={"colour": ("red",)}),
        line("blue", attributes={"colour": ("blue",)}),
    )
    async with sessionmaker() as session:
        disclosures = await disclosures_for(session, installation.id, facts, "EN")

    # then it gets the current returns version for both lines and the colour note for the red one
    assert [(d.policy_id, d.line_ids, d.required) for d in disclosures] == [
        (returns.id, ("red", "blue"), True),
        (colour.id, ("red",), False),
    ]
    first = disclosures[0]
    assert (first.version_id, first.version_number, first.kind) == (
        current_returns,
        2,
        PolicyKind.RETURN_TERMS,
    )
    assert (first.title, first.html, first.consent_label) == (
        "Returns (EN)",
        "<p>14 days now.</p>\n",
        "I accept the return terms (EN)",
    )
    assert (first.return_window_days, first.language, first.fell_back) == (30, "EN", False)
    assert disclosures[1].return_window_days is None


async def test_a_checkout_with_no_lines_gets_nothing(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        await make_policy(session, installation.id)

        facts = checkout()
        empty = type(facts)(checkout_id="c", channel="default-channel", country="DE")
        assert await disclosures_for(session, installation.id, empty) == []


@pytest.mark.parametrize(
    ("requested", "used", "fell_back"),
    [
        ("DE", "DE", False),
        ("de", "DE", False),
        ("PT_BR", "PT", False),
        ("PT", "PT", False),
        ("FR", "EN", True),
        ("klingon", "EN", True),
        ("EN", "EN", False),
        (None, "DE", False),  # the checkout's own language
    ],
)
async def test_the_requested_language_else_its_base_else_the_fallback(
    sessionmaker: async_sessionmaker[AsyncSession],
    requested: str | None,
    used: str,
    fell_back: bool,
) -> None:
    # given a policy in English (its fallback), German and Portuguese
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        await make_policy(session, installation.id, languages=("EN", "DE", "PT"))

        # when a checkout whose own language is German asks for a language
        (disclosure,) = await disclosures_for(
            session, installation.id, checkout(language="DE"), requested
        )

    # then the text is in the language found, and says when it fell back
    assert (disclosure.language, disclosure.fell_back) == (used, fell_back)
    assert disclosure.title == f"Returns ({used})"


@pytest.mark.parametrize(("policies", "lines"), [(1, 1), (50, 1), (1, 20), (50, 20)])
async def test_two_queries_whatever_the_number_of_policies_and_lines(
    sessionmaker: async_sessionmaker[AsyncSession], policies: int, lines: int
) -> None:
    # given many policies in two languages, with an older version each
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        for n in range(policies):
            policy = await make_policy(
                session,
                installation.id,
                kind=PolicyKind.CUSTOM,
                name=f"P{n}",
                languages=("EN", "DE"),
                targeting=Targeting(products=frozenset({"P1", f"X{n}"})),
            )
            if n % 10 == 0:
                await republish(session, installation.id, policy, "Newer.", ("EN", "DE"))
    facts = checkout(*(line(f"L{n}") for n in range(lines)))

    # when the disclosures are computed
    async with sessionmaker() as session:
        with counting_queries(sessionmaker) as statements:
            disclosures = await disclosures_for(session, installation.id, facts, "DE")

    # then two statements were sent, and every policy covers every line
    assert len(statements) == 2
    assert len(disclosures) == policies
    assert all(len(d.line_ids) == lines and d.language == "DE" for d in disclosures)
