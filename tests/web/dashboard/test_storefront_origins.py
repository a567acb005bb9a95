"""The Rules tab's storefront origins: the owner names the shop's storefronts one per line,
reads Foresight's refusal beside the field, and sees what was kept."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.graphql.conftest import gql
from tests.web.dashboard.conftest import ON_SESSION_LOOP, Dashboard

pytestmark = [pytest.mark.browser, ON_SESSION_LOOP]


async def test_the_owner_names_the_storefronts_and_reads_why_one_is_refused(
    page: Page, dashboard: Dashboard, client: httpx.AsyncClient
) -> None:
    # given the shop's owner on the Rules tab
    owner = dashboard.saleor.staff_token(user_permissions=["MANAGE_SETTINGS"])
    frame = await dashboard.open(page, "/dashboard/app/rules", token=owner)
    origins = frame.get_by_label("Storefront origins")
    await expect(origins).to_have_value("")

    # when they name a storefront on plain http
    await origins.fill("https://Shop.Example.com/\nhttp://shop.example.net")
    await frame.get_by_role("button", name="Save origins").click()

    # then the refusal names it beside the field
    error = frame.locator("[data-field=origins] .field-error")
    await expect(error).to_contain_text("'http://shop.example.net' must use https://")
    await expect(origins).to_have_attribute("aria-invalid", "true")

    # when they fix it and save
    await origins.fill("https://Shop.Example.com/\n\nhttps://shop.example.net:443")
    await frame.get_by_role("button", name="Save origins").click()

    # then the origins are kept as browsers write them, and said to be
    await expect(frame.get_by_text("Origins saved.")).to_be_visible()
    await expect(frame.get_by_label("Storefront origins")).to_have_value(
        "https://shop.example.com\nhttps://shop.example.net"
    )
    response = await gql(client, dashboard.saleor, "{ storefrontOrigins }", token=owner)
    assert response.json()["data"]["storefrontOrigins"] == [
        "https://shop.example.com",
        "https://shop.example.net",
    ]
