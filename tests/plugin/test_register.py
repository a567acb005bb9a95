"""Registration: Saleor posts the app token; Foresight proves it and stores the installation."""

from __future__ import annotations

import json

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.plugin import installations
from saleor_foresight.plugin.webhooks import BY_EVENT
from saleor_foresight.runtime import AppState
from tests.saleor_double import SaleorDouble


def register_headers(api_url: str) -> dict[str, str]:
    # what Saleor 3.23 sends (see the recorded registration request)
    return {
        "Content-Type": "application/json",
        "Saleor-Api-Url": api_url,
        "Saleor-Domain": "saleor.test",
        "Saleor-Schema-Version": "3.23",
        "User-Agent": "Saleor/3.23",
    }


async def post_token(client: httpx.AsyncClient, api_url: str, token: str) -> httpx.Response:
    return await client.post(
        "/api/register",
        content=json.dumps({"auth_token": token}),
        headers=register_headers(api_url),
    )


async def test_a_proven_token_installs_the_app(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    response = await post_token(client, saleor.api_url, saleor.app_token)

    assert response.status_code == 200
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, saleor.api_url)
        assert installation.app_id == saleor.app_id
        assert installation.jwks == saleor.jwks
        assert installation.schema_version == "3.23"
        assert installations.app_token(state.settings.cipher, installation) == saleor.app_token
        # the token is not stored in the clear
        assert saleor.app_token.encode() not in installation.token_ciphertext


async def test_installing_again_replaces_the_token(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    await post_token(client, saleor.api_url, saleor.app_token)
    first_token = saleor.app_token
    saleor.rotate_app_token()

    response = await post_token(client, saleor.api_url, saleor.app_token)

    assert response.status_code == 200
    async with state.sessionmaker() as session:
        found = await installations.list_all(session)
        assert len(found) == 1
        token = installations.app_token(state.settings.cipher, found[0])
        assert token == saleor.app_token != first_token


STAFF_QUERY = "query { storefrontOrigins }"


async def staff_answer(client: httpx.AsyncClient, saleor: SaleorDouble, app_id: str) -> int:
    """The status of a staff query made with a Dashboard token issued for ``app_id``."""
    token = saleor.staff_token(user_permissions=["MANAGE_SETTINGS"], app_id=app_id)
    response = await client.post(
        "/graphql/",
        json={"query": STAFF_QUERY},
        headers={"Saleor-Api-Url": saleor.api_url, "Authorization": f"Bearer {token}"},
    )
    return response.status_code


async def test_another_apps_token_cannot_take_over_an_active_installation(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given Foresight installed, and another app of that Saleor with a token of its own
    await post_token(client, saleor.api_url, saleor.app_token)
    ours, our_token = saleor.app_id, saleor.app_token
    other_token = saleor.new_app()
    other = saleor.app_id

    # when that app's token is posted to our registration
    response = await post_token(client, saleor.api_url, other_token)

    # then it is refused, and the installation still is our app's, token and all
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "ALREADY_INSTALLED"
    async with state.sessionmaker() as session:
        (installation,) = await installations.list_all(session)
        assert installation.active and installation.app_id == ours
        assert installations.app_token(state.settings.cipher, installation) == our_token
    assert await staff_answer(client, saleor, ours) == 200
    assert await staff_answer(client, saleor, other) == 401


async def test_after_the_app_was_removed_installing_it_again_takes_the_new_app(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given Foresight installed, then removed in the Dashboard (APP_DELETED)
    await post_token(client, saleor.api_url, saleor.app_token)
    deleted = saleor.webhook("APP_DELETED", BY_EVENT["APP_DELETED"].subscription, app=saleor.app)
    removed = await client.post(
        "/api/webhooks/app_deleted", content=deleted.body, headers=deleted.headers
    )
    assert removed.status_code == 200

    # when the shop installs it again: a new app in Saleor
    new_token = saleor.new_app()
    response = await post_token(client, saleor.api_url, new_token)

    # then the installation is active as the new app, on the same records
    assert response.status_code == 200
    async with state.sessionmaker() as session:
        (installation,) = await installations.list_all(session)
        assert installation.active and installation.app_id == saleor.app_id
        assert installation.webhooks_bound
    assert await staff_answer(client, saleor, saleor.app_id) == 200


async def test_a_saleor_not_allowed_is_refused_before_it_is_called(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    response = await post_token(client, "https://stranger.test/graphql/", saleor.app_token)

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "SALEOR_URL_NOT_ALLOWED"
    assert "FORESIGHT_ALLOWED_SALEOR_URLS" in error["message"]
    assert saleor.requests == []
    await assert_no_installation(state.sessionmaker)


async def test_a_token_saleor_refuses_installs_nothing(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    response = await post_token(client, saleor.api_url, "not-the-app-token")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "TOKEN_REFUSED"
    assert "not-the-app-token" not in response.text
    await assert_no_installation(state.sessionmaker)


async def test_a_request_without_a_token_is_refused(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    for body in (b"", b"{}", b"not json", b'{"auth_token": 5}', b"[]"):
        response = await client.post(
            "/api/register", content=body, headers=register_headers(saleor.api_url)
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "MISSING_AUTH_TOKEN"
    await assert_no_installation(state.sessionmaker)


async def test_a_request_without_the_saleor_header_is_refused(
    client: httpx.AsyncClient, saleor: SaleorDouble
) -> None:
    response = await client.post("/api/register", json={"auth_token": saleor.app_token})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MISSING_SALEOR_API_URL"


async def test_an_unreachable_saleor_installs_nothing_and_answers_as_a_refused_token(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    refused = await post_token(client, saleor.api_url, "not-the-token")
    saleor.fail_next(100, status=503)

    unreachable = await post_token(client, saleor.api_url, saleor.app_token)

    # the same answer either way: registration does not tell open ports from closed ones
    assert unreachable.status_code == refused.status_code == 400
    assert unreachable.json() == refused.json()
    assert unreachable.json()["error"]["code"] == "TOKEN_REFUSED"
    await assert_no_installation(state.sessionmaker)


async def assert_no_installation(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session:
        assert await installations.list_all(session) == []
