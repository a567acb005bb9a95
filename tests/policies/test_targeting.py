"""Targeting: OR within a dimension, AND across, gates on channel and country."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.orders import record
from saleor_foresight.policies.errors import PolicyError, PolicyErrorCode
from saleor_foresight.policies.targeting import (
    AttributeRule,
    CheckoutFacts,
    LineFacts,
    Targeting,
    cart_fingerprint,
    facts_from_order,
)
from tests.factories import make_installation
from tests.policies.factories import checkout, line, make_order, order_line

LINE_DIMENSIONS = ("products", "product_types", "categories", "collections", "attributes")
IDS = st.sampled_from(["a", "b", "c", "d"])
ids = st.frozensets(IDS, max_size=3)

lines = st.builds(
    LineFacts,
    line_id=st.uuids().map(str),
    product_id=st.one_of(st.none(), IDS),
    product_type_id=st.one_of(st.none(), IDS),
    category_id=st.one_of(st.none(), IDS),
    collection_ids=ids,
    attributes=st.dictionaries(st.sampled_from(["colour", "size"]), ids, max_size=2),
)
facts = st.builds(
    CheckoutFacts,
    checkout_id=st.just("Q2hlY2tvdXQ6MQ=="),
    channel=st.sampled_from(["eu", "us"]),
    country=st.one_of(st.none(), st.sampled_from(["DE", "FR", "US"])),
    lines=st.lists(lines, max_size=4, unique_by=lambda line: line.line_id).map(tuple),
)
rules = st.lists(
    st.builds(AttributeRule, attribute=st.sampled_from(["colour", "size"]), values=ids),
    max_size=2,
).map(tuple)
targetings = st.builds(
    Targeting,
    channels=st.frozensets(st.sampled_from(["eu", "us"]), max_size=2),
    countries=st.frozensets(st.sampled_from(["DE", "FR", "US"]), max_size=2),
    product_types=ids,
    categories=ids,
    collections=ids,
    products=ids,
    attributes=rules,
)


def only(targeting: Targeting, dimension: str) -> Targeting:
    """``targeting`` restricted to one line dimension (gates kept)."""
    cleared = {d: () if d == "attributes" else frozenset() for d in LINE_DIMENSIONS}
    cleared[dimension] = getattr(targeting, dimension)
    return replace(targeting, **cleared)


@given(facts)
def test_no_targeting_covers_every_line(checkout_facts: CheckoutFacts) -> None:
    assert Targeting().covered_lines(checkout_facts) == tuple(
        line.line_id for line in checkout_facts.lines
    )


@given(targetings, facts)
def test_dimensions_combine_with_and(targeting: Targeting, checkout_facts: CheckoutFacts) -> None:
    # a line is covered exactly when every dimension on its own covers it
    each = [set(only(targeting, d).covered_lines(checkout_facts)) for d in LINE_DIMENSIONS]
    assert set(targeting.covered_lines(checkout_facts)) == set.intersection(*each)


@given(targetings, facts, st.sampled_from(LINE_DIMENSIONS[:4]), IDS)
def test_values_within_a_dimension_combine_with_or(
    targeting: Targeting, checkout_facts: CheckoutFacts, dimension: str, extra: str
) -> None:
    # given a dimension that already restricts
    values = getattr(targeting, dimension)
    assume(values)
    wider = replace(targeting, **{dimension: values | {extra}})

    # then a further value in it can only add lines
    assert set(targeting.covered_lines(checkout_facts)) <= set(wider.covered_lines(checkout_facts))


@given(targetings, facts)
def test_a_line_dimension_covers_the_lines_with_one_of_its_values(
    targeting: Targeting, checkout_facts: CheckoutFacts
) -> None:
    assume(targeting.admits(checkout_facts))
    ours = only(targeting, "products")
    expected = [
        line.line_id
        for line in checkout_facts.lines
        if not targeting.products or line.product_id in targeting.products
    ]
    assert list(ours.covered_lines(checkout_facts)) == expected


@given(targetings, facts)
def test_gates_decide_for_the_whole_checkout(
    targeting: Targeting, checkout_facts: CheckoutFacts
) -> None:
    channel_ok = not targeting.channels or checkout_facts.channel in targeting.channels
    country_ok = not targeting.countries or checkout_facts.country in targeting.countries
    if not (channel_ok and country_ok):
        assert targeting.covered_lines(checkout_facts) == ()


@given(targetings)
def test_json_round_trips(targeting: Targeting) -> None:
    assert Targeting.from_json(targeting.to_json()) == targeting


def test_a_policy_for_some_countries_waits_for_the_shipping_country() -> None:
    # given a policy for Germany and a checkout with no shipping address yet
    targeting = Targeting(countries=frozenset({"DE"}))

    # then it does not apply until the country is known, and then only for Germany
    assert targeting.covered_lines(checkout(country=None)) == ()
    assert targeting.covered_lines(checkout(country="FR")) == ()
    assert targeting.covered_lines(checkout(country="DE")) == ("L1",)


def test_an_attribute_rule_needs_a_value_and_one_of_the_given_values() -> None:
    # given lines: red, blue, colour with no value, no colour at all
    facts = checkout(
        line("red", attributes={"colour": ("red",)}),
        line("blue", attributes={"colour": ("blue",)}),
        line("blank", attributes={"colour": ()}),
        line("none"),
    )

    # then "has colour" covers the lines with a colour, "colour is red" the red one
    assert Targeting(attributes=(AttributeRule("colour"),)).covered_lines(facts) == (
        "red",
        "blue",
    )
    only_red = Targeting(attributes=(AttributeRule("colour", frozenset({"red"})),))
    assert only_red.covered_lines(facts) == ("red",)


def test_rules_for_one_attribute_merge_and_any_value_wins() -> None:
    targeting = Targeting(
        attributes=(
            AttributeRule("colour", frozenset({"red"})),
            AttributeRule("colour", frozenset({"blue"})),
            AttributeRule("size"),
            AttributeRule("size", frozenset({"xl"})),
        )
    )

    assert targeting.to_json()["attributes"] == [
        {"attribute": "colour", "values": ["blue", "red"]},
        {"attribute": "size", "values": []},
    ]


def test_json_is_empty_for_no_targeting_and_upper_cases_countries() -> None:
    assert Targeting().to_json() == {}
    assert Targeting.from_json({"countries": ["de"]}).countries == {"DE"}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"regions": ["EU"]}, "targeting"),
        ({"channels": "default-channel"}, "channels"),
        ({"countries": ["Germany"]}, "countries"),
        ({"products": [""]}, "products"),
        ({"attributes": [{"values": ["red"]}]}, "attributes"),
        ({"products": [str(n) for n in range(1001)]}, "targeting"),
    ],
)
def test_bad_targeting_is_invalid(data: dict[str, object], field: str) -> None:
    with pytest.raises(PolicyError) as caught:
        Targeting.from_json(data)
    assert (caught.value.code, caught.value.field) == (PolicyErrorCode.INVALID, field)


def test_the_cart_fingerprint_ignores_line_order_and_sees_a_new_line() -> None:
    first, second = line("L1"), line("L2", product="P2")

    assert cart_fingerprint(checkout(first, second)) == cart_fingerprint(checkout(second, first))
    assert cart_fingerprint(checkout(first)) != cart_fingerprint(checkout(first, second))
    assert cart_fingerprint(checkout(first)) != cart_fingerprint(checkout(first, country="FR"))


async def test_an_order_record_reads_as_facts(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # given an order recorded with a red line whose colour appears twice (variant and product)
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        snapshot_line = order_line()
        doubled = replace(
            snapshot_line,
            attributes=(
                *snapshot_line.attributes,
                record.AttributeSnapshot("colour", ("crimson",), ("Crimson",)),
            ),
        )
        order = await make_order(session, installation.id, doubled)

        # when it is read as targeting facts
        facts = facts_from_order(order, "DE")

    # then the lines carry their product data and every colour value
    assert (facts.checkout_id, facts.channel, facts.country, facts.language) == (
        "T3JkZXI6MQ==",
        "default-channel",
        "DE",
        "DE",
    )
    assert facts.lines == (
        LineFacts(
            line_id="T3JkZXJMaW5lOjE=",
            product_id="P1",
            product_type_id="PT1",
            category_id="C1",
            attributes={"colour": frozenset({"red", "crimson"})},
        ),
    )
