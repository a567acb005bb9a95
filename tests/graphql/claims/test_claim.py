"""claim, orderClaims and claimLogVerify: who reads a claim, what staff see beside it (the
order record, what the buyer accepted, the proof of dispatch), and the log's check."""

from __future__ import annotations

import httpx
from sqlalchemy import text

from saleor_foresight.runtime import AppState
from tests.graphql.claims.flow import CUSTOMER, call, file_claim, filed, shipped_order, staff_token
from tests.graphql.conftest import gql
from tests.saleor_double import SaleorDouble

DETAIL = """
query Claim($id: ID!) {
  claim(id: $id) {
    number status
    events { sequence action actor toStatus prevHash recordHash }
    order {
      id number status channel userEmail currency totalGross
      lines { productName quantity claimable }
      acceptances { recordHash }
      dispatchProof { fulfillments { trackingNumber photos { id } } }
    }
  }
}
"""
ORDER_CLAIMS = """
query Claims($orderId: ID!, $email: String) {
  orderClaims(orderId: $orderId, email: $email) { number status messages { body } }
}
"""
AS_BUYER = """
query Claim($id: ID!) { claim(id: $id, email: "buyer@example.com") { number events { sequence } } }
"""
VERIFY = "query { claimLogVerify { valid eventsChecked tamperedEvents brokenLinks headMismatch } }"


async def test_staff_see_the_claim_beside_the_order_and_its_evidence(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    claim = await filed(client, installed)

    detail = await call(client, installed, DETAIL, {"id": claim["id"]}, staff_token(installed))

    order = detail["order"]
    assert (order["status"], order["currency"], order["totalGross"]) == (
        "FULFILLED",
        "USD",
        "40.0000",
    )
    assert order["lines"] == [{"productName": "Linen shirt", "quantity": 2, "claimable": 1}]
    assert order["acceptances"] == []
    (parcel,) = order["dispatchProof"]["fulfillments"]
    assert parcel["trackingNumber"] == "DHL-00340434161094042557"
    (event,) = detail["events"]
    assert (event["sequence"], event["action"], event["actor"]) == (1, "FILE", "BUYER")
    assert event["prevHash"] == "0" * 64 and len(event["recordHash"]) == 64


async def test_a_customer_reads_the_claims_of_their_order_and_nobody_else_does(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = await shipped_order(client, installed, user_id=CUSTOMER)
    await file_claim(client, installed, order, token=installed.customer_token())

    mine = await gql(client, installed, ORDER_CLAIMS, {"orderId": order["id"]},
                     token=installed.customer_token())  # fmt: skip
    theirs = await gql(client, installed, ORDER_CLAIMS, {"orderId": order["id"]},
                       token=installed.customer_token(user_id="VXNlcjo5OQ=="))  # fmt: skip
    guest = await gql(client, installed, ORDER_CLAIMS,
                      {"orderId": order["id"], "email": "eve@example.com"})  # fmt: skip

    assert mine.json()["data"]["orderClaims"] == [
        {"number": 1, "status": "OPEN", "messages": [{"body": "The seam is torn."}]}
    ]
    for refused in (theirs, guest):
        assert refused.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_buyer_sees_no_log(client: httpx.AsyncClient, installed: SaleorDouble) -> None:
    claim = await filed(client, installed)

    response = await gql(client, installed, AS_BUYER, {"id": claim["id"]})

    body = response.json()
    assert body["data"]["claim"] == {"number": 1, "events": None}
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


async def test_the_log_verifies_until_someone_edits_it(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    await filed(client, installed)
    await filed(client, installed)
    staff = staff_token(installed)
    intact = await call(client, installed, VERIFY, {}, staff)

    async with state.sessionmaker.begin() as session:
        await session.execute(text("UPDATE claim_event SET actor_email = 'x@example.com'"))
    edited = await call(client, installed, VERIFY, {}, staff)

    assert intact == {"valid": True, "eventsChecked": 2, "tamperedEvents": [],
                      "brokenLinks": [], "headMismatch": False}  # fmt: skip
    assert edited["valid"] is False and len(edited["tamperedEvents"]) == 2
