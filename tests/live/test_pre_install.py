"""Orders the shop took before it installed Foresight (the kit's populated shop has some): the
backfill brings the recent ones in after the install, and staff and the buyer then see them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.live.conftest import Installed
from tests.live.kit import Kit
from tests.live.shop import ask_foresight, dashboard_token, eventually

pytestmark = pytest.mark.real_saleor

BACKFILL = "query { orderBackfill { status since orders pages finishedAt lastError } }"
OLDEST = """
query($since: DateTime!) {
  orders(first: 100, sortBy: {field: CREATED_AT, direction: ASC},
         where: {createdAt: {gte: $since}}) {
    edges { node { id number created userEmail fulfillments { id } } }
  }
}
"""
PROOF = """
query($o: ID!, $e: String) {
  orderDispatchProof(orderId: $o, email: $e) { orderNumber fulfillments { id } }
}
"""


def test_the_backfill_brings_in_the_orders_placed_before_the_install(
    kit: Kit, installed: Installed
) -> None:
    url, staff = installed.served.url, dashboard_token(kit, installed.app_id)

    # given the shop's orders placed before Foresight was installed, within the backfill's days
    def done() -> dict[str, Any] | None:
        body = ask_foresight(url, kit, BACKFILL, token=staff).json()
        backfill: dict[str, Any] = body["data"]["orderBackfill"]
        assert backfill["status"] != "FAILED", backfill
        return backfill if backfill["status"] == "DONE" else None

    # when the backfill the install started has finished
    backfill = eventually(done, "the backfill of the older orders", seconds=180)

    since = datetime.fromisoformat(backfill["since"])
    older = [
        e["node"] for e in kit.gql(OLDEST, {"since": backfill["since"]})["orders"]["edges"]
        if datetime.fromisoformat(e["node"]["created"]) < datetime.fromisoformat(
            backfill["finishedAt"]
        )
    ]  # fmt: skip
    assert older, f"the kit's shop has no order placed since {since}"
    assert backfill["orders"] >= len(older) and backfill["lastError"] is None

    # then staff see each of them in Foresight, parcels included ...
    for order in older[:5]:
        body = ask_foresight(url, kit, PROOF, {"o": order["id"]}, staff).json()
        proof = body["data"]["orderDispatchProof"]
        assert proof["orderNumber"] == str(order["number"]), body
        assert sorted(f["id"] for f in proof["fulfillments"]) == sorted(
            f["id"] for f in order["fulfillments"]
        )
    # ... and a buyer with the order's e-mail sees theirs, while another e-mail sees nothing
    first = older[0]
    mine = ask_foresight(url, kit, PROOF, {"o": first["id"], "e": first["userEmail"]}).json()
    assert mine["data"]["orderDispatchProof"]["orderNumber"] == str(first["number"])
    theirs = ask_foresight(url, kit, PROOF, {"o": first["id"], "e": "not-the-buyer@example.com"})
    assert theirs.status_code == 200 and theirs.json()["data"]["orderDispatchProof"] is None
