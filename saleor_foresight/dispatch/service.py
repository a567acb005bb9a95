"""Staff's proof of dispatch: ask for an upload ticket, confirm what arrived, hide a photo.

Tickets and confirms are the photo pipeline's steps (``photos.pipeline``): the browser
uploads straight to storage with the ticket; ``confirm_upload`` checks the object, writes the
buyer copy and thumbnail, retains the original and records the photo. It is a sequence of
short steps, not one transaction: it is given a unit-of-work factory (``transaction``, the
caller's ``sessionmaker.begin``) and never holds a database transaction open while it talks
to storage or decodes pixels.

Safe to retry, whatever fails:

* storage unreachable at any step: ``STORAGE_UNAVAILABLE``, the upload stays PENDING, nothing
  is recorded (see the pipeline);
* confirmed twice, even at once: one photo (unique on the upload); the second call answers
  the photo the first recorded;
* a rejection is recorded first and the object deleted after; if storage refuses the
  delete, the next confirm of that upload, which answers the recorded rejection, deletes it.

A ticket never used leaves no photo and is never listed. Once the ticket is past its
confirmation window, a confirm rejects it as EXPIRED (deleting an object that arrived too
late); an upload nobody confirms is rejected so by the installation's upload sweep
(``photos.sweep``, over ``DISPATCH_UPLOADS``), which ``create_upload`` makes sure is scheduled.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from .. import text as free_text
from ..db import utcnow
from ..orders import record
from ..orders.models import Order
from ..photos import pipeline, uploads
from ..photos.images import ImageLimits
from ..photos.models import REASON_LENGTH
from ..photos.sweep import TicketTable, UnitOfWork
from ..storage import Storage, UploadTicket
from .errors import DispatchError, DispatchErrorCode, not_found, photo_errors
from .models import DispatchPhoto, DispatchUpload, UploadStatus

KINDS = pipeline.Kinds("dispatch-photo", "dispatch-buyer", "dispatch-thumb")
CLOSED_FULFILLMENTS = frozenset({"CANCELED", "DELETED"})
DISPATCH_UPLOADS = TicketTable(DispatchUpload, UploadStatus.PENDING, UploadStatus.REJECTED)

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
    with photo_errors():
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
    with photo_errors():
        issued = await pipeline.issue(storage, installation_id, KINDS, content_type, byte_size)
    ticket = issued.ticket
    upload = DispatchUpload(
        installation_id=installation_id,
        order_id=order.id,
        fulfillment_id=fulfillment.id,
        storage_key=issued.key,
        content_type=ticket.content_type,
        byte_size=byte_size,
        status=UploadStatus.PENDING,
        uploaded_by_id=staff.user_id,
        uploaded_by_email=staff.email,
        expires_at=ticket.expires_at,
    )
    session.add(upload)
    await session.flush()
    await pipeline.watch(session, installation_id, upload.expires_at)
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
        await pipeline.discard(storage, upload)
        return Confirmation(upload, None)
    with photo_errors():
        outcome = await pipeline.check(
            transaction,
            storage,
            DispatchUpload,
            upload,
            installation_id=installation_id,
            declared_bytes=upload.byte_size,
            kinds=KINDS,
            limits=limits,
            now=clock(),
        )
    if not isinstance(outcome, pipeline.Processed):
        return await _decided(transaction, outcome)
    photo = DispatchPhoto(
        installation_id=installation_id,
        upload_id=upload.id,
        order_id=upload.order_id,
        fulfillment_id=upload.fulfillment_id,
        original_key=upload.storage_key,
        uploaded_by_id=upload.uploaded_by_id,
        uploaded_by_email=upload.uploaded_by_email,
        uploaded_at=clock(),
    )
    pipeline.fill(photo, outcome)
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


async def _decided(transaction: UnitOfWork, upload: DispatchUpload) -> Confirmation:
    """A confirm that ended in a rejection (or found another confirm's photo)."""
    if upload.status != UploadStatus.CONFIRMED:
        return Confirmation(upload, None)
    async with transaction() as session:
        return Confirmation(upload, await _photo_of(session, upload.id))


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
