"""A second shop in the same Foresight, and a way for a shop's owner to name its origins."""

from __future__ import annotations

import httpx
import pytest

from saleor_foresight.plugin import installations
from saleor_foresight.plugin.state import AppState
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble

UPDATE = """
mutation Origins($origins: [String!]!) {
  storefrontOriginsUpdate(origins: $origins) { origins errors { field code message origin } }
}
"""


@pytest.fixture
async def other(state: AppState) -> SaleorDouble:
    """A second Saleor, installed in the same Foresight."""
    saleor = SaleorDouble("https://other.test/graphql/")
    async with state.sessionmaker.begin() as session:
        await installations.save(
            session,
            state.settings.cipher,
            installations.NewInstallation(
                saleor.api_url, "other.test", "3.23", saleor.app_id, saleor.app_token,
                saleor.jwks,
            ),
        )  # fmt: skip
    return saleor


async def allow(client: httpx.AsyncClient, saleor: SaleorDouble, *origins: str) -> None:
    """The shop's owner names its storefront origins."""
    owner = saleor.staff_token(user_permissions=("MANAGE_SETTINGS",))
    response = await gql(client, saleor, UPDATE, {"origins": list(origins)}, token=owner)
    assert response.json()["data"]["storefrontOriginsUpdate"]["errors"] == [], response.text
