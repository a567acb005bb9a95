"""claimSettingsUpdate: the shop owner sets how claims run (MANAGE_SETTINGS); staff read it."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import call, staff_token
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble

UPDATE = """
mutation Settings($input: ClaimSettingsInput!) {
  claimSettingsUpdate(input: $input) {
    settings { responseDays timeZone defaultDeliveryDays graceDays returnDays blockBeforeOpen
               holidays updatedBy }
    errors { field code message }
  }
}
"""
READ = "query { claimSettings { responseDays timeZone blockBeforeOpen holidays } }"


def owner(saleor: SaleorDouble) -> str:
    return saleor.staff_token(user_permissions=("MANAGE_SETTINGS", "MANAGE_ORDERS"),
                              email="owner@example.com")  # fmt: skip


async def test_the_owner_changes_the_rules_and_staff_read_them(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    before = await call(client, installed, READ, {}, token=staff_token(installed))

    changed = await call(client, installed, UPDATE, {"input": {
        "responseDays": 2, "timeZone": "Europe/Berlin", "blockBeforeOpen": True,
        "holidays": ["2026-12-25", "2026-12-24", "2026-12-25"],
    }}, token=owner(installed))  # fmt: skip
    after = await call(client, installed, READ, {}, token=staff_token(installed))

    assert before == {"responseDays": 3, "timeZone": "UTC", "blockBeforeOpen": False,
                      "holidays": []}  # fmt: skip
    assert changed["errors"] == []
    assert changed["settings"]["updatedBy"] == "owner@example.com"
    assert changed["settings"]["graceDays"] == 2  # untouched
    assert after == {"responseDays": 2, "timeZone": "Europe/Berlin", "blockBeforeOpen": True,
                     "holidays": ["2026-12-24", "2026-12-25"]}  # fmt: skip


async def test_bad_values_are_refused_field_by_field(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    zone = await call(client, installed, UPDATE, {"input": {"timeZone": "Mars/Olympus"}},
                      token=owner(installed))  # fmt: skip
    days = await call(client, installed, UPDATE, {"input": {"responseDays": 0}},
                      token=owner(installed))  # fmt: skip

    assert zone["errors"][0]["field"] == "timeZone" and zone["errors"][0]["code"] == "INVALID"
    assert days["errors"][0]["field"] == "responseDays"


async def test_order_staff_cannot_change_the_rules(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    response = await gql(client, installed, UPDATE, {"input": {"responseDays": 5}},
                         token=staff_token(installed))  # fmt: skip

    assert response.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
