"""The disclosure journey against the real Saleor: staff publish return terms in Foresight, a
storefront checkout is told what applies to its real lines, the buyer accepts, pays and
completes, and the real order carries the acceptance in its private metadata and a note."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.live.conftest import Installed
from tests.live.kit import Kit
from tests.live.shop import ask_foresight, checkout, dashboard_token, eventually, pay_and_complete

pytestmark = pytest.mark.real_saleor

CREATE = """
mutation($input: PolicyCreateInput!) {
  policyCreate(input: $input) { policy { id } errors { field code message } }
}
"""
DRAFT = """
mutation($policy: ID!, $input: PolicyDraftInput!) {
  policyDraftSave(policy: $policy, input: $input) { policy { id } errors { field code message } }
}
"""
PUBLISH = """
mutation($policy: ID!) {
  policyPublish(policy: $policy) {
    policy { versions { id current } } errors { field code message }
  }
}
"""
DISCLOSURES = """
query($id: ID!) {
  checkoutDisclosures(checkoutId: $id) { disclosures { versionId title lineIds required } }
}
"""
ACCEPT = """
mutation($id: ID!, $versions: [ID!]!) {
  acceptDisclosures(checkoutId: $id, versionIds: $versions) {
    acceptance { id recordHash } errors { field code message }
  }
}
"""
SALEOR_CHECKOUT = "query($id: ID!) { checkout(id: $id) { privateMetadata { key value } } }"
SALEOR_ORDER = """
query($id: ID!) {
  order(id: $id) { privateMetadata { key value } events { type message } }
}
"""


def answer(response: httpx.Response, name: str) -> dict[str, Any]:
    body = response.json()
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"][name]
    assert not payload.get("errors"), payload
    return payload


def publish_return_terms(kit: Kit, installed: Installed, staff: str) -> str:
    """What a shop's owner does in the policy editor; the published version's id."""
    url = installed.served.url
    created = answer(ask_foresight(url, kit, CREATE, {"input": {
        "kind": "RETURN_TERMS", "name": "Live return terms", "requiresAcceptance": True,
        "targeting": {},
    }}, staff), "policyCreate")  # fmt: skip
    policy = created["policy"]["id"]
    answer(ask_foresight(url, kit, DRAFT, {"policy": policy, "input": {
        "returnWindowDays": 30,
        "translations": [{"languageCode": "EN", "title": "Live return terms",
                          "body": "Return within **30 days**.",
                          "consentLabel": "I accept the return terms"}],
    }}, staff), "policyDraftSave")  # fmt: skip
    published = answer(ask_foresight(url, kit, PUBLISH, {"policy": policy}, staff), "policyPublish")
    return str(next(v["id"] for v in published["policy"]["versions"] if v["current"]))


def metadata(node: dict[str, Any]) -> dict[str, str]:
    return {item["key"]: item["value"] for item in node["privateMetadata"]}


def test_an_accepted_disclosure_is_bound_to_the_real_order(kit: Kit, installed: Installed) -> None:
    # given return terms published by staff, and a buyer's checkout of two lines in Saleor
    staff = dashboard_token(kit, installed.app_id)
    version = publish_return_terms(kit, installed, staff)
    made = checkout(kit, "accepting@example.com", quantities=(1, 2))
    url = installed.served.url

    # when the storefront asks what applies (Foresight reads the lines from Saleor) ...
    told = answer(ask_foresight(url, kit, DISCLOSURES, {"id": made["id"]}), "checkoutDisclosures")
    (terms,) = [d for d in told["disclosures"] if d["versionId"] == version]
    # ... and the buyer accepts them, then pays and completes the checkout
    accepted = answer(
        ask_foresight(url, kit, ACCEPT, {"id": made["id"], "versions": [version]}),
        "acceptDisclosures",
    )["acceptance"]

    def reference_in_checkout() -> str | None:
        held = kit.gql(SALEOR_CHECKOUT, {"id": made["id"]})["checkout"]
        return metadata(held).get("foresight.acceptance")

    reference = json.loads(eventually(reference_in_checkout, "the reference in the checkout"))
    order = pay_and_complete(kit, made)

    # then Foresight covered exactly the checkout's real lines ...
    assert terms["required"] and sorted(terms["lineIds"]) == sorted(
        ln["id"] for ln in made["lines"]
    )

    # ... Saleor copied the reference to the order, Foresight bound it and wrote its summary ...
    def bound() -> dict[str, Any] | None:
        held = kit.gql(SALEOR_ORDER, {"id": order["id"]})["order"]
        summary = metadata(held).get("foresight.acceptance.summary")
        notes = [e["message"] for e in held["events"] if e["type"] == "NOTE_ADDED"]
        return {"summary": json.loads(summary), "notes": notes} if summary and notes else None

    seen = eventually(bound, "the acceptance summary and note on the order")
    assert reference["hash"] == accepted["recordHash"]
    assert metadata(kit.gql(SALEOR_ORDER, {"id": order["id"]})["order"])["foresight.acceptance"]
    assert seen["summary"]["status"] == "COMPLETE"
    assert seen["summary"]["acceptance"] == reference["id"]
    assert seen["summary"]["hash"] == accepted["recordHash"]
    # ... and staff read in the order's history what was accepted, once
    notes = [n for n in seen["notes"] if n.startswith("Foresight: accepted before paying")]
    assert len(notes) == 1 and "Live return terms" in notes[0]
