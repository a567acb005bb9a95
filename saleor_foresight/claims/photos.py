"""Photos a buyer sends with a claim: the dispatch photo flow, with the dispatch checks.

The browser asks for a ticket per photo (``create_upload``), posts the file straight to
storage, then names the uploads when it files the claim or sends a message. ``check`` then
runs the very checks dispatch photos go through (``dispatch.uploads``, ``images.check_image``: magic
bytes, declared type, byte and pixel limits, a decode; a buyer copy and a thumbnail
without EXIF, GPS or any other metadata) and keeps the original under retention. Like
``dispatch.service.confirm_upload`` it holds no database transaction while it talks to
storage or decodes pixels: it is given a unit-of-work factory.

A photo is checked once: an accepted upload named again (a retried claimCreate) is not
checked again; a rejected one answers its rejection. ``take`` and ``link`` then tie
accepted photos to the event they were sent with, inside the caller's transaction (the
event records their SHA-256); a photo belongs to one event only. At most
``MAX_UPLOADS_PER_ORDER`` tickets per order, so an order ID and an email cannot be used
to fill the bucket. A ticket never checked is rejected as EXPIRED, and its object deleted,
by the upload sweep (``dispatch.sweep``, over ``CLAIM_PHOTOS``), which ``create_upload``
makes sure is scheduled. So is a photo checked but never sent (the claimCreate that checked
it was then refused, or the buyer gave up): ``take`` accepts a photo only within the same
window as its check (``expires_at`` + ``CONFIRM_WINDOW``), and once that has passed the
sweep deletes its original, buyer copy and thumbnail (after any retention lapsed).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import utcnow
from ..dispatch import sweep, uploads
from ..dispatch.errors import DispatchError, DispatchErrorCode, ImageRejected
from ..dispatch.images import CheckedImage, ImageLimits
from ..dispatch.uploads import CONFIRM_WINDOW
from ..orders.models import Order
from ..storage import ObjectNotFound, Storage, StorageError, UploadTicket, new_key
from .errors import ClaimError, ClaimErrorCode, invalid, not_found
from .log import Who
from .models import ClaimEvent, ClaimPhoto, PhotoStatus

ORIGINAL_KIND = "claim-photo"
BUYER_COPY_KIND = "claim-buyer"
THUMBNAIL_KIND = "claim-thumb"
MAX_UPLOADS_PER_ORDER = 60
MAX_PHOTOS_PER_MESSAGE = 10
FIELD = "photo_upload_ids"

UnitOfWork = Callable[[], AbstractAsyncContextManager[AsyncSession]]


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
    try:
        uploads.check_declared(content_type, byte_size, limits)
    except DispatchError as refused:
        raise ClaimError(
            ClaimErrorCode(refused.code.value), refused.message, refused.field
        ) from None
    held = await session.scalar(
        select(func.count()).select_from(ClaimPhoto).where(ClaimPhoto.order_id == order.id)
    )
    if (held or 0) >= MAX_UPLOADS_PER_ORDER:
        raise ClaimError(
            ClaimErrorCode.TOO_MANY_PHOTOS,
            f"An order may have at most {MAX_UPLOADS_PER_ORDER} photo uploads.",
        )
    key = new_key(order.installation_id, ORIGINAL_KIND)
    try:
        ticket = await storage.create_upload_ticket(
            key, content_type=content_type.strip().lower(), max_bytes=byte_size
        )
    except StorageError as exc:
        raise _unavailable() from exc
    photo = ClaimPhoto(
        installation_id=order.installation_id,
        order_id=order.id,
        storage_key=key,
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
    await sweep.schedule(session, order.installation_id, sweep.sweepable_at(photo.expires_at))
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
            photo = await _check_one(transaction, storage, photo, limits)
        if photo.status == PhotoStatus.REJECTED:
            code = ClaimErrorCode(photo.rejection_code or ClaimErrorCode.INVALID)
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
            raise ClaimError(ClaimErrorCode.EXPIRED, sweep.EXPIRED_MESSAGE, FIELD)
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
    try:
        if utcnow() > photo.expires_at + CONFIRM_WINDOW:
            raise ImageRejected(DispatchErrorCode.EXPIRED, "The upload ticket expired unused.")
        checked = await _read_and_check(storage, photo, limits)
    except ImageRejected as rejection:
        return await _reject(transaction, storage, photo, rejection)
    try:
        copy = await storage.put(
            new_key(photo.installation_id, BUYER_COPY_KIND),
            checked.buyer_copy.data,
            content_type=checked.buyer_copy.content_type,
        )
        thumb = await storage.put(
            new_key(photo.installation_id, THUMBNAIL_KIND),
            checked.thumbnail.data,
            content_type=checked.thumbnail.content_type,
        )
        retained_until = await storage.retain(photo.storage_key)
    except StorageError as exc:
        raise _unavailable() from exc
    async with transaction() as session:
        current = await session.get(ClaimPhoto, photo.id, with_for_update=True)
        assert current is not None
        if current.status == PhotoStatus.PENDING:  # else a concurrent check finished first
            current.status = PhotoStatus.ACCEPTED
            current.decided_at = utcnow()
            current.buyer_copy_key, current.thumbnail_key = copy.key, thumb.key
            current.sha256, current.byte_size = checked.sha256, checked.byte_size
            current.format, current.width, current.height = (
                checked.format, checked.width, checked.height,
            )  # fmt: skip
            current.buyer_copy_width = checked.buyer_copy.width
            current.buyer_copy_height = checked.buyer_copy.height
            current.captured_at, current.orientation = checked.captured_at, checked.orientation
            current.camera_make, current.camera_model = checked.camera_make, checked.camera_model
            current.retained_until = retained_until
    return current


async def _read_and_check(storage: Storage, photo: ClaimPhoto, limits: ImageLimits) -> CheckedImage:
    """Read the object, never more than declared, and run the dispatch checks on it."""
    try:
        return await uploads.read_checked(
            storage, photo.storage_key, photo.content_type, photo.declared_bytes, limits
        )
    except ObjectNotFound:
        raise ClaimError(
            ClaimErrorCode.NOT_UPLOADED, "A photo has not been uploaded yet.", FIELD
        ) from None
    except StorageError as exc:
        raise _unavailable() from exc


async def _reject(
    transaction: UnitOfWork, storage: Storage, photo: ClaimPhoto, rejection: ImageRejected
) -> ClaimPhoto:
    """Delete the object, then record why (a retry after a failure rejects again)."""
    try:
        await storage.delete(photo.storage_key)
    except ObjectNotFound:
        pass
    except StorageError as exc:
        raise _unavailable() from exc
    async with transaction() as session:
        current = await session.get(ClaimPhoto, photo.id, with_for_update=True)
        assert current is not None
        if current.status == PhotoStatus.PENDING:
            current.status = PhotoStatus.REJECTED
            current.rejection_code = ClaimErrorCode(rejection.code.value)
            current.rejection_message = rejection.message[:500]
            current.decided_at = utcnow()
    return current


def _unavailable() -> ClaimError:
    return ClaimError(
        ClaimErrorCode.STORAGE_UNAVAILABLE,
        "The photo storage could not be reached; nothing was recorded. Try again.",
        FIELD,
    )
