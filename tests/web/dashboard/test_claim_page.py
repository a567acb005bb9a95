"""A claim on the app's page: the buyer's report opens the thread, the disclosure the buyer
accepted that bears on the reason stands out as the shop's evidence, decisions sit apart from
the conversation, and an offer names the money and the items it covers."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.async_api import Page, expect

from saleor_foresight.runtime import AppState
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import Parcel, deliver, ship
from tests.graphql.policies.support import current_version, published_policy
from tests.graphql.policies.test_accept_disclosures import accept
from tests.saleor_double import SaleorDouble
from tests.web.dashboard.conftest import ON_SESSION_LOOP, Dashboard, snapshot
from tests.web.dashboard.test_app_page import CLAIM_CREATE, file_claim

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]

OFFER = "{ claim(id: $id) { offer { kind currency lines { productName quantity } } } }"


async def colour_claim(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> dict[str, Any]:
    """A buyer who accepted the colour warning and the return terms, then says the colour
    differs."""
    colour = current_version(
        await published_policy(
            client, saleor, kind="COLOUR_DIFFERENCE", title="Colours may differ",
            body="Screens show colours differently.", consent="I understand",
            return_window_days=None,
        )
    )  # fmt: skip
    returns = current_version(await published_policy(client, saleor))
    checkout = saleor.add_checkout(
        [(saleor.add_product(price="120.00"), 2)], email="ada@example.com"
    )
    await accept(client, saleor, checkout["id"], [returns["id"], colour["id"]])
    order = saleor.add_order(checkout=checkout)
    order["checkoutId"] = checkout["id"]
    await deliver(client, saleor, "ORDER_CREATED", order=order)
    await state.worker.run_once()
    fulfillment = saleor.add_fulfillment(order, tracking_number="DHL-1")
    await deliver(client, saleor, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment)
    line = order["lines"][0]
    response = await gql(client, saleor, CLAIM_CREATE, {"input": {
        "orderId": order["id"], "email": order["userEmail"], "reason": "COLOUR_DIFFERENT",
        "lines": [{"orderLineId": line["id"], "quantity": 2}], "wishedResolution": "REFUND",
        "message": "The scarf is orange, not red.", "confirmEarly": True,
    }})  # fmt: skip
    payload = response.json()["data"]["claimCreate"]
    assert payload["errors"] == [], payload
    claim: dict[str, Any] = payload["claim"]
    return claim


async def test_the_colour_warning_accepted_is_the_shops_evidence(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient, state: AppState
) -> None:
    # given a colour claim by a buyer who accepted the colour warning before paying
    claim = await colour_claim(client, dashboard.saleor, state)

    # when staff open it
    frame = await dashboard.open(page, f"/dashboard/app/claims/{claim['id']}")

    # then the thread opens with the buyer's report, not "File"
    first = frame.locator(".events li").first
    await expect(first).to_contain_text("Buyer's report")
    await expect(first).to_contain_text("The scarf is orange, not red.")
    await expect(frame.locator(".events")).not_to_contain_text("File")
    # and the colour warning comes first, marked as the shop's evidence; the rest as before
    accepted = frame.locator(".evidence li.accepted")
    await expect(accepted).to_have_count(2)
    await expect(accepted.first).to_have_class("accepted accepted-evidence")
    await expect(accepted.first).to_contain_text("The shop's evidence")
    await expect(accepted.first).to_contain_text("Colours may differ v1")
    await expect(accepted.nth(1)).not_to_contain_text("The shop's evidence")
    await snapshot(page, "app-claim-colour")


async def test_decisions_sit_apart_and_an_offer_names_money_and_items(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient, state: AppState
) -> None:
    # given a claim for two items of an order worth 240 USD
    claim = await colour_claim(client, dashboard.saleor, state)
    frame = await dashboard.open(page, f"/dashboard/app/claims/{claim['id']}")

    # then the decisions and the conversation are two groups
    decide = frame.get_by_role("group", name="Decide")
    talk = frame.get_by_role("group", name="Talk to the buyer")
    await expect(decide.get_by_role("button", name="Offer a resolution")).to_be_visible()
    await expect(decide.get_by_role("button", name="Reject")).to_be_visible()
    await expect(talk.get_by_role("button", name="Reply")).to_be_visible()
    await expect(talk.get_by_role("button", name="Internal note")).to_be_visible()
    await expect(decide.get_by_role("button", name="Reply")).to_have_count(0)

    # when staff offer a resolution
    await decide.get_by_role("button", name="Offer a resolution").click()
    form = frame.locator("form.composer")

    # then it names the currency, the order's total and the most that can be refunded
    facts = form.locator(".money-facts")
    await expect(facts).to_contain_text("USD")
    await expect(facts).to_contain_text("Order total")
    await expect(facts).to_contain_text("At most refundable")
    quantity = form.get_by_role("spinbutton", name="Quantity of")
    await expect(quantity).to_have_value("2")
    # and a partial refund asks for an amount in the order's currency instead of items
    await form.get_by_label("Resolution").select_option("PARTIAL_REFUND")
    await expect(form.get_by_label("Amount (USD)")).to_be_visible()
    await expect(form.locator(".lines-picker")).to_be_hidden()

    # when they offer a refund of one of the two items
    await form.get_by_label("Resolution").select_option("REFUND")
    await quantity.fill("1")
    await form.get_by_role("button", name="Offer a resolution").click()
    await expect(frame.get_by_text("The offer was sent")).to_be_visible()

    # then the offer covers one item
    response = await gql(
        client, dashboard.saleor, f"query($id: ID!) {OFFER}", {"id": claim["id"]},
        token=dashboard.saleor.staff_token(),
    )  # fmt: skip
    offer = response.json()["data"]["claim"]["offer"]
    assert offer["kind"] == "REFUND" and offer["currency"] == "USD"
    assert [line["quantity"] for line in offer["lines"]] == [1]


async def test_a_damage_claim_marks_no_acceptance_as_evidence(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given a damage claim (nothing the buyer accepted bears on damage)
    parcel: Parcel = await ship(client, dashboard.saleor)
    claim = await file_claim(client, dashboard.saleor, parcel)

    # when staff open it, then nothing is marked as the shop's evidence
    frame = await dashboard.open(page, f"/dashboard/app/claims/{claim['id']}")
    await expect(frame.locator(".events li").first).to_contain_text("Buyer's report")
    await expect(frame.get_by_text("The shop's evidence")).to_have_count(0)
