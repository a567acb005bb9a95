"""End to end: the buyer accepts at checkout, the order arrives, Foresight binds the acceptance,
tells staff in an order note, confirms the order in strict mode, and proves it later."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from saleor_foresight.orders import record
from saleor_foresight.plugin import installations
from saleor_foresight.runtime import AppState
from saleor_foresight.settings import Settings
from tests.graphql.conftest import gql
from tests.graphql.policies.support import current_version, published_policy
from tests.graphql.policies.test_accept_disclosures import accept
from tests.plugin.webhooks.conftest import delivery_for, post
from tests.saleor_double import SaleorDouble

ORDER_ACCEPTANCES = """
query Accepted($orderId: ID!, $email: String) {
  orderAcceptances(orderId: $orderId, email: $email) {
    recordHash items { title contentHash bodyMarkdown required }
  }
}
"""

AWAITING = """
query Awaiting($channel: String) {
  ordersAwaitingAcceptance(channel: $channel) { orderId number status }
}
"""

AWAITING_WHY = """
query Awaiting($channel: String) {
  ordersAwaitingAcceptance(channel: $channel) { orderId status unacceptedReason }
}
"""

VERIFY = """
query Verify($orderId: ID) {
  acceptanceVerify(orderId: $orderId) {
    valid recordsChecked tamperedRecords tamperedVersions brokenLinks
    orderAcceptances { recordHash }
  }
}
"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"strict_acceptance_channels": ("default-channel",)})


async def place_order(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState, checkout: dict[str, Any]
) -> dict[str, Any]:
    order = saleor.add_order(checkout=checkout, status="UNCONFIRMED")
    order["checkoutId"] = checkout["id"]
    response = await post(client, delivery_for(saleor, "ORDER_CREATED", order=order))
    assert response.status_code == 200, response.text
    await state.worker.run_once()
    return order


async def test_an_accepted_checkout_becomes_a_confirmed_order_with_a_note(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    version = current_version(await published_policy(client, installed))
    checkout = installed.add_checkout([(installed.add_product(), 1)], email="ada@example.com")
    accepted = await accept(client, installed, checkout["id"], [version["id"]])

    order = await place_order(client, installed, state, checkout)

    (note,) = [c["input"]["message"] for c in installed.calls_to("orderNoteAdd")]
    assert f"Return terms v1 (sha256 {version['contentHash'][:12]}" in note
    assert "email ada@example.com" in note and "127.0.0.1" in note
    assert [c["id"] for c in installed.calls_to("orderConfirm")] == [order["id"]]
    summary = json.loads(installed.private_metadata(order["id"])["foresight.acceptance.summary"])
    assert summary["status"] == "COMPLETE"
    assert summary["hash"] == accepted["acceptance"]["recordHash"]

    # and the buyer (a guest with the order's email) and staff read it back with the full text
    as_guest = await gql(
        client, installed, ORDER_ACCEPTANCES, {"orderId": order["id"], "email": "ada@example.com"}
    )
    as_staff = await gql(
        client, installed, ORDER_ACCEPTANCES, {"orderId": order["id"]},
        token=installed.staff_token(user_permissions=("MANAGE_ORDERS",)),
    )  # fmt: skip
    as_stranger = await gql(
        client, installed, ORDER_ACCEPTANCES, {"orderId": order["id"], "email": "eve@example.com"}
    )
    for response in (as_guest, as_staff):
        (shown,) = response.json()["data"]["orderAcceptances"]
        assert shown["items"][0]["bodyMarkdown"] == "You may return goods within **30 days**."
        assert shown["items"][0]["contentHash"] == version["contentHash"]
    assert as_stranger.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_an_order_without_acceptance_is_flagged_and_left_unconfirmed(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    await published_policy(client, installed)
    checkout = installed.add_checkout([(installed.add_product(), 1)])

    order = await place_order(client, installed, state, checkout)

    (note,) = [c["input"]["message"] for c in installed.calls_to("orderNoteAdd")]
    assert "NO acceptance recorded" in note and "Return terms v1" in note
    assert "Left unconfirmed (strict mode)" in note
    assert installed.calls_to("orderConfirm") == []
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, installed.api_url)
        held = await record.get_order(session, installation.id, order["id"])
        assert held is not None and held.acceptance_status == "MISSING"
    # and staff find it in the list of orders awaiting acceptance
    listed = await gql(
        client, installed, AWAITING, {"channel": "default-channel"},
        token=installed.staff_token(user_permissions=("MANAGE_ORDERS",)),
    )  # fmt: skip
    assert listed.json()["data"]["ordersAwaitingAcceptance"] == [
        {"orderId": order["id"], "number": order["number"], "status": "UNCONFIRMED"}
    ]


async def test_strict_mode_does_not_claim_to_hold_an_order_saleor_already_confirmed(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a strict channel that Saleor still confirms all new orders of, by itself
    await published_policy(client, installed)
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    order = installed.add_order(checkout=checkout, status="UNFULFILLED")

    # when the order arrives without acceptance, already confirmed
    response = await post(client, delivery_for(installed, "ORDER_CREATED", order=order))
    assert response.status_code == 200, response.text
    await state.worker.run_once()

    # then the note says what really happened, not that strict mode held it
    (note,) = [c["input"]["message"] for c in installed.calls_to("orderNoteAdd")]
    assert "NO acceptance recorded" in note
    assert "Left unconfirmed" not in note
    assert "Saleor had already confirmed this order (status UNFULFILLED" in note
    assert "strict mode could not hold it" in note
    assert installed.calls_to("orderConfirm") == []


async def test_an_order_placed_while_foresight_was_unreachable_is_flagged_and_held(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a checkout whose widget could not reach Foresight and let the buyer pay: it wrote
    # foresight.unreachable into the checkout's public metadata, which Saleor copies
    await published_policy(client, installed)
    reported = json.dumps({"at": "2026-12-08T10:00:00Z", "during": "load"})
    checkout = installed.add_checkout(
        [(installed.add_product(), 1)], metadata={"foresight.unreachable": reported}
    )

    # when the order arrives, in a strict channel that leaves it UNCONFIRMED
    order = await place_order(client, installed, state, checkout)

    # then the note and the summary say why it has no acceptance, and it stays unconfirmed
    (note,) = [c["input"]["message"] for c in installed.calls_to("orderNoteAdd")]
    assert "NO acceptance recorded" in note
    assert "Placed without acceptance: Foresight was unreachable at checkout" in note
    assert "Left unconfirmed (strict mode)" in note
    assert installed.calls_to("orderConfirm") == []
    summary = json.loads(installed.private_metadata(order["id"])["foresight.acceptance.summary"])
    assert summary["status"] == "MISSING" and summary["reason"] == "FORESIGHT_UNREACHABLE"
    listed = await gql(
        client, installed, AWAITING_WHY, {"channel": "default-channel"},
        token=installed.staff_token(user_permissions=("MANAGE_ORDERS",)),
    )  # fmt: skip
    assert listed.json()["data"]["ordersAwaitingAcceptance"] == [
        {
            "orderId": order["id"],
            "status": "UNCONFIRMED",
            "unacceptedReason": "FORESIGHT_UNREACHABLE",
        }
    ]


async def test_an_unreachable_report_never_stands_in_for_a_complete_acceptance(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a buyer who accepted, on a checkout that also carries the unreachable report
    version = current_version(await published_policy(client, installed))
    checkout = installed.add_checkout(
        [(installed.add_product(), 1)], metadata={"foresight.unreachable": "{}"}
    )
    await accept(client, installed, checkout["id"], [version["id"]])

    # when the order arrives
    order = await place_order(client, installed, state, checkout)

    # then it is confirmed as complete, without the flag
    (note,) = [c["input"]["message"] for c in installed.calls_to("orderNoteAdd")]
    assert "unreachable" not in note
    assert [c["id"] for c in installed.calls_to("orderConfirm")] == [order["id"]]
    summary = json.loads(installed.private_metadata(order["id"])["foresight.acceptance.summary"])
    assert summary["status"] == "COMPLETE" and summary["reason"] is None


async def test_verification_detects_an_altered_text_and_an_altered_record(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    version = current_version(await published_policy(client, installed))
    checkout = installed.add_checkout([(installed.add_product(), 1)])
    await accept(client, installed, checkout["id"], [version["id"]])
    order = await place_order(client, installed, state, checkout)
    staff = installed.staff_token(user_permissions=("MANAGE_ORDERS",))
    before = (await gql(client, installed, VERIFY, {"orderId": order["id"]}, token=staff)).json()

    async with state.sessionmaker.begin() as session:
        await session.execute(text("UPDATE policy_translation SET body_markdown = 'No returns.'"))
        await session.execute(text("UPDATE acceptance SET email = 'someone-else@example.com'"))
    after = (await gql(client, installed, VERIFY, {"orderId": order["id"]}, token=staff)).json()

    assert before["data"]["acceptanceVerify"]["valid"] is True
    report = after["data"]["acceptanceVerify"]
    assert report["valid"] is False
    assert len(report["tamperedVersions"]) == 1 and len(report["tamperedRecords"]) == 1
