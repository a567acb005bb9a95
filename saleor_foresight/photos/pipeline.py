"""One photo's way from ticket to accepted copies, the same for dispatch and claim photos.

1. ticket: ``uploads.check_declared`` refuses a type or size Foresight does not take, then
   ``issue`` makes a fresh key and asks storage for the ticket (the browser posts the file
   straight to storage; Foresight never relays the bytes); once the caller has stored its
   row, ``watch`` makes sure the upload sweep (``sweep.py``) is scheduled for it;
2. check: ``check`` refuses a ticket past its confirmation window as EXPIRED, reads the
   object (never more than declared) and runs ``images.check_image`` on it;
3. copies: the buyer copy and thumbnail are written under fresh keys (write-once ``put``);
4. retain: the original is put under retention (S3 Object Lock where configured);
5. accept or reject: the caller records an accepted photo (``fill`` sets the image columns,
   ``models.CheckedImageColumns``); a refused one ``check`` rejects itself: the reason is
   recorded first, under a lock on the row (so it never races a photo being accepted), and
   the object deleted after; if storage refuses the delete, ``discard`` is retried by the
   next check of that upload, which answers the recorded rejection.

No step holds a database transaction open while it talks to storage or decodes pixels: the
caller gives a unit-of-work factory (``transaction``, its ``sessionmaker.begin``). Storage
unreachable at any step is ``PhotoError`` STORAGE_UNAVAILABLE: nothing is recorded, and
copies a failed attempt already wrote stay behind as unreferenced objects (fresh keys, never
served) while the retry writes its own.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from ..db import utcnow
from ..storage import ObjectNotFound, Storage, StorageError, UploadTicket, check_key, new_key
from . import sweep, uploads
from .errors import EXPIRED_MESSAGE, ImageRejected, PhotoError, PhotoErrorCode, unavailable
from .images import CheckedImage, ImageLimits
from .models import PENDING, REASON_LENGTH, REJECTED, CheckedImageColumns
from .sweep import UnitOfWork
from .uploads import CONFIRM_WINDOW

logger = logging.getLogger(__name__)


class Ticket(Protocol):
    """A row of a ticket table (``models.TicketColumns`` and its key)."""

    id: uuid.UUID
    storage_key: str
    content_type: str
    status: str
    rejection_code: str | None
    rejection_message: str | None
    expires_at: datetime
    decided_at: datetime | None


Row = TypeVar("Row", bound=Ticket)


@dataclass(frozen=True)
class Kinds:
    """The storage key kinds of a domain's original, buyer copy and thumbnail."""

    original: str
    buyer_copy: str
    thumbnail: str


@dataclass(frozen=True)
class Issued:
    key: str
    ticket: UploadTicket


@dataclass(frozen=True)
class Processed:
    """A photo that passed the checks: what they found, its copies, its retention."""

    checked: CheckedImage
    buyer_copy_key: str
    thumbnail_key: str
    retained_until: datetime | None


async def issue(
    storage: Storage, installation_id: uuid.UUID, kinds: Kinds, content_type: str, byte_size: int
) -> Issued:
    """A ticket for one original of ``content_type``, at most ``byte_size`` bytes."""
    key = new_key(installation_id, kinds.original)
    try:
        ticket = await storage.create_upload_ticket(
            key, content_type=content_type.strip().lower(), max_bytes=byte_size
        )
    except StorageError as exc:
        raise unavailable() from exc
    return Issued(key, ticket)


async def watch(session: AsyncSession, installation_id: uuid.UUID, expires_at: datetime) -> None:
    """Make sure the upload sweep will find a ticket expiring at ``expires_at``."""
    await sweep.schedule(session, installation_id, sweep.sweepable_at(expires_at))


async def check(
    transaction: UnitOfWork,
    storage: Storage,
    model: type[Row],
    row: Row,
    *,
    installation_id: uuid.UUID,
    declared_bytes: int,
    kinds: Kinds,
    limits: ImageLimits,
    now: datetime,
) -> Processed | Row:
    """Check a pending upload and make its copies; if it is refused, the row as rejected
    (or as a concurrent check decided it)."""
    try:
        if now > row.expires_at + CONFIRM_WINDOW:
            raise ImageRejected(PhotoErrorCode.EXPIRED, EXPIRED_MESSAGE)
        key = check_key(row.storage_key, installation_id)
        checked = await _read_checked(storage, key, row.content_type, declared_bytes, limits)
    except ImageRejected as rejection:
        return await _reject(transaction, storage, model, row.id, rejection)
    try:
        buyer_copy = await storage.put(
            new_key(installation_id, kinds.buyer_copy),
            checked.buyer_copy.data,
            content_type=checked.buyer_copy.content_type,
        )
        thumbnail = await storage.put(
            new_key(installation_id, kinds.thumbnail),
            checked.thumbnail.data,
            content_type=checked.thumbnail.content_type,
        )
        retained_until = await storage.retain(key)
    except StorageError as exc:
        raise unavailable() from exc
    return Processed(checked, buyer_copy.key, thumbnail.key, retained_until)


def fill(photo: CheckedImageColumns, processed: Processed) -> None:
    """Set the image columns of an accepted photo."""
    checked = processed.checked
    photo.buyer_copy_key, photo.thumbnail_key = processed.buyer_copy_key, processed.thumbnail_key
    photo.sha256, photo.byte_size, photo.format = checked.sha256, checked.byte_size, checked.format
    photo.width, photo.height = checked.width, checked.height
    photo.buyer_copy_width = checked.buyer_copy.width
    photo.buyer_copy_height = checked.buyer_copy.height
    photo.captured_at, photo.orientation = checked.captured_at, checked.orientation
    photo.camera_make, photo.camera_model = checked.camera_make, checked.camera_model
    photo.retained_until = processed.retained_until


async def discard(storage: Storage, row: Ticket) -> None:
    """Delete a rejected upload's object; a failure is left to the next check to retry."""
    try:
        await storage.delete(row.storage_key)
    except ObjectNotFound:
        pass
    except StorageError as exc:
        logger.warning("rejected upload %s: deleting its object failed: %s", row.id, exc)


async def _read_checked(
    storage: Storage, key: str, content_type: str, declared_bytes: int, limits: ImageLimits
) -> CheckedImage:
    try:
        return await uploads.read_checked(storage, key, content_type, declared_bytes, limits)
    except ObjectNotFound:
        raise PhotoError(
            PhotoErrorCode.NOT_UPLOADED,
            "Nothing has been uploaded with this ticket yet.",
            "upload_id",
        ) from None
    except StorageError as exc:
        raise unavailable() from exc


async def _reject(
    transaction: UnitOfWork,
    storage: Storage,
    model: type[Row],
    row_id: uuid.UUID,
    rejection: ImageRejected,
) -> Row:
    """Record why, then delete the object (unless a check accepted it first)."""
    async with transaction() as session:
        current = await session.get(model, row_id, with_for_update=True)
        assert current is not None
        if current.status == PENDING:
            current.status = REJECTED
            current.rejection_code = rejection.code
            current.rejection_message = rejection.message[:REASON_LENGTH]
            current.decided_at = utcnow()
    if current.status == REJECTED:
        await discard(storage, current)
    return current
