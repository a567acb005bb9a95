"""Photos a buyer sends with a claim: the photo pipeline dispatch photos go through.

The browser asks for a ticket per photo (``create_upload``), posts the file straight to
storage, then names the uploads when it files the claim or sends a message. ``check`` then
takes each through ``photos.pipeline`` (magic bytes, declared type, byte and pixel limits, a
decode; a buyer copy and a thumbnail without EXIF, GPS or any other metadata; the original
kept under retention; a refused one rejected, then deleted). Like
``dispatch.service.confirm_upload`` it holds no database transaction while it talks to
storage or decodes pixels: it is given a unit-of-work factory.

A photo is checked once: an accepted upload named again (a retried claimCreate) is not
checked again; a rejected one answers its rejection. ``take`` and ``link`` then tie
accepted photos to the event they were sent with, inside the caller's transaction (the
event records their SHA-256); a photo belongs to one event only. At most
``MAX_UPLOADS_PER_ORDER`` tickets per order, so an order ID and an email cannot be used
to fill the bucket. A ticket never checked is rejected as EXPIRED, and its object deleted,
by the upload sweep (``photos.sweep``, over ``CLAIM_PHOTOS``), which ``create_upload``
makes sure is scheduled. So is a photo checked but never sent (the claimCreate that checked
it was then refused, or the buyer gave up): ``take`` accepts a photo only within the same
window as its check (``expires_at`` + ``CONFIRM_WINDOW``), and once that has passed the
sweep deletes its original, buyer copy and thumbnail (after any retention lapsed).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import utcnow
from ..orders.models import Order
from ..photos import pipeline, sweep, uploads
from ..photos.errors import EXPIRED_MESSAGE, PhotoErrorCode
from ..photos.images import ImageLimits
from ..photos.sweep import UnitOfWork
from ..photos.uploads import CONFIRM_WINDOW
from ..storage import Storage, UploadTicket
from .errors import ClaimError, ClaimErrorCode, invalid, not_found, photo_errors
from .log import Who
from .models import ClaimEvent, ClaimPhoto, PhotoStatus

KINDS = pipeline.Kinds("claim-photo", "claim-buyer", "claim-thumb")
MAX_UPLOADS_PER_ORDER = 60
MAX_PHOTOS_PER_MESSAGE = 10
FIELD = "photo_upload_ids"


def _never_sent(now: datetime) -> ColumnElement[bool]:
    """Checked photos no event took (``take`` refuses them past their window), unretained."""
    return and_(
        ClaimPhoto.status == PhotoStatus.ACCEPTED,
        ClaimPhoto.event_id.is_(None),
        or_(ClaimPhoto.retained_until.is_(None), ClaimPhoto.retained_until < now),
    )


CLAIM_PHOTOS = sweep.TicketTable(
    ClaimPhoto,
    PhotoStatus.PENDING,
    PhotoStatus.REJECTED,
    unattached=_never_sent,
    copies=("buyer_copy_key", "thumbnail_key"),
)


@dataclass(frozen=True)
class NewUpload:
    photo: ClaimPhoto
    ticket: UploadTicket


async def create_upload(
    session: AsyncSession,
    storage: Storage,
    order: Order,
    *,
    content_type: str,
    byte_size: int,
    who: Who,
    limits: ImageLimits,
) -> NewUpload:
    """A ticket for one photo of ``order``'s claim, sized and typed as declared."""
    with photo_errors():
        uploads.check_declared(content_type, byte_size, limits)
    held = await session.scalar(
        select(func.count()).select_from(ClaimPhoto).where(ClaimPhoto.order_id == order.id)
    )
    if (held or 0) >= MAX_UPLOADS_PER_ORDER:
        raise ClaimError(
            ClaimErrorCode.TOO_MANY_PHOTOS,
            f"An order may have at most {MAX_UPLOADS_PER_ORDER} photo uploads.",
        )
    with photo_errors(FIELD):
        issued = await pipeline.issue(
            storage, order.installation_id, KINDS, content_type, byte_size
        )
    ticket = issued.ticket
    photo = ClaimPhoto(
        installation_id=order.installation_id,
        order_id=order.id,
        storage_key=issued.key,
        content_type=ticket.content_type,
        declared_bytes=byte_size,
        status=PhotoStatus.PENDING,
        uploaded_by=who.actor,
        uploaded_by_id=who.user_id,
        uploaded_by_email=who.email,
        expires_at=ticket.expires_at,
    )
    session.add(photo)
    await session.flush()
    await pipeline.watch(session, order.installation_id, photo.expires_at)
    return NewUpload(photo, ticket)


async def check(
    transaction: UnitOfWork,
    storage: Storage,
    order: Order,
    upload_ids: Sequence[uuid.UUID],
    limits: ImageLimits,
) -> None:
    """Check every named upload of ``order`` not checked yet; the first refusal is raised."""
    if len(upload_ids) > MAX_PHOTOS_PER_MESSAGE:
        raise ClaimError(
            ClaimErrorCode.TOO_MANY_PHOTOS,
            f"At most {MAX_PHOTOS_PER_MESSAGE} photos at a time.",
            FIELD,
        )
    if len(set(upload_ids)) != len(upload_ids):
        raise invalid(FIELD, "A photo was named twice.")
    for upload_id in upload_ids:
        async with transaction() as session:
            photo = await _photo(session, order, upload_id)
        if photo.status == PhotoStatus.PENDING:
            with photo_errors(FIELD):
                photo = await _check_one(transaction, storage, photo, limits)
        elif photo.status == PhotoStatus.REJECTED:
            await pipeline.discard(storage, photo)
        if photo.status == PhotoStatus.REJECTED:
            code = PhotoErrorCode(photo.rejection_code or PhotoErrorCode.INVALID)
            raise ClaimError(code, photo.rejection_message or "The photo was refused.", FIELD)
        if photo.event_id is not None:
            raise invalid(FIELD, "A photo was already sent.")


async def take(
    session: AsyncSession, order: Order, upload_ids: Sequence[uuid.UUID]
) -> list[ClaimPhoto]:
    """The checked, unsent photos named, locked for the caller's transaction."""
    taken = []
    now = utcnow()
    for upload_id in upload_ids:
        photo = await _photo(session, order, upload_id, lock=True)
        if photo.status != PhotoStatus.ACCEPTED or photo.event_id is not None:
            raise invalid(FIELD, "A photo is not checked, or was already sent.")
        if now > photo.expires_at + CONFIRM_WINDOW:  # the sweep may be deleting it
            raise ClaimError(PhotoErrorCode.EXPIRED, EXPIRED_MESSAGE, FIELD)
        taken.append(photo)
    return taken


def link(photos: Sequence[ClaimPhoto], event: ClaimEvent) -> None:
    """Tie photos to the event they came with; a photo belongs to one event only."""
    for photo in photos:
        photo.claim_id, photo.event_id = event.claim_id, event.id


def evidence(photos: Sequence[ClaimPhoto]) -> list[dict[str, str]]:
    """What the log records of photos: ids and SHA-256, so the chain vouches for the files."""
    return [{"id": str(p.id), "sha256": p.sha256 or ""} for p in photos]


async def _photo(
    session: AsyncSession, order: Order, upload_id: uuid.UUID, *, lock: bool = False
) -> ClaimPhoto:
    query = select(ClaimPhoto).where(
        ClaimPhoto.installation_id == order.installation_id,
        ClaimPhoto.order_id == order.id,
        ClaimPhoto.id == upload_id,
    )
    photo = await session.scalar(query.with_for_update() if lock else query)
    if photo is None:
        raise not_found("No such photo upload for this order.", FIELD)
    return photo


async def _check_one(
    transaction: UnitOfWork, storage: Storage, photo: ClaimPhoto, limits: ImageLimits
) -> ClaimPhoto:
    outcome = await pipeline.check(
        transaction,
        storage,
        ClaimPhoto,
        photo,
        installation_id=photo.installation_id,
        declared_bytes=photo.declared_bytes,
        kinds=KINDS,
        limits=limits,
        now=utcnow(),
    )
    if not isinstance(outcome, pipeline.Processed):
        return outcome
    async with transaction() as session:
        current = await session.get(ClaimPhoto, photo.id, with_for_update=True)
        assert current is not None
        if current.status == PhotoStatus.PENDING:  # else a concurrent check finished first
            current.status = PhotoStatus.ACCEPTED
            current.decided_at = utcnow()
            pipeline.fill(current, outcome)
    return current
