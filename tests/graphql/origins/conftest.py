"""A second shop in the same Foresight, and a way for a shop's owner to name its origins."""

from __future__ import annotations

import httpx
import pytest

from saleor_foresight.runtime import AppState
from tests.factories import install_double
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
    return await install_double(state, SaleorDouble("https://other.test/graphql/"))


async def allow(client: httpx.AsyncClient, saleor: SaleorDouble, *origins: str) -> None:
    """The shop's owner names its storefront origins."""
    owner = saleor.staff_token(user_permissions=("MANAGE_SETTINGS",))
    response = await gql(client, saleor, UPDATE, {"origins": list(origins)}, token=owner)
    assert response.json()["data"]["storefrontOriginsUpdate"]["errors"] == [], response.text
