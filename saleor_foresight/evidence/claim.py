"""The claim section of a pack: the claim, its thread, its resolution and its log's check.

A claim pack is an order pack plus this section. It is read from the claims domain through
that domain's public functions only (no query on its tables here), so the claims domain
stays free to change its tables.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ..claims import log, read
from ..claims.models import ClaimEvent, ClaimLine, ClaimPhoto, ClaimResolution, ResolutionStatus
from ..claims.resolution import describe
from ..text import item_name
from .errors import not_found


@dataclass(frozen=True)
class ClaimMessage:
    """One step of the thread the buyer saw (staff-only notes are left out)."""

    event_id: uuid.UUID
    at: datetime
    actor: str
    action: str
    text: str
    record_hash: str
    # the event's hashed fields (``claims.log.event_fields``), carried for an auditor
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimResolutionFact:
    kind: str
    status: str
    text: str
    amount: str | None = None
    currency: str | None = None
    refund_ids: tuple[str, ...] = ()
    confirmed_at: datetime | None = None


@dataclass(frozen=True)
class ClaimPhotoFact:
    id: uuid.UUID
    storage_key: str
    sha256: str
    byte_size: int
    format: str
    captured_at: str | None
    uploaded_at: datetime | None


@dataclass(frozen=True)
class ClaimSection:
    claim_id: uuid.UUID
    order_id: uuid.UUID  # Foresight's order record id
    number: int
    reason: str
    wished_resolution: str
    status: str
    created_at: datetime
    closed_at: datetime | None
    lines: list[dict[str, Any]]
    messages: list[ClaimMessage]
    resolutions: list[ClaimResolutionFact]
    photos: list[ClaimPhotoFact] = field(default_factory=list)
    # the claim log of the installation, recomputed: {"ok", "events_checked", ...}, with the
    # links around the thread's events and the log's head
    log: dict[str, Any] = field(default_factory=dict)

    @property
    def refund_ids(self) -> list[str]:
        return [i for r in self.resolutions if r.status == "DONE" for i in r.refund_ids]


async def gather_claim(
    session: AsyncSession, installation_id: uuid.UUID, claim_id: uuid.UUID
) -> ClaimSection:
    """The claim section, read through the claims domain's public reads and log check."""
    found = await read.claim(session, installation_id, claim_id)
    if found is None:
        raise not_found("No such claim.", "claim_id")
    thread = await read.events(session, installation_id, claim_id, internal=False)
    sent = await read.photos(session, installation_id, claim_id)
    report = await log.verify(session, installation_id)
    around = await log.excerpt(session, installation_id, [e.sequence for e in thread])
    names = {line.order_line_id: item_name(line.product_name, line.variant_name)
             for line in found.lines}  # fmt: skip
    return ClaimSection(
        claim_id=found.id,
        order_id=found.order_id,
        number=found.number,
        reason=found.reason,
        wished_resolution=found.wished_resolution,
        status=found.status,
        created_at=found.created_at,
        closed_at=found.closed_at,
        lines=[_line(line) for line in sorted(found.lines, key=lambda line: line.position)],
        messages=[_message(event) for event in thread],
        resolutions=[
            _resolution(r, names) for r in sorted(found.resolutions, key=lambda r: r.created_at)
        ],
        photos=[_photo(photo) for photo in sent],
        log={
            "ok": report.ok,
            "events_checked": report.events_checked,
            "tampered": [str(i) for i in report.tampered],
            "broken_links": [str(i) for i in report.broken_links],
            "head_mismatch": report.head_mismatch,
            "head": {"sequence": around.head[0], "hash": around.head[1]},
            "links": [link.to_json() for link in around.links],
        },
    )


def _line(line: ClaimLine) -> dict[str, Any]:
    return {
        "order_line_id": line.order_line_id,
        "product_name": line.product_name,
        "variant_name": line.variant_name,
        "sku": line.sku,
        "quantity": line.quantity,
    }


def _message(event: ClaimEvent) -> ClaimMessage:
    text = event.message
    if not text:
        change = (
            f"{event.from_status} to {event.to_status}"
            if event.from_status and event.from_status != event.to_status
            else event.to_status
        )
        text = f"{event.action.replace('_', ' ').lower()} ({change})"
    return ClaimMessage(
        event_id=event.id,
        at=event.created_at,
        actor=event.actor,
        action=event.action,
        text=text,
        record_hash=event.record_hash,
        fields=log.event_fields(event),
    )


def _resolution(resolution: ClaimResolution, names: dict[str, str]) -> ClaimResolutionFact:
    done = resolution.status == ResolutionStatus.DONE
    amount = resolution.amount if resolution.granted_amount is None else resolution.granted_amount
    text = describe(resolution, names)
    text = text[:1].upper() + text[1:] + f": {resolution.status.replace('_', ' ').lower()}"
    if done and resolution.confirmed_at is not None:
        text += f", confirmed by Saleor on {resolution.confirmed_at:%Y-%m-%d %H:%M} UTC"
    if resolution.granted_refund_id:
        text += f" (Saleor granted refund {resolution.granted_refund_id})"
    return ClaimResolutionFact(
        kind=resolution.kind,
        status=resolution.status,
        text=text + ".",
        amount=str(amount) if amount is not None else None,
        currency=resolution.currency,
        refund_ids=(resolution.granted_refund_id,) if resolution.granted_refund_id else (),
        confirmed_at=resolution.confirmed_at if done else None,
    )


def _photo(photo: ClaimPhoto) -> ClaimPhotoFact:
    return ClaimPhotoFact(
        id=photo.id,
        storage_key=photo.storage_key,
        sha256=photo.sha256 or "",
        byte_size=photo.byte_size or 0,
        format=photo.format or "",
        captured_at=photo.captured_at,
        uploaded_at=photo.decided_at or photo.created_at,
    )
