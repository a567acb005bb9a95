"""storefrontOriginsUpdate and storefrontOrigins: the shop's owner (MANAGE_SETTINGS) names the
storefronts that may call Foresight from a browser; every bad origin is named."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import call
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble

UPDATE = """
mutation Origins($origins: [String!]!) {
  storefrontOriginsUpdate(origins: $origins) { origins errors { field code message origin } }
}
"""
READ = "query { storefrontOrigins }"


def owner(saleor: SaleorDouble) -> str:
    return saleor.staff_token(user_permissions=("MANAGE_SETTINGS",), email="owner@example.com")


async def test_the_owner_sets_origins_and_reads_them_back_normalised(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a shop with no storefront origins yet
    before = await gql(client, installed, READ, token=owner(installed))

    # when its owner names two storefronts, one twice and written loosely
    changed = await call(client, installed, UPDATE, {"origins": [
        "https://Shop.Example.com/", "http://localhost:3000", "https://shop.example.com:443",
    ]}, token=owner(installed))  # fmt: skip
    after = await gql(client, installed, READ, token=owner(installed))

    # then each is kept once, as browsers write it
    assert before.json()["data"] == {"storefrontOrigins": []}
    kept = ["https://shop.example.com", "http://localhost:3000"]
    assert changed == {"origins": kept, "errors": []}
    assert after.json()["data"] == {"storefrontOrigins": kept}


async def test_an_empty_list_removes_every_origin(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    await call(client, installed, UPDATE, {"origins": ["https://shop.example.com"]},
               token=owner(installed))  # fmt: skip

    cleared = await call(client, installed, UPDATE, {"origins": []}, token=owner(installed))
    after = await gql(client, installed, READ, token=owner(installed))

    assert cleared == {"origins": [], "errors": []}
    assert after.json()["data"] == {"storefrontOrigins": []}


async def test_every_bad_origin_is_named_and_nothing_changes(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a shop with one storefront
    await call(client, installed, UPDATE, {"origins": ["https://shop.example.com"]},
               token=owner(installed))  # fmt: skip

    # when its owner sends a list with a plain-http shop and a page address in it
    refused = await call(client, installed, UPDATE, {"origins": [
        "https://new.example.com", "http://shop.example.com", "https://shop.example.com/checkout",
    ]}, token=owner(installed))  # fmt: skip
    after = await gql(client, installed, READ, token=owner(installed))

    # then both are named, and the list stays as it was
    assert refused["origins"] is None
    assert [(e["field"], e["code"], e["origin"]) for e in refused["errors"]] == [
        ("origins", "INVALID", "http://shop.example.com"),
        ("origins", "INVALID", "https://shop.example.com/checkout"),
    ]
    assert "https://" in refused["errors"][0]["message"]
    assert after.json()["data"] == {"storefrontOrigins": ["https://shop.example.com"]}


async def test_more_than_twenty_origins_are_too_many(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    many = [f"https://shop{n}.example.com" for n in range(21)]

    refused = await call(client, installed, UPDATE, {"origins": many}, token=owner(installed))

    assert [(e["field"], e["code"], e["origin"]) for e in refused["errors"]] == [
        ("origins", "TOO_MANY", None)
    ]


async def test_without_manage_settings_nothing_is_read_or_changed(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given staff who may manage orders only, a buyer and a guest
    callers = {
        "staff": installed.staff_token(user_permissions=("MANAGE_ORDERS",)),
        "customer": installed.customer_token(),
        "guest": None,
    }

    for who, token in callers.items():
        # when they try to read or change the origins
        read = await gql(client, installed, READ, token=token)
        change = await gql(
            client, installed, UPDATE, {"origins": ["https://evil.example"]}, token=token
        )

        # then both are refused as permission errors
        for response in (read, change):
            body = response.json()
            assert body["data"] is None, who
            assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED", who

    after = await gql(client, installed, READ, token=owner(installed))
    assert after.json()["data"] == {"storefrontOrigins": []}


async def test_one_shops_origins_are_its_own(
    client: httpx.AsyncClient, installed: SaleorDouble, other: SaleorDouble
) -> None:
    await call(client, installed, UPDATE, {"origins": ["https://shop.example.com"]},
               token=owner(installed))  # fmt: skip

    theirs = await gql(client, other, READ, token=owner(other))

    assert theirs.json()["data"] == {"storefrontOrigins": []}
