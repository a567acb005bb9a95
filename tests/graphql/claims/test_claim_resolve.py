"""claimResolve: staff carry a resolution out in Saleor without an offer round, or settle a
claim that needs nothing from Saleor."""

from __future__ import annotations

import httpx

from tests.graphql.claims.flow import CLAIM_FIELDS, call, filed, staff_token
from tests.saleor_double import SaleorDouble

RESOLVE = (
    """
mutation Resolve($id: ID!, $input: ClaimResolutionInput, $message: String) {
  claimResolve(id: $id, input: $input, message: $message) {
    claim { ...ClaimFields } errors { field code message }
  }
}
"""
    + CLAIM_FIELDS
)


async def test_a_replacement_is_carried_out_in_saleor_at_once(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)

    payload = await call(client, installed, RESOLVE, {
        "id": claim["id"], "input": {"kind": "REPLACEMENT"}, "message": "A new one is on its way.",
    }, token=staff_token(installed))  # fmt: skip

    resolved = payload["claim"]
    assert resolved["status"] == "RESOLVED"
    assert resolved["resolution"]["kind"] == "REPLACEMENT"
    assert resolved["resolution"]["status"] == "DONE"
    assert resolved["resolution"]["replacementOrderNumber"] is not None
    (call_made,) = installed.calls_to("orderFulfillmentReturnProducts")
    assert call_made["input"]["fulfillmentLines"][0]["replace"] is True


async def test_settling_closes_the_claim_with_nothing_to_do_in_saleor(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)

    payload = await call(client, installed, RESOLVE, {
        "id": claim["id"], "message": "The parcel turned up: glad it did!",
    }, token=staff_token(installed))  # fmt: skip

    assert payload["claim"]["status"] == "RESOLVED"
    assert payload["claim"]["resolution"] is None
    assert installed.calls_to("orderFulfillmentReturnProducts") == []
