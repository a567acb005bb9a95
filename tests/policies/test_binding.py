"""Binding an order to its acceptance, and reading the acceptance back with its texts."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.orders.models import Order
from saleor_foresight.policies import service
from saleor_foresight.policies.acceptance import accept, reference
from saleor_foresight.policies.binding import accepted_for_order, bind_order
from saleor_foresight.policies.disclosure import disclosures_for
from saleor_foresight.policies.models import Acceptance, PolicyKind
from saleor_foresight.policies.targeting import AttributeRule, Targeting
from tests.factories import make_installation
from tests.policies.factories import (
    BUYER,
    CHECKOUT_ID,
    checkout,
    counting_queries,
    line,
    make_order,
    make_policy,
    order_line,
    republish,
)

RED = line("red", attributes={"colour": ("red",)})
RED_COLOUR = Targeting(attributes=(AttributeRule("colour", frozenset({"red"})),))


async def accepted_shop(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> tuple[uuid.UUID, Acceptance, Order]:
    """Required returns terms and colour note (for red), accepted for a red line; its order."""
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        await make_policy(session, installation.id, languages=("EN", "DE"))
        await make_policy(
            session, installation.id, kind=PolicyKind.COLOUR_DIFFERENCE, targeting=RED_COLOUR
        )
        disclosures = await disclosures_for(session, installation.id, checkout(RED), "DE")
        accepted = [d.version_id for d in disclosures]
        acceptance = await accept(session, installation.id, checkout(RED), accepted, BUYER, "DE")
        order = await make_order(session, installation.id, order_line(colour="red"))
    return installation.id, acceptance, order


async def test_an_order_with_its_reference_is_bound_and_complete(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, acceptance, order = await accepted_shop(sessionmaker)

    # when the order arrives with the reference copied from the checkout
    async with sessionmaker.begin() as session:
        binding = await bind_order(
            session, installation_id, order, reference(acceptance), CHECKOUT_ID
        )

    # then the acceptance is found, bound to the order, and covers every required disclosure
    assert binding.acceptance is not None and binding.acceptance.id == acceptance.id
    assert (binding.complete, binding.missing, binding.reference_mismatch) == (True, [], False)
    assert len(binding.accepted) == 2
    async with sessionmaker() as session:
        held = await session.get_one(Acceptance, acceptance.id)
        assert held.order_id == order.id and held.bound_at is not None


async def test_binding_twice_keeps_the_first_binding(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, acceptance, order = await accepted_shop(sessionmaker)
    async with sessionmaker.begin() as session:
        first = await bind_order(session, installation_id, order, reference(acceptance))
    async with sessionmaker.begin() as session:
        again = await bind_order(session, installation_id, order, reference(acceptance))

    assert first.acceptance is not None and again.acceptance is not None
    assert again.complete and again.acceptance.bound_at == first.acceptance.bound_at


async def test_without_a_reference_the_latest_acceptance_of_the_checkout_is_taken(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, acceptance, order = await accepted_shop(sessionmaker)

    async with sessionmaker.begin() as session:
        binding = await bind_order(session, installation_id, order, None, CHECKOUT_ID)

    assert binding.acceptance is not None and binding.acceptance.id == acceptance.id
    assert binding.complete


async def test_a_reference_whose_hash_differs_is_refused(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, acceptance, order = await accepted_shop(sessionmaker)
    forged = {**reference(acceptance), "hash": "f" * 64}

    async with sessionmaker.begin() as session:
        binding = await bind_order(session, installation_id, order, forged, CHECKOUT_ID)

    # then the order counts as having no acceptance, and says why
    assert binding.acceptance is None and binding.reference_mismatch
    assert binding.mismatch_reason == "the reference's hash is not the record's"
    assert not binding.complete
    assert [d.kind for d in binding.missing] == [
        PolicyKind.RETURN_TERMS,
        PolicyKind.COLOUR_DIFFERENCE,
    ]


async def test_references_that_do_not_check_out_are_refused(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, acceptance, order = await accepted_shop(sessionmaker)
    good = reference(acceptance)
    cases = [
        ({"id": "not-a-uuid", "hash": good["hash"]}, None),
        ({**good, "id": str(uuid.uuid4())}, None),
        ({**good, "versions": good["versions"][:1]}, None),
        (good, "another-checkout"),
    ]

    for bad, checkout_id in cases:
        async with sessionmaker.begin() as session:
            binding = await bind_order(session, installation_id, order, bad, checkout_id)
        assert binding.acceptance is None and binding.reference_mismatch, bad


async def test_an_acceptance_bound_to_another_order_is_refused(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, acceptance, order = await accepted_shop(sessionmaker)
    async with sessionmaker.begin() as session:
        await bind_order(session, installation_id, order, reference(acceptance))
        other = await make_order(session, installation_id, saleor_id="T3JkZXI6Mg==")

        binding = await bind_order(session, installation_id, other, reference(acceptance))

    assert binding.acceptance is None
    assert binding.mismatch_reason == "the acceptance is bound to another order"


async def test_a_required_disclosure_for_an_order_line_not_accepted_is_missing(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given the buyer accepted for a blue line, but the order has a red one
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        await make_policy(session, installation.id)
        colour = await make_policy(
            session, installation.id, kind=PolicyKind.COLOUR_DIFFERENCE, targeting=RED_COLOUR
        )
        blue = checkout(line("blue", attributes={"colour": ("blue",)}))
        (returns,) = await disclosures_for(session, installation.id, blue)
        acceptance = await accept(session, installation.id, blue, [returns.version_id], BUYER)
        order = await make_order(session, installation.id, order_line(colour="red"))

        # when the order is bound
        binding = await bind_order(session, installation.id, order, reference(acceptance))

    # then the acceptance is bound, but the colour note for the red line is missing
    assert binding.acceptance is not None and not binding.complete
    assert [(d.policy_id, d.line_ids) for d in binding.missing] == [
        (colour.id, ("T3JkZXJMaW5lOjE=",))
    ]


async def test_an_order_no_required_policy_applies_to_is_complete_without_acceptance(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        await make_policy(session, installation.id, requires_acceptance=False)
        await make_policy(
            session, installation.id, targeting=Targeting(countries=frozenset({"US"}))
        )
        order = await make_order(session, installation.id)

        binding = await bind_order(session, installation.id, order, None, CHECKOUT_ID)

    assert binding.acceptance is None and binding.complete and not binding.reference_mismatch


async def test_a_version_accepted_before_a_newer_one_was_published_still_counts(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, acceptance, order = await accepted_shop(sessionmaker)
    async with sessionmaker.begin() as session:
        (returns, _) = await service.list_policies(session, installation_id)
        await republish(session, installation_id, returns, "Changed after checkout.")

        binding = await bind_order(session, installation_id, order, reference(acceptance))

    assert binding.complete


async def test_the_acceptances_of_an_order_come_with_their_full_texts_in_six_queries(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    installation_id, acceptance, order = await accepted_shop(sessionmaker)
    async with sessionmaker.begin() as session:
        await bind_order(session, installation_id, order, reference(acceptance))
        counts = await service.acceptance_counts(
            session, installation_id, [i.version_id for i in acceptance.items] + [uuid.uuid4()]
        )

    # when the acceptances of the order are read back
    async with sessionmaker() as session:
        with counting_queries(sessionmaker) as statements:
            (held,) = await accepted_for_order(session, installation_id, order.saleor_id)
            shown = [(i.translation.language, i.translation.body_html) for i in held.items]
            full = [sorted(t.language for t in i.version.translations) for i in held.items]
            kinds = [i.version.policy.kind for i in held.items]

    # then the texts shown, the versions' policies and all their translations took six queries
    assert len(statements) == 6
    assert kinds == [PolicyKind.RETURN_TERMS, PolicyKind.COLOUR_DIFFERENCE]
    assert shown == [
        ("DE", "<p>You may return <strong>unused</strong> items (DE).</p>\n"),
        ("EN", "<p>You may return <strong>unused</strong> items (EN).</p>\n"),
    ]
    assert full == [["DE", "EN"], ["EN"]]
    assert sorted(counts.values()) == [0, 1, 1]
    async with sessionmaker() as session:
        assert await accepted_for_order(session, installation_id, "T3JkZXI6OTk=") == []
