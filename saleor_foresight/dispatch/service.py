"""Staff's proof of dispatch: ask for an upload ticket, confirm what arrived, hide a photo.

The browser uploads straight to storage with the ticket; Foresight never relays the bytes.
``confirm_upload`` then checks the object (``images.check_image``), writes the buyer copy and
thumbnail under fresh keys (write-once ``put``), retains the original (S3 Object Lock where
configured) and records the photo. It is a sequence of short steps, not one transaction: it is
given a unit-of-work factory (``transaction``, the caller's ``sessionmaker.begin``) and never
holds a database transaction open while it talks to storage or decodes pixels.

Safe to retry, whatever fails:

* storage unreachable at any step: ``STORAGE_UNAVAILABLE``, the upload stays PENDING, nothing
  is recorded; derivatives a failed attempt already wrote stay behind as unreferenced
  objects (harmless: fresh keys, never served) and the retry writes its own;
* confirmed twice, even at once: one photo (unique on the upload); the second call answers
  the photo the first recorded;
* a rejection is recorded first (under a lock on the upload, so it never races a photo being
  recorded) and the object deleted after; if storage refuses the delete, the next confirm of
  that upload, which answers the recorded rejection, deletes it.

A ticket never used leaves no photo and is never listed. Once the ticket is past its
confirmation window, a confirm rejects it as EXPIRED (deleting an object that arrived too
late); an upload nobody confirms is rejected so by the installation's upload sweep
(``sweep.py``), which ``create_upload`` makes sure is scheduled.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from .. import text as free_text
from ..db import utcnow
from ..orders import record
from ..orders.models import Order
from ..storage import (
    ObjectNotFound,
    Storage,
    StorageError,
    UploadTicket,
    check_key,
    new_key,
)
from . import sweep, uploads
from .errors import DispatchError, DispatchErrorCode, ImageRejected, not_found
from .images import CheckedImage, ImageLimits
from .models import REASON_LENGTH, DispatchPhoto, DispatchUpload, UploadStatus
from .uploads import CONFIRM_WINDOW

logger = logging.getLogger(__name__)

ORIGINAL_KIND = "dispatch-photo"
BUYER_COPY_KIND = "dispatch-buyer"
THUMBNAIL_KIND = "dispatch-thumb"
CLOSED_FULFILLMENTS = frozenset({"CANCELED", "DELETED"})

UnitOfWork = Callable[[], AbstractAsyncContextManager[AsyncSession]]
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class StaffMember:
    user_id: str
    email: str


@dataclass(frozen=True)
class NewUpload:
    upload: DispatchUpload
    ticket: UploadTicket


@dataclass(frozen=True)
class Confirmation:
    """How a confirm ended: ``photo`` when accepted; else the upload carries the rejection."""

    upload: DispatchUpload
    photo: DispatchPhoto | None


async def create_upload(
    session: AsyncSession,
    storage: Storage,
    installation_id: uuid.UUID,
    *,
    order_id: str,
    fulfillment_id: str,
    content_type: str,
    byte_size: int,
    staff: StaffMember,
    limits: ImageLimits,
) -> NewUpload:
    """A ticket for one photo of a fulfillment (Saleor IDs), sized and typed as declared."""
    uploads.check_declared(content_type, byte_size, limits)
    order = await record.get_order(session, installation_id, order_id)
    if order is None:
        raise not_found("No such order.", "order_id")
    fulfillment = next((f for f in order.fulfillments if f.saleor_id == fulfillment_id), None)
    if fulfillment is None:
        raise not_found("The order has no such fulfillment.", "fulfillment_id")
    if fulfillment.status in CLOSED_FULFILLMENTS:
        raise DispatchError(
            DispatchErrorCode.INVALID,
            f"The fulfillment is {fulfillment.status.lower()}.",
            "fulfillment_id",
        )
    key = new_key(installation_id, ORIGINAL_KIND)
    try:
        ticket = await storage.create_upload_ticket(
            key, content_type=content_type.strip().lower(), max_bytes=byte_size
        )
    except StorageError as exc:
        raise _unavailable() from exc
    upload = DispatchUpload(
        installation_id=installation_id,
        order_id=order.id,
        fulfillment_id=fulfillment.id,
        storage_key=key,
        content_type=ticket.content_type,
        byte_size=byte_size,
        status=UploadStatus.PENDING,
        uploaded_by_id=staff.user_id,
        uploaded_by_email=staff.email,
        expires_at=ticket.expires_at,
    )
    session.add(upload)
    await session.flush()
    await sweep.schedule(session, installation_id, sweep.sweepable_at(upload.expires_at))
    return NewUpload(upload, ticket)


async def confirm_upload(
    transaction: UnitOfWork,
    storage: Storage,
    installation_id: uuid.UUID,
    upload_id: uuid.UUID,
    *,
    order_id: str | None = None,
    limits: ImageLimits,
    clock: Clock = utcnow,
) -> Confirmation:
    """Check the uploaded object and record it as a photo, or reject it for good."""
    async with transaction() as session:
        upload = await _upload(session, installation_id, upload_id, order_id)
        if upload.status == UploadStatus.CONFIRMED:
            return Confirmation(upload, await _photo_of(session, upload.id))
    if upload.status == UploadStatus.REJECTED:
        await _discard(storage, upload)
        return Confirmation(upload, None)
    if clock() > upload.expires_at + CONFIRM_WINDOW:
        return await _reject(
            transaction,
            storage,
            upload,
            ImageRejected(DispatchErrorCode.EXPIRED, "The upload ticket expired unconfirmed."),
        )
    key = check_key(upload.storage_key, installation_id)
    try:
        checked = await _check(storage, upload, limits)
    except ImageRejected as rejection:
        return await _reject(transaction, storage, upload, rejection)
    try:
        buyer_copy = await storage.put(
            new_key(installation_id, BUYER_COPY_KIND),
            checked.buyer_copy.data,
            content_type=checked.buyer_copy.content_type,
        )
        thumbnail = await storage.put(
            new_key(installation_id, THUMBNAIL_KIND),
            checked.thumbnail.data,
            content_type=checked.thumbnail.content_type,
        )
        retained_until = await storage.retain(key)
    except StorageError as exc:
        raise _unavailable() from exc
    photo = DispatchPhoto(
        installation_id=installation_id,
        upload_id=upload.id,
        order_id=upload.order_id,
        fulfillment_id=upload.fulfillment_id,
        original_key=key,
        buyer_copy_key=buyer_copy.key,
        thumbnail_key=thumbnail.key,
        sha256=checked.sha256,
        byte_size=checked.byte_size,
        format=checked.format,
        width=checked.width,
        height=checked.height,
        buyer_copy_width=checked.buyer_copy.width,
        buyer_copy_height=checked.buyer_copy.height,
        captured_at=checked.captured_at,
        camera_make=checked.camera_make,
        camera_model=checked.camera_model,
        orientation=checked.orientation,
        uploaded_by_id=upload.uploaded_by_id,
        uploaded_by_email=upload.uploaded_by_email,
        uploaded_at=clock(),
        retained_until=retained_until,
    )
    return await _record(transaction, installation_id, upload.id, photo)


async def hide_photo(
    session: AsyncSession,
    installation_id: uuid.UUID,
    photo_id: uuid.UUID,
    *,
    reason: str,
    staff: StaffMember,
    now: datetime,
) -> DispatchPhoto:
    """Hide a photo from the buyer; it stays, with who hid it, when and why."""
    try:
        reason = free_text.clean(reason)
    except free_text.UnfitText as unfit:
        raise DispatchError(DispatchErrorCode.INVALID, str(unfit), "reason") from None
    if not reason:
        raise DispatchError(DispatchErrorCode.INVALID, "Say why the photo is hidden.", "reason")
    if len(reason) > REASON_LENGTH:
        raise DispatchError(
            DispatchErrorCode.INVALID,
            f"The reason may have at most {REASON_LENGTH} characters.",
            "reason",
        )
    photo = await session.scalar(
        select(DispatchPhoto)
        .where(DispatchPhoto.installation_id == installation_id, DispatchPhoto.id == photo_id)
        .with_for_update()
    )
    if photo is None:
        raise not_found("No such photo.", "id")
    if photo.hidden:
        raise DispatchError(
            DispatchErrorCode.ALREADY_HIDDEN, "The photo is already hidden from the buyer.", "id"
        )
    photo.hidden = True
    photo.hidden_reason = reason
    photo.hidden_by_id = staff.user_id
    photo.hidden_by_email = staff.email
    photo.hidden_at = now
    await session.flush()
    return photo


async def _upload(
    session: AsyncSession,
    installation_id: uuid.UUID,
    upload_id: uuid.UUID,
    order_id: str | None,
    *,
    lock: bool = False,
) -> DispatchUpload:
    query = select(DispatchUpload).where(
        DispatchUpload.installation_id == installation_id, DispatchUpload.id == upload_id
    )
    if order_id is not None:
        query = query.join(Order, Order.id == DispatchUpload.order_id).where(
            Order.saleor_id == order_id
        )
    upload = await session.scalar(query.with_for_update() if lock else query)
    if upload is None:
        raise not_found("No such upload.", "upload_id")
    return upload


async def _photo_of(session: AsyncSession, upload_id: uuid.UUID) -> DispatchPhoto | None:
    return await session.scalar(select(DispatchPhoto).where(DispatchPhoto.upload_id == upload_id))


async def _check(storage: Storage, upload: DispatchUpload, limits: ImageLimits) -> CheckedImage:
    """Read the object (never more than declared) and check its bytes."""
    try:
        return await uploads.read_checked(
            storage, upload.storage_key, upload.content_type, upload.byte_size, limits
        )
    except ObjectNotFound:
        raise DispatchError(
            DispatchErrorCode.NOT_UPLOADED,
            "Nothing has been uploaded with this ticket yet.",
            "upload_id",
        ) from None
    except StorageError as exc:
        raise _unavailable() from exc


async def _reject(
    transaction: UnitOfWork, storage: Storage, upload: DispatchUpload, rejection: ImageRejected
) -> Confirmation:
    """Record why, then delete the object (unless a confirm recorded it as a photo first)."""
    async with transaction() as session:
        current = await _upload(session, upload.installation_id, upload.id, None, lock=True)
        if current.status == UploadStatus.PENDING:
            current.status = UploadStatus.REJECTED
            current.rejection_code = rejection.code
            current.rejection_message = rejection.message[:REASON_LENGTH]
            current.decided_at = utcnow()
        photo = await _photo_of(session, current.id)
    if current.status == UploadStatus.REJECTED:
        await _discard(storage, current)
    return Confirmation(current, photo)


async def _discard(storage: Storage, upload: DispatchUpload) -> None:
    """Delete a rejected upload's object; a failure is left to the next confirm to retry."""
    try:
        await storage.delete(upload.storage_key)
    except ObjectNotFound:
        pass
    except StorageError as exc:
        logger.warning("rejected upload %s: deleting its object failed: %s", upload.id, exc)


async def _record(
    transaction: UnitOfWork, installation_id: uuid.UUID, upload_id: uuid.UUID, photo: DispatchPhoto
) -> Confirmation:
    try:
        async with transaction() as session:
            upload = await _upload(session, installation_id, upload_id, None, lock=True)
            if upload.status != UploadStatus.PENDING:  # another confirm finished first
                return Confirmation(upload, await _photo_of(session, upload.id))
            upload.status = UploadStatus.CONFIRMED
            upload.decided_at = photo.uploaded_at
            session.add(photo)
            await session.flush()
        return Confirmation(upload, photo)
    except IntegrityError:  # the same race, lost at the unique constraint
        async with transaction() as session:
            upload = await _upload(session, installation_id, upload_id, None)
            return Confirmation(upload, await _photo_of(session, upload.id))


def _unavailable() -> DispatchError:
    return DispatchError(
        DispatchErrorCode.STORAGE_UNAVAILABLE,
        "The photo storage could not be reached; nothing was recorded. Try again.",
    )
