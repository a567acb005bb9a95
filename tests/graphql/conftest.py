"""Fixtures for API tests: an installed app and a way to send GraphQL as a storefront would."""

from __future__ import annotations

from typing import Any

import httpx

from tests.saleor_double import SaleorDouble


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
