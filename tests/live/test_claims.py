"""Claims against the real Saleor: a buyer files with a photo, staff offer part of the price,
the buyer accepts, and Foresight carries the refund out in Saleor — granted, requested, answered
by the payment app (Dummy Pay) — showing it to the buyer only once Saleor confirmed it; a
replacement goes through ``orderFulfillmentReturnProducts``; and the evidence pack of the claim
holds what happened."""

from __future__ import annotations

import json
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from saleor_foresight import cli
from tests.live.conftest import Installed
from tests.live.kit import Kit, kit_home
from tests.live.shop import (
    ask_foresight,
    checkout,
    dashboard_token,
    eventually,
    fulfil,
    pay_and_complete,
    post_upload,
)
from tests.photos import pictures

pytestmark = pytest.mark.real_saleor
PART = Decimal("1.00")  # of an item of the demo shop, the cheapest of which cost 3.98

CLAIM = """
  id number status reason
  offer { id kind amount }
  resolution { id kind status amount currency refundedAmount replacementOrderNumber confirmedAt }
"""
STAFF_CLAIM = """
query($id: ID!) { claim(id: $id) { resolution { grantedRefundId transactionId lastError } } }
"""
OPTIONS = """
query($o: ID!, $e: String) {
  claimOptions(orderId: $o, email: $e) { reasons { reason availability mayFile } }
}
"""
PHOTO_TICKET = """
mutation($o: ID!, $t: String!, $n: Int!, $e: String) {
  claimPhotoUploadCreate(orderId: $o, contentType: $t, byteSize: $n, email: $e) {
    upload { id } ticket { url fields { name value } contentType } errors { field code message }
  }
}
"""
FILE = f"""
mutation($i: ClaimCreateInput!) {{
  claimCreate(input: $i) {{ claim {{ {CLAIM} }} errors {{ field code message }} }}
}}
"""
OFFER = f"""
mutation($id: ID!, $i: ClaimResolutionInput!, $m: String) {{
  claimOffer(id: $id, input: $i, message: $m) {{
    claim {{ {CLAIM} }} errors {{ field code message }}
  }}
}}
"""
RESOLVE = f"""
mutation($id: ID!, $i: ClaimResolutionInput, $m: String) {{
  claimResolve(id: $id, input: $i, message: $m) {{
    claim {{ {CLAIM} }} errors {{ field code message }}
  }}
}}
"""
ACCEPT = f"""
mutation($id: ID!, $offer: ID!, $e: String) {{
  claimOfferAccept(id: $id, offerId: $offer, email: $e) {{
    claim {{ {CLAIM} }} errors {{ field code message }}
  }}
}}
"""
CLAIMS = f"query($o: ID!, $e: String) {{ orderClaims(orderId: $o, email: $e) {{ {CLAIM} }} }}"
PACK = """
mutation($c: ID!) {
  evidencePackCreate(provider: STRIPE, claimId: $c) { pack { id } errors { field code message } }
}
"""
PACK_STATUS = "query($id: ID!) { evidencePack(id: $id) { status sha256 error downloadUrl } }"
SALEOR_ORDER = """
query($id: ID!) {
  order(id: $id) {
    number
    grantedRefunds { id status amount { amount currency } }
    transactions { id refundedAmount { amount } }
    fulfillments { status lines { quantity orderLine { id } } }
    events { type message }
  }
}
"""
SALEOR_DRAFT = """
query {
  draftOrders(first: 20, sortBy: {field: NUMBER, direction: DESC}) {
    edges { node { number status original lines { quantity variant { id } } } }
  }
}
"""


@dataclass
class Buyer:
    """A guest with a shipped real order, talking to Foresight as the order page does."""

    kit: Kit
    installed: Installed
    email: str
    order: dict[str, Any]

    def ask(self, query: str, variables: dict[str, Any], name: str) -> dict[str, Any]:
        body = ask_foresight(self.installed.served.url, self.kit, query, variables).json()
        assert "errors" not in body, body
        payload: dict[str, Any] = body["data"][name]
        return payload

    def claims(self) -> list[dict[str, Any]]:
        seen = self.ask(CLAIMS, {"o": self.order["id"], "e": self.email}, "orderClaims")
        return seen  # type: ignore[return-value]  # a list at the top of orderClaims

    def photo_upload(self, photo: bytes) -> str:
        issued = self.ask(
            PHOTO_TICKET,
            {"o": self.order["id"], "t": "image/jpeg", "n": len(photo), "e": self.email},
            "claimPhotoUploadCreate",
        )
        assert not issued["errors"], issued
        post_upload(issued["ticket"], photo, filename="damage.jpg")
        return str(issued["upload"]["id"])

    def file(self, reason: str, wished: str, quantity: int, photos: list[str]) -> dict[str, Any]:
        line = self.order["lines"][0]
        filed = self.ask(FILE, {"i": {
            "orderId": self.order["id"], "email": self.email, "reason": reason,
            "lines": [{"orderLineId": line["id"], "quantity": quantity}],
            "message": "The parcel arrived crushed.", "wishedResolution": wished,
            "photoUploadIds": photos, "idempotencyKey": str(uuid.uuid4()),
        }}, "claimCreate")  # fmt: skip
        assert not filed["errors"], filed
        claim: dict[str, Any] = filed["claim"]
        return claim


class Staff:
    def __init__(self, kit: Kit, installed: Installed) -> None:
        self.kit, self.installed = kit, installed

    def do(self, query: str, variables: dict[str, Any], name: str) -> dict[str, Any]:
        token = dashboard_token(self.kit, self.installed.app_id)
        body = ask_foresight(self.installed.served.url, self.kit, query, variables, token).json()
        assert "errors" not in body, body
        payload: dict[str, Any] = body["data"][name]
        assert not payload.get("errors"), payload
        return payload


def shipped_to(kit: Kit, installed: Installed, email: str, quantity: int) -> Buyer:
    order = pay_and_complete(kit, checkout(kit, email, quantities=(quantity,)))
    fulfil(kit, order, "00340434161094042557")
    buyer = Buyer(kit, installed, email, order)

    def damaged_open() -> bool | None:  # once Foresight heard of the parcel
        reasons = buyer.ask(OPTIONS, {"o": order["id"], "e": email}, "claimOptions")["reasons"]
        return True if any(r["reason"] == "DAMAGED" and r["mayFile"] for r in reasons) else None

    eventually(damaged_open, "DAMAGED open once the real parcel shipped")
    return buyer


def settled(buyer: Buyer, claim_id: str) -> Callable[[], dict[str, Any] | None]:
    def read() -> dict[str, Any] | None:
        claim = next(c for c in buyer.claims() if c["id"] == claim_id)
        return claim if claim["status"] == "RESOLVED" else None

    return read


def dummy_pay_refunds() -> list[dict[str, Any]]:
    """The refund requests Dummy Pay (the payment app) was sent, and what it answered."""
    log = kit_home() / "run" / "dummy_pay_events.jsonl"
    events = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    return [e for e in events if e.get("kind") == "webhook" and e.get("granted_refund")]


@pytest.fixture(scope="module")
def refunded(kit: Kit, installed: Installed) -> tuple[Buyer, dict[str, Any]]:
    """A damaged parcel: the buyer files with a photo, staff offer part of the price, the buyer
    accepts."""
    buyer = shipped_to(kit, installed, "claim-refund@example.com", quantity=2)
    photo = buyer.photo_upload(pictures.jpeg((320, 240), exif=pictures.camera_exif()))
    claim = buyer.file("DAMAGED", "PARTIAL_REFUND", 1, [photo])
    assert claim["status"] == "OPEN"

    Staff(kit, installed).do(OFFER, {
        "id": claim["id"], "i": {"kind": "PARTIAL_REFUND", "amount": str(PART)},
        "m": "Sorry about that: here is part of the price back.",
    }, "claimOffer")  # fmt: skip
    (offered,) = buyer.claims()
    assert offered["status"] == "OFFER_MADE" and Decimal(offered["offer"]["amount"]) == PART
    accepted = buyer.ask(
        ACCEPT, {"id": claim["id"], "offer": offered["offer"]["id"], "e": buyer.email},
        "claimOfferAccept",
    )  # fmt: skip
    assert not accepted["errors"], accepted
    # until Saleor confirmed the refund, the buyer is shown none (with the kit's eager Saleor
    # the payment app may have answered before the mutation returned)
    resolution = accepted["claim"]["resolution"]
    if accepted["claim"]["status"] == "RESOLVING":
        assert resolution["refundedAmount"] is None and resolution["confirmedAt"] is None
    else:
        assert accepted["claim"]["status"] == "RESOLVED" and resolution["confirmedAt"]
    done = eventually(settled(buyer, claim["id"]), "the claim resolved once Saleor confirmed", 60)
    return buyer, done


def test_an_accepted_offer_is_refunded_through_saleor_and_the_payment_app(
    kit: Kit, installed: Installed, refunded: tuple[Buyer, dict[str, Any]]
) -> None:
    buyer, claim = refunded
    resolution = claim["resolution"]
    staff_view = Staff(kit, installed).do(STAFF_CLAIM, {"id": claim["id"]}, "claim")["resolution"]

    # then the buyer sees the refund Saleor confirmed, and when ...
    assert resolution["status"] == "DONE" and resolution["confirmedAt"]
    assert Decimal(resolution["refundedAmount"]) == PART and resolution["currency"] == "USD"
    # ... Saleor holds one granted refund of that part, refunded through the order's transaction ...
    held = kit.gql(SALEOR_ORDER, {"id": buyer.order["id"]})["order"]
    (grant,) = held["grantedRefunds"]
    assert grant["id"] == staff_view["grantedRefundId"] and grant["status"] == "SUCCESS"
    assert Decimal(str(grant["amount"]["amount"])) == PART
    assert sum(Decimal(str(t["refundedAmount"]["amount"])) for t in held["transactions"]) == PART
    # ... because the payment app was asked for exactly that refund, once, and said yes
    (asked,) = [e for e in dummy_pay_refunds() if e["granted_refund"] == grant["id"]]
    assert asked["response"]["result"] == "REFUND_SUCCESS"
    assert Decimal(str(asked["request"]["amount"])) == PART

    # and staff read the outcome in the order's history (a job adds the note a moment later)
    def note() -> str | None:
        events = kit.gql(SALEOR_ORDER, {"id": buyer.order["id"]})["order"]["events"]
        notes = [e["message"] or "" for e in events if e["type"] == "NOTE_ADDED"]
        return next((n for n in notes if f"claim #{claim['number']}:" in n), None)

    assert f"refund of {PART} USD" in eventually(note, "the claim's note on the order")


def test_a_replacement_is_made_by_saleor(kit: Kit, installed: Installed) -> None:
    # given a buyer who received the wrong item and asks for a replacement
    buyer = shipped_to(kit, installed, "claim-replacement@example.com", quantity=1)
    claim = buyer.file("WRONG_ITEM", "REPLACEMENT", 1, [])

    # when staff decide on the replacement
    Staff(kit, installed).do(
        RESOLVE, {"id": claim["id"], "i": {"kind": "REPLACEMENT"}, "m": "A new one is on its way."},
        "claimResolve",
    )  # fmt: skip

    # then Saleor made the replacement: the shipped line is REPLACED and a draft order holds it
    done = eventually(settled(buyer, claim["id"]), "the replacement carried out in Saleor", 60)
    number = done["resolution"]["replacementOrderNumber"]
    assert number
    held = kit.gql(SALEOR_ORDER, {"id": buyer.order["id"]})["order"]
    assert any(
        f["status"] == "REPLACED"
        and f["lines"][0]["orderLine"]["id"] == buyer.order["lines"][0]["id"]
        for f in held["fulfillments"]
    ), held["fulfillments"]
    drafts = kit.gql(SALEOR_DRAFT)["draftOrders"]["edges"]
    (draft,) = [d["node"] for d in drafts if str(d["node"]["number"]) == str(number)]
    assert draft["original"] == buyer.order["id"] and draft["lines"][0]["quantity"] == 1
    # and nothing was refunded
    assert kit.gql(SALEOR_ORDER, {"id": buyer.order["id"]})["order"]["grantedRefunds"] == []


def test_the_claims_evidence_pack_holds_what_happened(
    kit: Kit, installed: Installed, refunded: tuple[Buyer, dict[str, Any]], tmp_path: Path
) -> None:
    buyer, claim = refunded
    staff = Staff(kit, installed)

    # when staff ask for the claim's Stripe pack
    pack = staff.do(PACK, {"c": claim["id"]}, "evidencePackCreate")["pack"]

    def ready() -> dict[str, Any] | None:
        status = staff.do(PACK_STATUS, {"id": pack["id"]}, "evidencePack")
        assert status["status"] != "FAILED", status
        return status if status["status"] == "READY" else None

    built = eventually(ready, "the evidence pack built", 90)
    zipped = tmp_path / "pack.zip"
    zipped.write_bytes(httpx.get(built["downloadUrl"], timeout=60).content)
    archive = zipfile.ZipFile(zipped)
    evidence = json.loads(archive.read("evidence.json"))

    # then it tells this order's story as Saleor and the buyer lived it
    assert evidence["order"]["id"] == buyer.order["id"]
    assert str(evidence["order"]["number"]) == str(buyer.order["number"])
    (parcel,) = evidence["dispatch"]["parcels"]
    assert parcel["tracking_number"] == "00340434161094042557"
    assert evidence["claim"]["number"] == claim["number"]
    assert evidence["claim"]["reason"] == "DAMAGED" and evidence["claim"]["status"] == "RESOLVED"
    (resolution,) = [r for r in evidence["claim"]["resolutions"] if r["status"] == "DONE"]
    assert Decimal(str(resolution["amount"])) == PART
    granted = staff.do(STAFF_CLAIM, {"id": claim["id"]}, "claim")["resolution"]["grantedRefundId"]
    assert resolution["refund_ids"] == [granted]
    (photo,) = evidence["claim"]["photos"]
    assert len(photo["sha256"]) == 64
    assert evidence["verification"]["ok"], evidence["verification"]
    # and every member is the file SHA256SUMS names
    sums = dict(
        reversed(line.split("  ", 1)) for line in archive.read("SHA256SUMS").decode().splitlines()
    )
    assert set(sums) == set(archive.namelist()) - {"SHA256SUMS"}
    # and a third party recomputes every hash and chain link from the pack alone
    assert cli.main(["verify-pack", str(zipped)]) == 0
