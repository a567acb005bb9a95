"""Fixtures for API tests: an installed app and a way to send GraphQL as a storefront would."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from saleor_foresight.plugin import installations
from saleor_foresight.plugin.state import AppState
from tests.saleor_double import SaleorDouble


@pytest.fixture
async def installed(state: AppState, saleor: SaleorDouble) -> SaleorDouble:
    async with state.sessionmaker.begin() as session:
        await installations.save(
            session,
            state.settings.cipher,
            installations.NewInstallation(
                saleor.api_url, "saleor.test", "3.23", saleor.app_id, saleor.app_token,
                saleor.jwks,
            ),
        )  # fmt: skip
    return saleor


async def gql(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    sent = {"Saleor-Api-Url": saleor.api_url}
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    sent.update(headers or {})
    return await client.post(
        "/graphql/", json={"query": query, "variables": variables or {}}, headers=sent
    )
