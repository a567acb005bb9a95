"""The /graphql/ endpoint: which Saleor, and who asks, decided before any resolver runs."""

from __future__ import annotations

import httpx

from saleor_foresight.runtime import AppState
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble

VIEWER = "query { viewer { kind email permissions } }"


async def test_a_guest_is_a_guest(client: httpx.AsyncClient, installed: SaleorDouble) -> None:
    response = await gql(client, installed, VIEWER)

    assert response.status_code == 200
    assert response.json()["data"]["viewer"] == {"kind": "GUEST", "email": None, "permissions": []}


async def test_a_customer_token_is_a_customer(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    token = installed.customer_token(email="ada@example.com")

    response = await gql(client, installed, VIEWER, token=token)

    assert response.json()["data"]["viewer"] == {
        "kind": "CUSTOMER", "email": "ada@example.com", "permissions": [],
    }  # fmt: skip


async def test_a_dashboard_token_is_staff_with_the_users_permissions(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    token = installed.staff_token(user_permissions=("MANAGE_ORDERS", "MANAGE_SETTINGS"))

    response = await gql(client, installed, VIEWER, token=token)

    viewer = response.json()["data"]["viewer"]
    assert viewer["kind"] == "STAFF"
    assert viewer["permissions"] == ["MANAGE_ORDERS", "MANAGE_SETTINGS"]


async def test_a_dashboard_token_for_another_app_is_refused(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    token = installed.staff_token(app_id="QXBwOjk5")

    response = await gql(client, installed, VIEWER, token=token)

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"


async def test_a_forged_or_expired_token_is_refused_not_taken_as_a_guest(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    impostor = SaleorDouble()
    impostor.rotate_key()
    forged = impostor.customer_token()
    expired = installed.customer_token(ttl=-60)

    for token in (forged, expired, "not-a-jwt"):
        response = await gql(client, installed, VIEWER, token=token)
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"


async def test_tokens_that_cannot_be_genuine_never_spend_the_jwks_refetch(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given tokens under a key id we do not hold, whose claims could not be Saleor's for us
    stranger = SaleorDouble()
    stranger.rotate_key()
    issued = {"iss": installed.api_url, "type": "access", "exp": 4102444800, "user_id": "x"}
    forged = [
        stranger.issue_jwt({**issued, "iss": "https://other.test/graphql/"}),
        stranger.issue_jwt({**issued, "exp": 1}),
        stranger.issue_jwt({**issued, "type": "refresh"}),
    ]

    # when they are sent
    answers = [(await gql(client, installed, VIEWER, token=t)).status_code for t in forged]

    # then they are refused, Saleor's keys were not fetched for them, and a token under
    # Saleor's rotated key still gets the refetch
    assert answers == [401, 401, 401]
    assert not [r for r in installed.requests if r.url.path == "/.well-known/jwks.json"]
    installed.rotate_key()
    rotated = await gql(client, installed, VIEWER, token=installed.customer_token())
    assert rotated.status_code == 200


async def test_a_token_from_another_saleor_is_refused(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    other = SaleorDouble("https://other.test/graphql/")  # same test key, other issuer

    response = await gql(client, installed, VIEWER, token=other.customer_token())

    assert response.status_code == 401


async def test_an_unknown_saleor_is_refused(
    client: httpx.AsyncClient, saleor: SaleorDouble
) -> None:
    response = await gql(client, saleor, VIEWER)

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNKNOWN_SALEOR"


async def test_a_malformed_request_is_a_400(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    headers = {"Saleor-Api-Url": installed.api_url}
    for body in (
        b"not json",
        b"{}",
        b'{"query": 1}',
        b'{"query": "{ viewer { kind } }", "variables": []}',
    ):
        response = await client.post("/graphql/", content=body, headers=headers)
        assert response.status_code == 400

    invalid = await gql(client, installed, "query { nothing }")
    assert invalid.status_code == 400
    assert "nothing" in invalid.json()["errors"][0]["message"]


async def test_a_configured_storefront_origin_may_call_and_others_may_not(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    state.settings = state.settings.model_copy(
        update={"storefront_origins": ("https://shop.example.com",)}
    )
    asked = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, saleor-api-url",
    }

    allowed = await client.options(
        "/graphql/", headers={"Origin": "https://shop.example.com", **asked}
    )
    refused = await client.options("/graphql/", headers={"Origin": "https://evil.example", **asked})
    answered = await gql(client, installed, VIEWER, headers={"Origin": "https://shop.example.com"})
    foreign = await gql(client, installed, VIEWER, headers={"Origin": "https://evil.example"})

    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == "https://shop.example.com"
    assert "saleor-api-url" in allowed.headers["access-control-allow-headers"]
    assert "access-control-allow-origin" not in refused.headers
    assert answered.headers["access-control-allow-origin"] == "https://shop.example.com"
    assert "access-control-allow-origin" not in foreign.headers
