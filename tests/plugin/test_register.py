"""Registration: Saleor posts the app token; Foresight proves it and stores the installation."""

from __future__ import annotations

import json

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.plugin import installations
from saleor_foresight.plugin.state import AppState
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


async def test_an_unreachable_saleor_installs_nothing(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    saleor.fail_next(100, status=503)

    response = await post_token(client, saleor.api_url, saleor.app_token)

    assert response.status_code == 502
    assert response.json()["error"]["code"] == "SALEOR_UNREACHABLE"
    await assert_no_installation(state.sessionmaker)


async def assert_no_installation(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session:
        assert await installations.list_all(session) == []
