"""``evidence.json``: the pack's machine-readable record, schema ``foresight.evidence/1``.

Every field is described in ``EVIDENCE_SCHEMA.md`` beside this module (shipped with the
package). Times are ISO 8601
in UTC; amounts are strings; hashes are lowercase hex SHA-256; ids are Saleor's global IDs
for Saleor objects and UUIDs for Foresight's own records. A new field may be added within
version 1; removing or changing one is version 2.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from ..orders.models import Order
from ..policies.acceptance import item_fields, record_fields
from ..policies.models import Acceptance, AcceptanceItem, PolicyTranslation
from .claim import ClaimSection
from .documents import carrier_of, how_shown, timeline
from .models import Provider
from .providers import paypal, stripe
from .view import PackView

SCHEMA = "foresight.evidence/1"


def json_bytes(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


def provider_requests(view: PackView) -> dict[str, Any]:
    """The provider's request bodies, by their path in the ZIP."""
    facts, request = view.facts, view.request
    if request.provider is Provider.PAYPAL:
        return {
            f"paypal/{paypal.REASONS[r]}.json": paypal.provide_evidence(
                facts, r, view.provider_files, view.adjustments
            )
            for r in request.reasons
        }
    if request.provider is Provider.STRIPE:
        body = stripe.dispute_evidence(facts, view.provider_files, brief(view), view.adjustments)
        return {"stripe/dispute-evidence.json": body}
    return {}


def brief(view: PackView) -> str:
    """A few sentences on what the pack holds and whether it verified."""
    facts = view.facts
    verdict = "every hash and chain verified" if view.verified else "verification FAILED"
    return (
        f"Evidence pack {view.request.id} by Foresight for order {facts.order.number}, built "
        f"{iso(facts.gathered_at)}: {len(facts.acceptances)} acceptance record(s) of terms "
        f"shown before payment, {len(facts.parcels)} parcel(s) with {len(view.photo_checks)} "
        f"dispatch photo(s); {verdict}. The summary and evidence.json of the pack give every "
        "record in full with its SHA-256."
    )


def document(view: PackView) -> dict[str, Any]:
    facts, request = view.facts, view.request
    return {
        "schema": SCHEMA,
        "pack": {
            "id": str(request.id),
            "provider": request.provider.value,
            "reason": request.reason.value if request.reason else None,
            "requested_at": iso(request.created_at),
            "requested_by": request.requested_by,
            "generated_at": iso(facts.gathered_at),
        },
        "order": order_json(facts.order),
        "acceptances": [acceptance_json(a) for a in facts.acceptances],
        "dispatch": {
            "carrier": carrier_of(facts.order),
            "parcels": [
                {
                    "id": p.fulfillment.saleor_id,
                    "number": p.fulfillment.number,
                    "status": p.fulfillment.status,
                    "shipped_at": iso(p.fulfillment.created_at),
                    "tracking_number": p.fulfillment.tracking_number or None,
                    "lines": p.fulfillment.lines,
                    "photos": [photo_json(view, photo) for photo in p.photos],
                    "hidden_photos": [
                        {
                            "id": str(h.id),
                            "sha256": h.sha256,
                            "hidden_at": iso(h.hidden_at),
                            "hidden_reason": h.hidden_reason,
                        }
                        for h in p.hidden
                    ],
                }
                for p in facts.parcels
            ],
        },
        "claim": claim_json(facts.claim) if facts.claim else None,
        "timeline": [{"at": iso(t), "kind": k, "text": x} for t, k, x in timeline(facts)],
        "readiness": readiness_json(view),
        "provider": provider_json(view),
        "verification": verification_json(view),
        "files": [f.to_json() for f in view.files],
    }


def order_json(order: Order) -> dict[str, Any]:
    return {
        "id": order.saleor_id,
        "number": order.number,
        "channel": order.channel_slug,
        "status": order.status,
        "created_at": iso(order.created_at),
        "email": order.user_email,
        "customer_user_id": order.user_id,
        "currency": order.currency,
        "total_gross": str(order.total_gross) if order.total_gross is not None else None,
        "shipping_method": order.shipping_method_name,
        "shipping_country": order.shipping_country,
        "delivery_days": {"min": order.min_delivery_days, "max": order.max_delivery_days},
        "lines": [
            {
                "id": line.saleor_id,
                "product_name": line.product_name,
                "variant_name": line.variant_name,
                "sku": line.sku,
                "quantity": line.quantity,
                "attributes": line.attributes,
            }
            for line in order.lines
        ],
    }


def _text(translation: PolicyTranslation) -> dict[str, Any]:
    return {
        "id": str(translation.id),
        "language": translation.language,
        "title": translation.title,
        "body_markdown": translation.body_markdown,
        "consent_label": translation.consent_label,
    }


def item_json(acceptance: Acceptance, item: AcceptanceItem) -> dict[str, Any]:
    version = item.version
    return {
        **item_fields(item),
        "policy": {
            "id": str(version.policy_id),
            "kind": version.policy.kind,
            "name": version.policy.name,
        },
        "version": {
            "id": str(version.id),
            "number": version.number,
            "content_hash": version.content_hash,
            "published_at": iso(version.published_at),
            "return_window_days": version.return_window_days,
            "fallback_language": version.fallback_language,
        },
        "shown": {**_text(item.translation), "how": how_shown(acceptance, item)},
        "full_text": [_text(t) for t in version.translations],
    }


def acceptance_json(acceptance: Acceptance) -> dict[str, Any]:
    """The record's hashed fields as they are (``record_fields``), its hash, and its items."""
    return {
        **record_fields(acceptance),
        "record_hash": acceptance.record_hash,
        "items": [item_json(acceptance, item) for item in acceptance.items],
    }


def photo_json(view: PackView, photo: Any) -> dict[str, Any]:
    return {
        "id": str(photo.id),
        "file": view.photo_paths.get(photo.id),
        "sha256": photo.sha256,
        "byte_size": photo.byte_size,
        "format": photo.format,
        "width": photo.width,
        "height": photo.height,
        "captured_at": photo.captured_at,
        "uploaded_at": iso(photo.uploaded_at),
        "uploaded_by": photo.uploaded_by_email,
        "camera": {"make": photo.camera_make, "model": photo.camera_model},
        "retained_until": iso(photo.retained_until),
    }


def claim_json(claim: ClaimSection) -> dict[str, Any]:
    return {
        "id": str(claim.claim_id),
        "number": claim.number,
        "reason": claim.reason,
        "wished_resolution": claim.wished_resolution,
        "status": claim.status,
        "created_at": iso(claim.created_at),
        "closed_at": iso(claim.closed_at),
        "lines": claim.lines,
        "messages": [
            {
                "event_id": str(m.event_id),
                "at": iso(m.at),
                "actor": m.actor,
                "action": m.action,
                "text": m.text,
                "record_hash": m.record_hash,
                **m.fields,
            }
            for m in claim.messages
        ],
        "resolutions": [
            {
                "kind": r.kind,
                "status": r.status,
                "amount": r.amount,
                "currency": r.currency,
                "refund_ids": list(r.refund_ids),
                "confirmed_at": iso(r.confirmed_at),
                "text": r.text,
            }
            for r in claim.resolutions
        ],
        "photos": [
            {
                "id": str(f.id),
                "sha256": f.sha256,
                "byte_size": f.byte_size,
                "format": f.format,
                "captured_at": f.captured_at,
                "uploaded_at": iso(f.uploaded_at),
            }
            for f in claim.photos
        ],
    }


def readiness_json(view: PackView) -> dict[str, Any] | None:
    if view.readiness is None:
        return None
    return {
        r.reason.value: {"ready": r.ready, "present": list(r.present), "missing": list(r.missing)}
        for r in view.readiness.reasons()
    }


def provider_json(view: PackView) -> dict[str, Any] | None:
    limits = view.limits
    if limits is None:
        return None
    return {
        "name": view.request.provider.value,
        "requests": sorted(view.provider_requests),
        "files": [f.to_json() for f in view.provider_files],
        "limits": limits.to_json(),
        "total_bytes": sum(f.byte_size for f in view.provider_files),
        "adjusted": view.adjustments.adjusted,
        "left_out": view.adjustments.left_out,
    }


def verification_json(view: PackView) -> dict[str, Any]:
    chain, links = view.facts.chain, view.facts.links
    return {
        "ok": view.verified,
        "acceptance_chain": {
            "ok": chain.ok,
            "records_checked": chain.records_checked,
            "versions_checked": chain.versions_checked,
            "tampered_records": [str(i) for i in chain.tampered_records],
            "tampered_versions": [str(i) for i in chain.tampered_versions],
            "broken_links": [str(i) for i in chain.broken_links],
            "head_mismatch": chain.head_mismatch,
            "head": {"sequence": links.head[0], "hash": links.head[1]},
            "links": [link.to_json() for link in links.links],
        },
        "acceptance_records": [
            {
                "id": str(c.acceptance_id),
                "ok": c.ok,
                "stored_hash": c.stored_hash,
                "recomputed_hash": c.recomputed_hash,
                "altered_items": [str(i) for i in c.altered_items],
            }
            for c in view.facts.record_checks
        ],
        "photos": [
            {
                "id": str(c.photo_id),
                "file": c.path,
                "ok": c.ok,
                "recorded_sha256": c.recorded_sha256,
                "computed_sha256": c.computed_sha256,
                "problem": c.problem,
            }
            for c in view.photo_checks
        ],
        "claim_log": view.facts.claim.log if view.facts.claim else None,
    }
