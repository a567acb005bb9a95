"""End to end, through HTTP only: a buyer who got a torn shirt finds it easier to complain in
the shop than to open a PayPal dispute. She sees what the shop knows, files a claim with a
photo; staff ask, offer a refund, she accepts; Saleor fails the first time and the refund is
retried, then its answers to the grant and to the order note are lost and Foresight adopts
what Saleor made instead of making it twice; the claim shows the refund only once Saleor
confirms it."""

from __future__ import annotations

from typing import Any

import httpx

from saleor_foresight.runtime import AppState
from tests.graphql.claims.flow import CLAIM_FIELDS, CUSTOMER, run_later_jobs
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import Parcel, photograph, post_file
from tests.photos import pictures
from tests.saleor_double import SaleorDouble

MANIFEST_URL = "https://foresight.test/api/manifest"

OPTIONS = """
query Options($orderId: ID!) {
  claimOptions(orderId: $orderId) {
    reasons { reason availability explanation mayFile }
    parcels { fulfillment { trackingNumber photos { url } } }
    lines { id claimable }
  }
}
"""
UPLOAD = """
mutation Ticket($orderId: ID!, $byteSize: Int!) {
  claimPhotoUploadCreate(orderId: $orderId, contentType: "image/jpeg", byteSize: $byteSize) {
    upload { id } ticket { url contentType fields { name value } } errors { code }
  }
}
"""
FILE = (
    """
mutation File($input: ClaimCreateInput!) {
  claimCreate(input: $input) { claim { ...ClaimFields } errors { code message } }
}
"""
    + CLAIM_FIELDS
)
QUEUE = """
query Queue {
  claims(filter: {statuses: [OPEN, ESCALATED]}, sortBy: {field: DEADLINE}) {
    totalCount
    edges { node { id number reason dueAt
                   order { userEmail dispatchProof { fulfillments { photos { id } } } } } }
  }
}
"""
REQUEST_INFO = """
mutation Ask($id: ID!) {
  claimRequestInfo(id: $id, message: "Is the seam torn, or the fabric?") { errors { code } }
}
"""
REPLY = """
mutation Reply($id: ID!) {
  claimMessageSend(id: $id, message: "The seam, along the left sleeve.") { errors { code } }
}
"""
OFFER = """
mutation Offer($id: ID!) {
  claimOffer(id: $id, input: {kind: REFUND}, message: "We refund the shirt; keep it.") {
    claim { offer { id } } errors { code }
  }
}
"""
ACCEPT = (
    """
mutation Accept($id: ID!, $offerId: ID!) {
  claimOfferAccept(id: $id, offerId: $offerId) { claim { ...ClaimFields } errors { code } }
}
"""
    + CLAIM_FIELDS
)
STAFF_VIEW = """
query Claim($id: ID!) {
  claim(id: $id) {
    status resolution { status lastError attempts grantedRefundId refundedAmount }
  }
}
"""
BUYER_VIEW = (
    """
query Claim($id: ID!) { claim(id: $id) { ...ClaimFields } }
"""
    + CLAIM_FIELDS
)
VERIFY = "query { claimLogVerify { valid eventsChecked } }"


async def graphql(
    client: httpx.AsyncClient, saleor: SaleorDouble, query: str, token: str, **variables: Any
) -> dict[str, Any]:
    response = await gql(client, saleor, query, variables, token=token)
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = next(iter(body["data"].values()))
    return data


async def test_a_torn_shirt_is_refunded_once_saleor_confirms_it(
    client: httpx.AsyncClient, saleor: SaleorDouble, state: AppState
) -> None:
    # given Foresight installed, an order of two shirts paid and shipped, the parcel photographed
    await saleor.install(client, MANIFEST_URL)
    shirt = saleor.add_product("Linen shirt", price="20.00")
    order = saleor.add_order([(shirt, 2)], user_id=CUSTOMER, email="ada@example.com")
    await saleor.deliver(client, "ORDER_CREATED", order=order)
    fulfillment = saleor.add_fulfillment(order, tracking_number="DHL-00340434161094042557")
    await saleor.deliver(client, "FULFILLMENT_CREATED", order=order, fulfillment=fulfillment)
    await photograph(client, saleor, Parcel(order, fulfillment))
    buyer, staff = saleor.customer_token(email="ada@example.com"), saleor.staff_token()

    # when the buyer opens the claim form, she first sees what the shop knows
    options = await graphql(client, saleor, OPTIONS, buyer, orderId=order["id"])
    damaged = next(r for r in options["reasons"] if r["reason"] == "DAMAGED")
    assert damaged["mayFile"] and "photos" in damaged["explanation"]
    (parcel,) = options["parcels"]
    assert parcel["fulfillment"]["trackingNumber"] == "DHL-00340434161094042557"
    assert len(parcel["fulfillment"]["photos"]) == 1
    line = options["lines"][0]
    assert line["claimable"] == 2

    # and files a claim about one shirt, with a photo of the seam
    photo = pictures.jpeg(exif=pictures.camera_exif())
    ticket = await graphql(client, saleor, UPLOAD, buyer, orderId=order["id"], byteSize=len(photo))
    assert (await post_file(client, ticket["ticket"], photo)).status_code == 204
    filed = await graphql(client, saleor, FILE, buyer, input={
        "orderId": order["id"], "reason": "DAMAGED", "wishedResolution": "REFUND",
        "lines": [{"orderLineId": line["id"], "quantity": 1}],
        "message": "The seam is torn.", "photoUploadIds": [ticket["upload"]["id"]],
    })  # fmt: skip
    assert filed["errors"] == []
    claim = filed["claim"]

    # then staff find it in their queue, with the order and the dispatch photo beside it
    queue = await graphql(client, saleor, QUEUE, staff)
    (entry,) = queue["edges"]
    assert entry["node"]["id"] == claim["id"] and entry["node"]["dueAt"] == claim["dueAt"]
    assert entry["node"]["order"]["userEmail"] == "ada@example.com"
    assert len(entry["node"]["order"]["dispatchProof"]["fulfillments"][0]["photos"]) == 1

    # staff ask, the buyer answers, staff offer a refund of the shirt, the buyer accepts;
    # but Saleor is down when Foresight first turns to it for the refund
    await graphql(client, saleor, REQUEST_INFO, staff, id=claim["id"])
    await graphql(client, saleor, REPLY, buyer, id=claim["id"])
    offer = await graphql(client, saleor, OFFER, staff, id=claim["id"])
    saleor.fail_next(state.settings.saleor_attempts)
    accepted = await graphql(client, saleor, ACCEPT, buyer, id=claim["id"],
                             offerId=offer["claim"]["offer"]["id"])  # fmt: skip

    # then the claim waits in RESOLVING, showing no refund, and staff see why and that it retries
    assert accepted["claim"]["status"] == "RESOLVING"
    assert accepted["claim"]["resolution"]["refundedAmount"] is None
    failing = await graphql(client, saleor, STAFF_VIEW, staff, id=claim["id"])
    assert failing["resolution"]["status"] == "RETRYING"
    assert failing["resolution"]["attempts"] == 1 and "503" in failing["resolution"]["lastError"]
    assert saleor.calls_to("orderGrantRefundCreate") == []

    # when the retry comes, Saleor grants the refund (its answer lost on the way back) and is
    # asked to carry it out
    saleor.lose_answer_to("orderGrantRefundCreate", "502")
    await run_later_jobs(state)
    waiting = await graphql(client, saleor, STAFF_VIEW, staff, id=claim["id"])
    assert waiting["status"] == "RESOLVING"
    assert waiting["resolution"]["status"] == "WAITING_FOR_SALEOR"
    assert waiting["resolution"]["refundedAmount"] is None
    (grant,) = saleor.calls_to("orderGrantRefundCreate")
    assert grant["input"]["lines"] == [{"id": line["id"], "quantity": 1}]
    (granted,) = saleor.objects[order["id"]]["grantedRefunds"]
    assert waiting["resolution"]["grantedRefundId"] == granted["id"]

    # and once the payment app reports it and Saleor tells us, the claim is resolved (the
    # answer to the order note saying so is lost too)
    saleor.complete_refund(waiting["resolution"]["grantedRefundId"])
    saleor.lose_answer_to("orderNoteAdd", "timeout")
    refunded = await saleor.deliver(client, "ORDER_REFUNDED", order=order)
    assert refunded.status_code == 200
    await run_later_jobs(state)
    seen = await graphql(client, saleor, BUYER_VIEW, buyer, id=claim["id"])
    assert seen["status"] == "RESOLVED" and seen["closedAt"] is not None
    assert seen["resolution"]["status"] == "DONE"
    assert seen["resolution"]["refundedAmount"] == "20.0000"
    assert [m["action"] for m in seen["messages"]] == ["FILE", "REQUEST_INFO", "MESSAGE", "OFFER"]
    notes = [e["message"] for e in saleor.objects[order["id"]]["events"]
             if e["type"] == "NOTE_ADDED"]  # fmt: skip
    confirmed = [n for n in notes if "refund of 1 x Linen shirt confirmed by Saleor" in n]
    assert len(confirmed) == 1
    verified = await graphql(client, saleor, VERIFY, staff)
    assert verified == {"valid": True, "eventsChecked": 6}
