"""Proof of dispatch against the real Saleor: staff fulfil a real order with a tracking number,
photograph the parcel through the signed upload, and the buyer — a guest with the order's
e-mail, or a customer with their Saleor token — sees the photo, without the packing station's
GPS position."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.live.conftest import Installed
from tests.live.kit import Kit
from tests.live.shop import (
    ask_foresight,
    checkout,
    customer,
    dashboard_token,
    eventually,
    fulfil,
    pay_and_complete,
    post_upload,
)
from tests.photos import pictures

pytestmark = pytest.mark.real_saleor

TICKET = """
mutation($o: ID!, $f: ID!, $t: String!, $n: Int!) {
  dispatchPhotoUploadCreate(orderId: $o, fulfillmentId: $f, contentType: $t, byteSize: $n) {
    upload { id } ticket { url fields { name value } contentType } errors { field code message }
  }
}
"""
CONFIRM = """
mutation($u: ID!, $o: ID!) {
  dispatchPhotoConfirm(uploadId: $u, orderId: $o) {
    photo { id sha256 } upload { status rejection { code } } errors { field code message }
  }
}
"""
PROOF = """
query($o: ID!, $e: String) {
  orderDispatchProof(orderId: $o, email: $e) {
    orderNumber fulfillments { id trackingNumber photos { id url thumbnailUrl sha256 } }
  }
}
"""


def shipped(kit: Kit, made: dict[str, Any], tracking: str) -> tuple[dict[str, Any], str]:
    order = pay_and_complete(kit, made)
    return order, str(fulfil(kit, order, tracking)["id"])


def photograph(
    kit: Kit, installed: Installed, order_id: str, fulfillment_id: str, photo: bytes
) -> dict[str, Any]:
    """What the Dashboard's photo popup does: ticket, the browser's post, confirm."""
    url, staff = installed.served.url, dashboard_token(kit, installed.app_id)
    variables = {"o": order_id, "f": fulfillment_id, "t": "image/jpeg", "n": len(photo)}

    def ticket() -> dict[str, Any] | None:
        # Foresight hears of the parcel from Saleor's FULFILLMENT_CREATED a moment later
        body = ask_foresight(url, kit, TICKET, variables, staff).json()
        payload: dict[str, Any] = body["data"]["dispatchPhotoUploadCreate"]
        return None if payload["errors"] else payload

    issued = eventually(ticket, "an upload ticket for the real parcel")
    post_upload(issued["ticket"], photo)
    confirmed = ask_foresight(
        url, kit, CONFIRM, {"u": issued["upload"]["id"], "o": order_id}, staff
    ).json()["data"]["dispatchPhotoConfirm"]
    assert not confirmed["errors"] and confirmed["upload"]["status"] == "CONFIRMED", confirmed
    photo_record: dict[str, Any] = confirmed["photo"]
    return photo_record


def proof(
    kit: Kit, installed: Installed, order_id: str, *, email: str | None = None,
    token: str | None = None,
) -> dict[str, Any] | None:  # fmt: skip
    body = ask_foresight(
        installed.served.url, kit, PROOF, {"o": order_id, "e": email}, token
    ).json()
    answer: dict[str, Any] | None = body["data"]["orderDispatchProof"]
    return answer


def test_a_guest_sees_the_dispatch_photo_without_its_gps(kit: Kit, installed: Installed) -> None:
    # given a guest's real order, shipped with a tracking number and photographed by staff with a
    # phone that records where it was
    email = "dispatch-guest@example.com"
    order, fulfillment_id = shipped(kit, checkout(kit, email), "1Z999AA10123456784")
    original = pictures.jpeg((640, 480), exif=pictures.camera_exif())
    assert pictures.gps_of(original)
    photo = photograph(kit, installed, order["id"], fulfillment_id, original)

    # when the guest opens the order page with the order's e-mail
    seen = proof(kit, installed, order["id"], email=email)

    # then they see the parcel, its tracking number and the photo ...
    assert seen is not None and seen["orderNumber"] == str(order["number"])
    (parcel,) = seen["fulfillments"]
    assert parcel["id"] == fulfillment_id and parcel["trackingNumber"] == "1Z999AA10123456784"
    (shown,) = parcel["photos"]
    assert shown["id"] == photo["id"] and shown["sha256"] == photo["sha256"]
    # ... whose buyer copy and thumbnail carry no GPS position of the packing station
    for link in (shown["url"], shown["thumbnailUrl"]):
        copy = httpx.get(link, timeout=30)
        assert copy.status_code == 200 and copy.content[:2] == b"\xff\xd8"
        assert pictures.gps_of(copy.content) == {}
    # and another e-mail sees nothing of it
    assert proof(kit, installed, order["id"], email="someone-else@example.com") is None


def test_a_customer_sees_the_dispatch_photo_with_their_token(
    kit: Kit, installed: Installed
) -> None:
    # given a signed-in customer's real order, shipped and photographed
    email = "dispatch-customer@example.com"
    token = customer(kit, email)
    order, fulfillment_id = shipped(kit, checkout(kit, email, customer=token), "JD014600006281")
    photo = photograph(
        kit, installed, order["id"], fulfillment_id, pictures.jpeg(exif=pictures.camera_exif())
    )

    # when the customer opens their order with their Saleor token (no e-mail asked)
    seen = proof(kit, installed, order["id"], token=token)

    # then the photo is there, without GPS; an anonymous caller sees nothing
    assert seen is not None
    (shown,) = seen["fulfillments"][0]["photos"]
    assert shown["id"] == photo["id"]
    assert pictures.gps_of(httpx.get(shown["url"], timeout=30).content) == {}
    assert proof(kit, installed, order["id"]) is None
