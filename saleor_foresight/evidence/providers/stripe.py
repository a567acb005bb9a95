"""Stripe: the dispute's ``evidence`` object, as ``POST /v1/disputes/{id}`` takes it.

Field names are Stripe's (API reference, "The Dispute object: evidence" and "Update a
dispute"). Text fields carry text; file fields carry the ID of a file uploaded with purpose
``dispute_evidence`` (Files API): Foresight cannot know those IDs, so each file field holds
the file's path in the ZIP, and ``files`` lists what to upload for each field. Stripe takes
PDF, JPEG or PNG of at most 5 MB each, one file per field, and 150,000 characters across the
text fields.

What goes where:

- ``product_description``: the order's lines, with the colour warning the buyer accepted;
- ``refund_policy`` (file): the return terms as shown, with how and when (a PDF);
- ``refund_policy_disclosure``: how and when the return terms were shown and accepted,
  written from the acceptance record (time, consent control, language, IP, browser, hash);
- ``shipping_carrier``, ``shipping_date`` (YYYY-MM-DD of the first shipped parcel),
  ``shipping_tracking_number`` (comma-separated when several parcels);
- ``shipping_documentation`` (file): one PDF of the tracking details and the dispatch photos
  (scaled to fit 5 MB together; photos that do not fit are named);
- ``customer_communication`` (file): the claim thread, for a claim pack;
- ``customer_email_address``, ``customer_purchase_ip`` (from the acceptance at checkout);
- ``uncategorized_file``: every disclosure accepted, as shown (a PDF);
  ``uncategorized_text``: what the pack holds and that its hash chains verified.

Text over the limit is cut, ``uncategorized_text`` first, and named.
"""

from __future__ import annotations

from typing import Any

from ...policies.models import PolicyKind
from ..documents import accepted_of, carrier_of, day, how_shown, lines_text, tracked
from ..gather import Facts
from . import ProviderFile
from .limits import STRIPE, Adjustments, fit_text

FILE_FIELDS = {
    "refund-policy": "refund_policy",
    "shipping-documentation": "shipping_documentation",
    "customer-communication": "customer_communication",
    "disclosures": "uncategorized_file",
}
# cut first when the text is over Stripe's limit
CUT_ORDER = ("uncategorized_text", "product_description", "refund_policy_disclosure")
WHERE = "summary.html of the evidence pack"


def dispute_evidence(
    facts: Facts, files: list[ProviderFile], summary: str, adjustments: Adjustments
) -> dict[str, Any]:
    """``{"evidence": {...}, "files": [...]}``: the update body and the uploads it names."""
    evidence: dict[str, str] = {}
    order = facts.order
    colour = accepted_of(facts, PolicyKind.COLOUR_DIFFERENCE)
    evidence["product_description"] = " ".join(
        [f"Items ordered: {lines_text(order)}."] + [how_shown(a, i) for a, i in colour]
    )
    returns = accepted_of(facts, PolicyKind.RETURN_TERMS)
    if returns:
        evidence["refund_policy_disclosure"] = " ".join(how_shown(a, i) for a, i in returns)
    name, parcels = carrier_of(order), tracked(facts)
    if name:
        evidence["shipping_carrier"] = name
    shipped = sorted(f.created_at for f in parcels if f.created_at)
    if shipped:
        evidence["shipping_date"] = day(shipped[0]) or ""
    if parcels:
        evidence["shipping_tracking_number"] = ", ".join(f.tracking_number for f in parcels)
    first = facts.acceptances[0] if facts.acceptances else None
    if order.user_email:
        evidence["customer_email_address"] = order.user_email
    if first is not None and first.ip:
        evidence["customer_purchase_ip"] = first.ip
    evidence["uncategorized_text"] = summary
    uploads = []
    for file in files:
        field = FILE_FIELDS.get(file.role)
        if field is not None:
            evidence[field] = file.path
            uploads.append({"field": field, "purpose": "dispute_evidence", **file.to_json()})
    _fit(evidence, adjustments)
    return {"evidence": evidence, "files": uploads}


def _fit(evidence: dict[str, str], adjustments: Adjustments) -> None:
    limit = STRIPE.max_text_chars or 0
    text_fields = [k for k in evidence if k not in FILE_FIELDS.values()]
    for field in CUT_ORDER:
        total = sum(len(evidence[k]) for k in text_fields)
        if total <= limit or field not in evidence:
            continue
        room = max(limit - (total - len(evidence[field])), 0)
        evidence[field], _ = fit_text(evidence[field], room, WHERE)
        adjustments.adjust(
            f"stripe:evidence.{field}",
            None,
            ("TRUNCATED",),
            f"cut to {len(evidence[field])} characters: Stripe takes {limit} in all",
        )
