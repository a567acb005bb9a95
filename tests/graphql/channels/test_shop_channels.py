"""shopChannels: the shop's channels read from Saleor (slug, name, currency), for staff who pick
one on the rules, report and packing pages; one Saleor read serves the pages for a minute."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import call
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble

CHANNELS = "{ shopChannels { slug name currency isActive } }"


def reads_of_channels(saleor: SaleorDouble) -> int:
    return sum(b"ShopChannels" in request.content for request in saleor.requests)


async def test_staff_read_the_shops_channels_with_their_currencies(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a shop selling in two channels, one of them switched off
    installed.channel("europe", currency="EUR")
    installed.channel("archive", currency="GBP")["isActive"] = False
    installed.channel("default-channel", currency="USD")

    # when staff who manage orders ask for them
    found = await call(client, installed, CHANNELS, {}, token=installed.staff_token())

    # then each channel comes with its name and currency, active ones first by name
    assert found == [
        {"slug": "default-channel", "name": "Default Channel", "currency": "USD", "isActive": True},
        {"slug": "europe", "name": "Europe", "currency": "EUR", "isActive": True},
        {"slug": "archive", "name": "Archive", "currency": "GBP", "isActive": False},
    ]


async def test_one_read_of_saleor_serves_the_pages_for_a_while(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given the channels read once
    installed.channel("europe", currency="EUR")
    settings_token = installed.staff_token(user_permissions=["MANAGE_SETTINGS"])
    await call(client, installed, CHANNELS, {}, token=settings_token)
    assert reads_of_channels(installed) == 1

    # when another page asks again
    again = await call(client, installed, CHANNELS, {}, token=installed.staff_token())

    # then Saleor is not asked again
    assert [c["slug"] for c in again] == ["europe"]
    assert reads_of_channels(installed) == 1


async def test_staff_without_either_permission_and_buyers_are_refused(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    installed.channel("europe", currency="EUR")
    for token in (installed.staff_token(user_permissions=["MANAGE_CHECKOUTS"]), None):
        body = (await gql(client, installed, CHANNELS, token=token)).json()
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert reads_of_channels(installed) == 0


async def test_saleor_not_answering_is_said(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given Saleor down for longer than the client retries
    installed.fail_next(10)

    # when staff ask
    body = (await gql(client, installed, CHANNELS, token=installed.staff_token())).json()

    # then the answer says Saleor could not be asked
    assert body["errors"][0]["extensions"]["code"] == "SALEOR_UNAVAILABLE"
