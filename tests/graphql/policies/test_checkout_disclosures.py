"""checkoutDisclosures: what applies to a checkout, read from Saleor once per change."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import event

from saleor_foresight.runtime import AppState
from tests.graphql.conftest import gql
from tests.graphql.policies.support import (
    POLICY_DRAFT_SAVE,
    POLICY_PUBLISH,
    current_version,
    published_policy,
    staff_call,
)
from tests.graphql.policies.test_accept_disclosures import accept
from tests.plugin.webhooks.conftest import delivery_for, post
from tests.saleor_double import SaleorDouble

CHECKOUT_DISCLOSURES = """
query Disclosures($checkoutId: ID!, $languageCode: String) {
  checkoutDisclosures(checkoutId: $checkoutId, languageCode: $languageCode) {
    checkoutId languageCode acceptanceRequired
    disclosures { versionId kind title html consentLabel required contentHash lineIds
                  languageCode fellBack returnWindowDays }
  }
}
"""


async def disclosures_of(
    client: httpx.AsyncClient, saleor: SaleorDouble, checkout_id: str, language: str | None = None
) -> dict[str, Any]:
    response = await gql(
        client, saleor, CHECKOUT_DISCLOSURES,
        {"checkoutId": checkout_id, "languageCode": language},
    )  # fmt: skip
    body = response.json()
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["checkoutDisclosures"]
    return result


async def test_a_colour_warning_covers_only_the_lines_with_a_colour(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    returns = await published_policy(client, installed)
    colour = await published_policy(
        client, installed, kind="COLOUR_DIFFERENCE", title="Colours may differ",
        body="Screens show colours differently.", consent="I understand colours may differ",
        targeting={"attributes": [{"attribute": "colour"}]},
    )  # fmt: skip
    red = installed.add_product("Silk scarf", attributes={"colour": ["Red"]})
    plain = installed.add_product("LED torch")
    checkout = installed.add_checkout([(red, 1), (plain, 2)])

    result = await disclosures_of(client, installed, checkout["id"])

    red_line, plain_line = (line["id"] for line in checkout["lines"])
    shown = {d["title"]: d for d in result["disclosures"]}
    assert set(shown) == {"Return terms", "Colours may differ"}
    assert shown["Colours may differ"]["lineIds"] == [red_line]
    assert sorted(shown["Return terms"]["lineIds"]) == sorted([red_line, plain_line])
    assert shown["Return terms"]["versionId"] == current_version(returns)["id"]
    assert shown["Colours may differ"]["contentHash"] == current_version(colour)["contentHash"]
    assert shown["Return terms"]["returnWindowDays"] == 30
    assert result["acceptanceRequired"] is True


NAMES_AND_ACCEPTANCE = """
query Disclosures($checkoutId: ID!) {
  checkoutDisclosures(checkoutId: $checkoutId) {
    disclosures { title coversEveryLine lines { lineId name } }
    acceptance { id recordHash acceptedAt versionIds }
  }
}
"""


async def names_and_acceptance(
    client: httpx.AsyncClient, saleor: SaleorDouble, checkout_id: str
) -> dict[str, Any]:
    body = (await gql(client, saleor, NAMES_AND_ACCEPTANCE, {"checkoutId": checkout_id})).json()
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["checkoutDisclosures"]
    return result


async def test_a_disclosure_names_the_items_it_covers(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a colour warning for the coloured items of a cart of three
    await published_policy(client, installed)
    await published_policy(
        client, installed, kind="COLOUR_DIFFERENCE", title="Colours may differ",
        targeting={"attributes": [{"attribute": "colour"}]},
    )  # fmt: skip
    scarf = installed.add_product("Silk scarf", variant_name="Red", attributes={"colour": ["Red"]})
    cap = installed.add_product("Cap", variant_name="Cap", attributes={"colour": ["Navy"]})
    torch = installed.add_product("LED torch")
    checkout = installed.add_checkout([(scarf, 1), (cap, 1), (torch, 2)])

    # when
    result = await names_and_acceptance(client, installed, checkout["id"])

    # then the warning names its two items once each, and the terms cover the whole cart
    shown = {d["title"]: d for d in result["disclosures"]}
    scarf_line, cap_line, _ = (line["id"] for line in checkout["lines"])
    assert shown["Colours may differ"]["lines"] == [
        {"lineId": scarf_line, "name": "Silk scarf (Red)"},
        {"lineId": cap_line, "name": "Cap"},
    ]
    assert shown["Colours may differ"]["coversEveryLine"] is False
    assert shown["Return terms"]["coversEveryLine"] is True
    assert result["acceptance"] is None


async def test_an_acceptance_holds_for_the_checkout_until_its_lines_change(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a buyer who accepted the terms of their checkout
    returns = await published_policy(client, installed)
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    version = current_version(returns)["id"]
    accepted = (await accept(client, installed, checkout["id"], [version]))["acceptance"]

    # when the page is loaded again, the acceptance is there
    held = (await names_and_acceptance(client, installed, checkout["id"]))["acceptance"]
    assert held["id"] == accepted["id"]
    assert held["recordHash"] == accepted["recordHash"]
    assert held["versionIds"] == [version]

    # when the buyer adds an item (Saleor tells Foresight), it no longer holds
    checkout["lines"].append(checkout["lines"][0] | {"id": "Q2hlY2tvdXRMaW5lOjk="})
    checkout["updatedAt"] = "2999-01-01T00:00:00+00:00"
    await post(client, delivery_for(installed, "CHECKOUT_UPDATED", checkout=checkout))
    assert (await names_and_acceptance(client, installed, checkout["id"]))["acceptance"] is None


async def test_an_acceptance_holds_only_for_the_cart_saleor_has_now(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given an accepted checkout, then an item added whose webhook has not arrived yet
    returns = await published_policy(client, installed)
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    await accept(client, installed, checkout["id"], [current_version(returns)["id"]])
    await names_and_acceptance(client, installed, checkout["id"])  # answered, and cached
    checkout["lines"].append(checkout["lines"][0] | {"id": "Q2hlY2tvdXRMaW5lOjk="})
    asked = len(installed.calls_to("checkout"))

    # when the page is loaded again
    reloaded = await names_and_acceptance(client, installed, checkout["id"])

    # then Foresight asked Saleor before calling it accepted, and it is not
    assert len(installed.calls_to("checkout")) == asked + 1
    assert reloaded["acceptance"] is None
    assert len(reloaded["disclosures"][0]["lines"]) == 2


async def test_an_acceptance_of_a_superseded_version_does_not_hold(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given an acceptance, then staff publish a new version of the terms
    returns = await published_policy(client, installed)
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    await accept(client, installed, checkout["id"], [current_version(returns)["id"]])
    await staff_call(
        client, installed, POLICY_DRAFT_SAVE,
        {"policy": returns["id"], "input": {"returnWindowDays": 14, "translations": [
            {"languageCode": "EN", "title": "Return terms", "body": "14 days.",
             "consentLabel": "I accept"}]}},
    )  # fmt: skip
    await staff_call(client, installed, POLICY_PUBLISH, {"policy": returns["id"]})

    # then the checkout asks again
    assert (await names_and_acceptance(client, installed, checkout["id"]))["acceptance"] is None


async def test_a_missing_language_falls_back_and_says_so(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    await published_policy(
        client, installed,
        translations=[
            {"languageCode": "EN", "title": "Return terms", "body": "30 days.",
             "consentLabel": "I accept"},
            {"languageCode": "DE", "title": "Rückgabe", "body": "30 Tage.",
             "consentLabel": "Ich stimme zu"},
        ],
    )  # fmt: skip
    checkout = installed.add_checkout([(installed.add_product(), 1)])

    german = await disclosures_of(client, installed, checkout["id"], "de")
    klingon = await disclosures_of(client, installed, checkout["id"], "TLH")

    assert (german["disclosures"][0]["title"], german["disclosures"][0]["fellBack"]) == (
        "Rückgabe", False,
    )  # fmt: skip
    assert (klingon["disclosures"][0]["title"], klingon["disclosures"][0]["fellBack"]) == (
        "Return terms", True,
    )  # fmt: skip


async def test_an_unknown_or_foreign_checkout_is_not_found(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    foreign = SaleorDouble("https://other.test/graphql/").add_checkout([])

    for checkout_id in ("Q2hlY2tvdXQ6bm9uZQ==", foreign["id"]):
        response = await gql(client, installed, CHECKOUT_DISCLOSURES, {"checkoutId": checkout_id})
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == "NOT_FOUND"


async def test_an_unchanged_checkout_is_answered_without_asking_saleor_again(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    await published_policy(client, installed)
    checkout = installed.add_checkout([(installed.add_product(), 1)])

    await disclosures_of(client, installed, checkout["id"])
    await disclosures_of(client, installed, checkout["id"])
    asked_before_change = len(installed.calls_to("checkout"))

    # when the buyer changes the cart, Saleor sends CHECKOUT_UPDATED
    checkout["lines"].append(checkout["lines"][0] | {"id": "Q2hlY2tvdXRMaW5lOjk="})
    checkout["updatedAt"] = "2999-01-01T00:00:00+00:00"
    await post(client, delivery_for(installed, "CHECKOUT_UPDATED", checkout=checkout))
    after_change = await disclosures_of(client, installed, checkout["id"])

    assert asked_before_change == 1
    assert len(installed.calls_to("checkout")) == 2
    assert len(after_change["disclosures"][0]["lineIds"]) == 2


async def test_sql_queries_do_not_grow_with_lines_or_policies(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    small = installed.add_checkout([(installed.add_product(), 1)])
    await published_policy(client, installed)
    few = await count_queries(state, client, installed, small["id"])

    for n in range(9):
        await published_policy(client, installed, kind="CUSTOM", title=f"Policy {n}")
    products = [
        installed.add_product(f"Product {n}", attributes={"colour": ["Red"]}) for n in range(20)
    ]
    large = installed.add_checkout([(p, 1) for p in products])
    many = await count_queries(state, client, installed, large["id"])

    assert many == few


async def count_queries(
    state: AppState, client: httpx.AsyncClient, saleor: SaleorDouble, checkout_id: str
) -> int:
    await disclosures_of(client, saleor, checkout_id)  # warm the cache
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    engine = state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        await disclosures_of(client, saleor, checkout_id)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)
