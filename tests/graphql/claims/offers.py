"""Offers as the Dashboard makes them and the storefront answers them, for the API tests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.graphql.claims.flow import call, staff_token
from tests.saleor_double import SaleorDouble

OFFER = """
mutation Offer($id: ID!, $input: ClaimResolutionInput!) {
  claimOffer(id: $id, input: $input) { claim { offer { id } } errors { code } }
}
"""


async def offered(
    client: httpx.AsyncClient, saleor: SaleorDouble, claim: dict[str, Any], **input: Any
) -> str:
    """Staff offer ``input`` (default: a refund of the claimed lines); the offer's ID."""
    variables = {"id": claim["id"], "input": input or {"kind": "REFUND"}}
    payload = await call(client, saleor, OFFER, variables, token=staff_token(saleor))
    assert payload["errors"] == [], payload
    return str(payload["claim"]["offer"]["id"])
