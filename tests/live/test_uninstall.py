"""The last journey: the shop removes the app in Saleor (``appDelete`` → APP_DELETED); Foresight
stops serving that Saleor and keeps every record. Runs after the other live journeys."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from tests.live.conftest import Installed
from tests.live.kit import Kit
from tests.live.shop import ask_foresight, checkout, eventually, pay_and_complete

pytestmark = pytest.mark.real_saleor

DELETE = "mutation($id: ID!) { appDelete(id: $id) { app { id } errors { field code message } } }"


def rows(installed: Installed, query: str) -> list[tuple[Any, ...]]:
    database = installed.served.data_dir / "foresight.sqlite3"
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchall()


def test_removing_the_app_stops_foresight_for_that_saleor_and_keeps_its_records(
    kit: Kit, installed: Installed
) -> None:
    # given an order Foresight recorded, besides whatever the other journeys left
    order = pay_and_complete(kit, checkout(kit, "leaving@example.com"))
    recorded = f"SELECT count(*) FROM order_record WHERE saleor_id = '{order['id']}'"  # noqa: S608
    eventually(lambda: rows(installed, recorded)[0][0] or None, "the order in Foresight")
    orders_before = rows(installed, "SELECT count(*) FROM order_record")[0][0]

    # when staff delete the app in the Dashboard
    kit.mutate("appDelete", DELETE, {"id": installed.app_id})

    # then Foresight took APP_DELETED: that Saleor is no longer served ...
    def refused() -> int | None:
        answer = ask_foresight(installed.served.url, kit, "query { viewer { kind } }")
        return answer.status_code if answer.status_code == 401 else None

    assert eventually(refused, "Foresight refusing the removed installation") == 401
    assert rows(installed, "SELECT status FROM installation") == [("REMOVED",)]
    # ... and nothing it recorded was deleted
    assert rows(installed, "SELECT count(*) FROM order_record")[0][0] == orders_before
