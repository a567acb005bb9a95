"""PayPal: the body of "Provide evidence" (Customer Disputes API v1) for each dispute reason.

``POST /v1/customer/disputes/{id}/provide-evidence`` takes a multipart request: a JSON part
``input`` and the evidence files. ``input`` is ``{"evidences": [evidence, ...]}``; each
evidence has an ``evidence_type`` (PayPal's enum), optional ``evidence_info`` (for
PROOF_OF_FULFILLMENT the ``tracking_info`` list of ``carrier_name`` — PayPal's carrier
enum, or ``OTHER`` with ``carrier_name_other`` — and ``tracking_number``; for
PROOF_OF_REFUND the ``refund_ids`` list of ``refund_id``), ``documents`` (the file names
sent with it) and ``notes`` (at most 2,000 characters). Read from PayPal's API reference:
"Provide evidence", the ``evidence`` and ``evidence_type`` definitions, and "Supported file
types and sizes".

The mapping, per Foresight reason (PayPal's reason in brackets):

- NOT_RECEIVED (MERCHANDISE_OR_SERVICE_NOT_RECEIVED): PROOF_OF_FULFILLMENT with carrier and
  tracking number of every shipped parcel, the dispatch photos, the accepted terms, and
  notes on when it shipped and what the buyer accepted about delivery. Without a carrier or
  a tracking number PayPal does not take PROOF_OF_FULFILLMENT: it is left out and named.
- NOT_AS_DESCRIBED (MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED): ITEM_DESCRIPTION (the lines, the
  colour warning accepted, the parcel photos), RETURN_POLICY (the return terms accepted, as
  shown), and PROOF_OF_REFUND when a claim was refunded.
- CREDIT_NOT_PROCESSED (CREDIT_NOT_PROCESSED): RETURN_POLICY, and PROOF_OF_REFUND when
  refunded.
"""

from __future__ import annotations

import re
from typing import Any

from ...policies.models import PolicyKind
from ..documents import accepted_of, carrier_of, day, how_shown, lines_text, shipping_text, tracked
from ..gather import Facts
from ..models import DisputeReason
from . import ProviderFile
from .limits import PAYPAL, Adjustments, fit_text

REASONS: dict[DisputeReason, str] = {
    DisputeReason.NOT_RECEIVED: "MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
    DisputeReason.NOT_AS_DESCRIBED: "MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED",
    DisputeReason.CREDIT_NOT_PROCESSED: "CREDIT_NOT_PROCESSED",
}
# names of PayPal's carrier enum recognised in a shipping method's name; else OTHER
CARRIERS: tuple[tuple[str, str], ...] = (
    ("USPS", "USPS"),
    ("UPS", "UPS"),
    ("FEDEX", "FEDEX"),
    ("DHL", "DHL"),
)
NOTES_WHERE = "summary.html of the evidence pack"


def carrier(name: str) -> dict[str, str]:
    """PayPal's ``carrier_name`` (and ``carrier_name_other``) for a carrier's name."""
    words = set(re.split(r"[^A-Z0-9]+", name.upper()))
    for word, enum in CARRIERS:
        if word in words:
            return {"carrier_name": enum}
    return {"carrier_name": "OTHER", "carrier_name_other": name[:64]}


def provide_evidence(
    facts: Facts,
    reason: DisputeReason,
    files: list[ProviderFile],
    adjustments: Adjustments,
) -> dict[str, Any]:
    """The ``input`` part of provide-evidence for one reason."""
    photos = [f.name for f in files if f.role == "dispatch-photo"]
    disclosures = [f.name for f in files if f.role == "disclosures"]
    returns = [f.name for f in files if f.role == "return-policy"]
    evidences: list[dict[str, Any]] = []
    if reason is DisputeReason.NOT_RECEIVED:
        evidences.append(_fulfillment(facts, photos + disclosures, adjustments))
    if reason is DisputeReason.NOT_AS_DESCRIBED:
        warned = accepted_of(facts, PolicyKind.COLOUR_DIFFERENCE)
        notes = f"Items ordered: {lines_text(facts.order)}. " + " ".join(
            how_shown(a, i) for a, i in warned
        )
        evidences.append(_evidence("ITEM_DESCRIPTION", disclosures + photos, notes))
    if reason in (DisputeReason.NOT_AS_DESCRIBED, DisputeReason.CREDIT_NOT_PROCESSED):
        terms = accepted_of(facts, PolicyKind.RETURN_TERMS)
        if terms:
            notes = " ".join(how_shown(a, i) for a, i in terms)
            evidences.append(_evidence("RETURN_POLICY", returns, notes))
        else:
            adjustments.leave_out(
                f"paypal:{REASONS[reason]}:RETURN_POLICY", "no return terms accepted"
            )
        refunds = facts.claim.refund_ids if facts.claim else []
        if refunds:
            evidence = _evidence("PROOF_OF_REFUND", [], "Refunded through Saleor.")
            evidence["evidence_info"] = {"refund_ids": [{"refund_id": r} for r in refunds]}
            evidences.append(evidence)
    body = {"evidences": [e for e in evidences if e]}
    for evidence in body["evidences"]:
        notes, cut = fit_text(evidence["notes"], PAYPAL.max_notes_chars or 0, NOTES_WHERE)
        if cut:
            evidence["notes"] = notes
            adjustments.adjust(
                f"paypal:{REASONS[reason]}:{evidence['evidence_type']}:notes",
                None,
                ("TRUNCATED",),
                f"notes cut to {PAYPAL.max_notes_chars} characters",
            )
    return body


def _evidence(evidence_type: str, documents: list[str], notes: str) -> dict[str, Any]:
    evidence: dict[str, Any] = {"evidence_type": evidence_type, "notes": notes}
    if documents:
        evidence["documents"] = [{"name": name} for name in documents]
    return evidence


def _fulfillment(facts: Facts, documents: list[str], adjustments: Adjustments) -> dict[str, Any]:
    name = carrier_of(facts.order)
    parcels = tracked(facts)
    terms = accepted_of(facts, PolicyKind.DELIVERY_TIME)
    notes = shipping_text(facts) + " " + " ".join(how_shown(a, i) for a, i in terms)
    if name is None or not parcels:
        missing = "carrier" if name is None else "tracking number"
        adjustments.leave_out(
            "paypal:MERCHANDISE_OR_SERVICE_NOT_RECEIVED:PROOF_OF_FULFILLMENT",
            f"PayPal needs a carrier and a tracking number; the order has no {missing}",
        )
        return {}
    evidence = _evidence("PROOF_OF_FULFILLMENT", documents, notes.strip())
    evidence["evidence_info"] = {
        "tracking_info": [
            {**carrier(name), "tracking_number": f.tracking_number[:255]} for f in parcels
        ]
    }
    shipped = [day(f.created_at) for f in parcels if f.created_at]
    if shipped:
        evidence["notes"] = f"Shipped {', '.join(d for d in shipped if d)}. " + evidence["notes"]
    return evidence
