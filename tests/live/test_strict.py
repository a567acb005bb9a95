"""Strict mode against the real Saleor: on a channel that does not confirm new orders by itself,
an order whose buyer accepted the required terms before paying is confirmed by Foresight, and
one without that acceptance stays UNCONFIRMED for staff."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live.conftest import Installed
from tests.live.kit import Kit
from tests.live.shop import (
    CHANNEL,
    ask_foresight,
    checkout,
    dashboard_token,
    eventually,
    pay_and_complete,
)
from tests.live.test_acceptance import ACCEPT, DISCLOSURES, answer, publish_return_terms

pytestmark = pytest.mark.real_saleor

CHANNEL_SETTINGS = """
query($slug: String!) {
  channel(slug: $slug) { id orderSettings { automaticallyConfirmAllNewOrders } }
}
"""
CHANNEL_UPDATE = """
mutation($id: ID!, $confirm: Boolean!) {
  channelUpdate(id: $id, input: {orderSettings: {automaticallyConfirmAllNewOrders: $confirm}}) {
    errors { field code message }
  }
}
"""
ORDER = "query($id: ID!) { order(id: $id) { status events { type message } } }"
WIDGET = Path(__file__).resolve().parents[2] / "saleor_foresight/web/static/widget/fallback.js"


def widgets_report() -> str:
    """The document the storefront widget sends Saleor when Foresight cannot be reached."""
    found = re.search(r"REPORT_UNREACHABLE = saleorGraphql`(.*?)`", WIDGET.read_text(), re.S)
    assert found, "the widget's ForesightReportUnreachable document"
    return found.group(1)


@pytest.fixture
def confirming_by_hand(kit: Kit) -> Iterator[None]:
    """The channel set up as the strict-mode docs say: new orders are not confirmed by Saleor."""
    channel = kit.gql(CHANNEL_SETTINGS, {"slug": CHANNEL})["channel"]
    before = channel["orderSettings"]["automaticallyConfirmAllNewOrders"]
    kit.mutate("channelUpdate", CHANNEL_UPDATE, {"id": channel["id"], "confirm": False})
    try:
        yield
    finally:
        kit.mutate("channelUpdate", CHANNEL_UPDATE, {"id": channel["id"], "confirm": before})


def foresight_note(kit: Kit, order_id: str) -> str | None:
    events = kit.gql(ORDER, {"id": order_id})["order"]["events"]
    notes = [e["message"] or "" for e in events if e["type"] == "NOTE_ADDED"]
    return next((n for n in notes if n.startswith("Foresight")), None)


@pytest.mark.usefixtures("confirming_by_hand")
def test_strict_mode_confirms_only_orders_whose_terms_were_accepted(
    kit: Kit, installed: Installed
) -> None:
    url = installed.served.url
    publish_return_terms(kit, installed, dashboard_token(kit, installed.app_id))

    # given a buyer who accepts every required disclosure before paying ...
    accepting = checkout(kit, "strict-accepting@example.com")
    told = answer(ask_foresight(url, kit, DISCLOSURES, {"id": accepting["id"]}),
                  "checkoutDisclosures")["disclosures"]  # fmt: skip
    required = [d["versionId"] for d in told if d["required"]]
    assert required
    answer(ask_foresight(url, kit, ACCEPT, {"id": accepting["id"], "versions": required}),
           "acceptDisclosures")  # fmt: skip
    # ... and one who pays without accepting anything
    skipping = checkout(kit, "strict-skipping@example.com")

    # when both complete their checkouts into orders Saleor leaves unconfirmed
    accepted_order = pay_and_complete(kit, accepting)
    skipped_order = pay_and_complete(kit, skipping)
    assert accepted_order["status"] == skipped_order["status"] == "UNCONFIRMED"

    # then Foresight confirms the first in Saleor ...
    def confirmed() -> str | None:
        status: str = kit.gql(ORDER, {"id": accepted_order["id"]})["order"]["status"]
        return status if status != "UNCONFIRMED" else None

    assert eventually(confirmed, "Foresight confirming the accepted order") == "UNFULFILLED"
    # ... and leaves the second UNCONFIRMED, telling staff why
    note: str = eventually(lambda: foresight_note(kit, skipped_order["id"]), "the strict note")
    assert "NO acceptance" in note and "unconfirmed" in note.lower()
    held: dict[str, Any] = kit.gql(ORDER, {"id": skipped_order["id"]})["order"]
    assert held["status"] == "UNCONFIRMED"


@pytest.mark.usefixtures("confirming_by_hand")
def test_an_order_placed_while_foresight_was_unreachable_is_flagged_and_held(
    kit: Kit, installed: Installed
) -> None:
    publish_return_terms(kit, installed, dashboard_token(kit, installed.app_id))
    # given a checkout whose widget could not reach Foresight and released the pay button: it
    # told Saleor so, anonymously, as the storefront's browser does
    made = checkout(kit, "strict-unreachable@example.com")
    reported = kit.gql(
        widgets_report(), {"id": made["id"], "value": "2026-12-02T03:00:00Z"}, token=None
    )["updateMetadata"]
    assert reported["errors"] == []

    # when the buyer pays and completes
    order = pay_and_complete(kit, made)

    # then staff are told why the acceptance is missing, and the order waits for them
    note: str = eventually(lambda: foresight_note(kit, order["id"]), "the unreachable note")
    assert "Foresight was unreachable at checkout" in note
    assert kit.gql(ORDER, {"id": order["id"]})["order"]["status"] == "UNCONFIRMED"
