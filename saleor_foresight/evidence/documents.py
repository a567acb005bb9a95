"""The facts in words: how a disclosure was shown, what was shipped, and the PDFs made of them.

The sentences here are shared by the summary, the provider notes and text fields, and the
PDFs, so every place says the same thing the same way. Times are UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..dispatch.models import DispatchPhoto
from ..orders.models import Fulfillment, Order
from ..policies.models import Acceptance, AcceptanceItem, PolicyKind
from ..text import item_name
from .claim import ClaimSection
from .gather import Facts
from .pdf import Document


def when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "unknown"


def day(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%d") if moment else None


def who(acceptance: Acceptance) -> str:
    if acceptance.customer_user_id:
        return f"customer {acceptance.customer_user_id} ({acceptance.email or 'no email'})"
    return acceptance.email or "an unknown buyer"


def how_shown(acceptance: Acceptance, item: AcceptanceItem) -> str:
    """How and when a disclosure was shown and accepted, from the acceptance record."""
    version = item.version
    kept = "required" if item.required else "optional"
    return (
        f'At checkout, before payment, the buyer was shown "{item.title}" '
        f"({version.policy.name}, {version.policy.kind}, version {version.number}, "
        f"language {item.language}, SHA-256 {item.content_hash}) with a {kept} consent "
        f'control labelled "{item.consent_label}". It was accepted on '
        f"{when(acceptance.accepted_at)} by {who(acceptance)} from IP "
        f"{acceptance.ip or 'unknown'} using {acceptance.user_agent or 'an unknown browser'}. "
        f"Acceptance record {acceptance.id}, link {acceptance.sequence} of the shop's "
        f"hash chain, record SHA-256 {acceptance.record_hash}."
    )


def shown_translation_markdown(item: AcceptanceItem) -> str:
    return item.translation.body_markdown


def carrier_of(order: Order) -> str | None:
    """The carrier as Saleor names the order's shipping method; None when unknown."""
    name = (order.shipping_method_name or "").strip()
    return name or None


def tracked(facts: Facts) -> list[Fulfillment]:
    """Dispatched parcels that carry a tracking number."""
    return [p.fulfillment for p in facts.parcels if p.dispatched and p.fulfillment.tracking_number]


def shipping_text(facts: Facts) -> str:
    order, parts = facts.order, []
    for parcel in facts.parcels:
        f = parcel.fulfillment
        parts.append(
            f"Parcel {f.number} ({f.status}) shipped {when(f.created_at)} with "
            f"{carrier_of(order) or 'an unnamed carrier'}, tracking number "
            f"{f.tracking_number or 'none'}; {len(parcel.photos)} photo(s) taken at packing."
        )
    for parcel, photo in facts.photos:
        parts.append(photo_text(parcel.fulfillment, photo))
    return " ".join(parts) or "Nothing has been shipped."


def photo_text(fulfillment: Fulfillment, photo: DispatchPhoto) -> str:
    taken = photo.captured_at or "at an unrecorded time"
    return (
        f"Photo {photo.id} of parcel {fulfillment.number}: taken {taken} (camera clock), "
        f"received {when(photo.uploaded_at)} from "
        f"{photo.uploaded_by_email}, SHA-256 {photo.sha256}."
    )


def lines_text(order: Order) -> str:
    items = []
    for line in order.lines:
        attributes = ", ".join(
            f"{a['attribute']}: {'/'.join(a.get('names') or a.get('values') or [])}"
            for a in line.attributes or []
        )
        extra = f" ({attributes})" if attributes else ""
        items.append(f"{line.quantity} x {item_name(line.product_name, line.variant_name)}{extra}")
    return "; ".join(items)


def accepted_of(facts: Facts, *kinds: PolicyKind) -> list[tuple[Acceptance, AcceptanceItem]]:
    return [(a, i) for a, i in facts.accepted() if i.version.policy.kind in kinds]


def disclosures_pdf(facts: Facts, *kinds: PolicyKind) -> Document | None:
    """Every accepted disclosure (of ``kinds``, or all): full text as shown, and how."""
    accepted = accepted_of(facts, *kinds) if kinds else facts.accepted()
    if not accepted:
        return None
    title = "Return policy as accepted" if kinds else "Terms accepted before payment"
    document = Document(f"{title} - order {facts.order.number}")
    for acceptance, item in accepted:
        document.heading(item.title)
        document.paragraph(how_shown(acceptance, item))
        document.heading("Full text shown")
        document.paragraph(shown_translation_markdown(item))
        if item.version.return_window_days is not None:
            document.fields([("Return window", f"{item.version.return_window_days} days")])
    return document


def claim_thread_pdf(facts: Facts, claim: ClaimSection) -> Document:
    document = Document(f"Claim {claim.number} on order {facts.order.number}")
    document.fields(
        [
            ("Reason", claim.reason),
            ("Wished resolution", claim.wished_resolution),
            ("Status", claim.status),
            ("Opened", when(claim.created_at)),
        ]
    )
    document.heading("Messages")
    for message in claim.messages:
        document.fields([(f"{when(message.at)} - {message.actor}", message.text)])
    if claim.resolutions:
        document.heading("Resolution")
        for resolution in claim.resolutions:
            document.paragraph(resolution.text)
    return document


def timeline(facts: Facts) -> list[tuple[datetime, str, str]]:
    """What happened, oldest first: (time, kind, sentence)."""
    order, events = facts.order, []
    events.append((order.created_at, "ORDER", f"Order {order.number} placed ({order.status})."))
    for acceptance, item in facts.accepted():
        events.append(
            (acceptance.accepted_at, "ACCEPTANCE", f'"{item.title}" accepted by {who(acceptance)}.')
        )
    for parcel in facts.parcels:
        f = parcel.fulfillment
        if f.created_at is not None:
            events.append(
                (
                    f.created_at,
                    "SHIPMENT",
                    f"Parcel {f.number} shipped, tracking {f.tracking_number or 'none'}.",
                )
            )
        for photo in parcel.photos:
            events.append(
                (
                    photo.uploaded_at,
                    "PHOTO",
                    f"Photo {photo.id} of parcel {f.number} received, SHA-256 {photo.sha256}.",
                )
            )
    if facts.claim is not None:
        for message in facts.claim.messages:
            events.append((message.at, "CLAIM", f"{message.actor}: {message.text}"))
        for resolution in facts.claim.resolutions:
            if resolution.confirmed_at is not None:
                events.append((resolution.confirmed_at, "RESOLUTION", resolution.text))
    return sorted(events, key=lambda event: event[0])
