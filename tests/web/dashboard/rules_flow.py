"""A shop that wants valuable parcels tracked, and parcels that break or keep that rule, for
the Dashboard pages that show what the rules flag (packing queue, notifications)."""

from __future__ import annotations

import httpx

from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import Parcel, deliver
from tests.saleor_double import SaleorDouble

RULES_UPDATE = """
mutation Rules($channel: String!, $input: ChannelRulesInput!) {
  channelRulesUpdate(channel: $channel, input: $input) { errors { field code message } }
}
"""


async def want_tracking(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    *,
    above: str = "100",
    signature_above: str = "750",
    channel: str = "default-channel",
) -> None:
    """The owner (MANAGE_SETTINGS) wants parcels above ``above`` USD tracked."""
    owner = saleor.staff_token(user_permissions=("MANAGE_SETTINGS",))
    wanted = {"currency": "USD", "trackedShippingAbove": above, "signatureAbove": signature_above}
    response = await gql(
        client, saleor, RULES_UPDATE, {"channel": channel, "input": wanted}, token=owner
    )
    assert response.json()["data"]["channelRulesUpdate"]["errors"] == [], response.text


async def ship_to_a_changed_address(
    client: httpx.AsyncClient, saleor: SaleorDouble, *, price: str, tracking_number: str
) -> Parcel:
    """An order placed to one address whose parcel leaves for another."""
    order = saleor.add_order([(saleor.add_product(price=price), 1)])
    await deliver(client, saleor, "ORDER_CREATED", order=order)
    order["shippingAddress"]["streetAddress1"] = "9 Other Road"
    fulfillment = saleor.add_fulfillment(order, tracking_number=tracking_number)
    await deliver(client, saleor, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment)
    return Parcel(order, fulfillment)
