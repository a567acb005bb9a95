"""Tickets, confirmation and hiding, on the local storage: what is recorded, what is kept,
and that every failure can be retried."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.dispatch import service
from saleor_foresight.dispatch.errors import DispatchError, DispatchErrorCode
from saleor_foresight.dispatch.models import DispatchPhoto, DispatchUpload, UploadStatus
from saleor_foresight.photos import uploads
from saleor_foresight.photos.errors import PhotoErrorCode
from saleor_foresight.storage import LocalStorage, ObjectNotFound, Storage, StorageUnavailable
from tests.dispatch.conftest import LIMITS, STAFF, Shop, ship
from tests.factories import make_installation
from tests.photos import pictures
from tests.storage.support import FakeClock


async def ticket(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    shop: Shop,
    *,
    content_type: str = "image/jpeg",
    byte_size: int = 20_000,
) -> DispatchUpload:
    async with sessionmaker.begin() as session:
        created = await service.create_upload(
            session,
            storage,
            shop.installation_id,
            order_id=shop.order_id,
            fulfillment_id=shop.fulfillment_id,
            content_type=content_type,
            byte_size=byte_size,
            staff=STAFF,
            limits=LIMITS,
        )
    assert created.ticket.key == created.upload.storage_key
    return created.upload


async def confirm(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    shop: Shop,
    upload: DispatchUpload,
    **options: Any,
) -> service.Confirmation:
    return await service.confirm_upload(
        sessionmaker.begin, storage, shop.installation_id, upload.id, limits=LIMITS, **options
    )


async def count(sessionmaker: async_sessionmaker[AsyncSession], model: type[Any]) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_confirmed_upload_becomes_one_photo_with_a_buyer_copy_and_a_thumbnail(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage, shop: Shop
) -> None:
    # given a ticket, and a phone photo uploaded with it
    upload = await ticket(sessionmaker, storage, shop)
    original = pictures.jpeg((64, 48), exif=pictures.camera_exif(orientation=6))
    await storage.put(upload.storage_key, original, content_type="image/jpeg")

    # when staff confirm it
    confirmation = await confirm(sessionmaker, storage, shop, upload)

    # then it is a photo with its facts, its uploader and both renditions
    photo = confirmation.photo
    assert photo is not None
    assert confirmation.upload.status == UploadStatus.CONFIRMED
    assert (photo.format, photo.width, photo.height, photo.orientation) == ("JPEG", 64, 48, 6)
    assert (photo.buyer_copy_width, photo.buyer_copy_height) == (48, 64)
    assert photo.captured_at == "2026-11-20T09:15:00+01:00"
    assert (photo.uploaded_by_id, photo.uploaded_by_email) == (STAFF.user_id, STAFF.email)
    assert photo.original_key == upload.storage_key
    assert len({photo.original_key, photo.buyer_copy_key, photo.thumbnail_key}) == 3
    for key in (photo.buyer_copy_key, photo.thumbnail_key):
        copy = await storage.read(key, max_bytes=LIMITS.max_bytes)
        assert pictures.gps_of(copy) == {}
    # and the original is kept as it came
    assert await storage.read(photo.original_key, max_bytes=LIMITS.max_bytes) == original
    assert photo.retained_until is None  # the local storage has no retention


async def test_confirming_twice_answers_the_same_photo(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage, shop: Shop
) -> None:
    upload = await ticket(sessionmaker, storage, shop)
    await storage.put(upload.storage_key, pictures.jpeg(), content_type="image/jpeg")

    first = await confirm(sessionmaker, storage, shop, upload)
    second = await confirm(sessionmaker, storage, shop, upload)

    assert first.photo is not None and second.photo is not None
    assert first.photo.id == second.photo.id
    assert await count(sessionmaker, DispatchPhoto) == 1


async def test_confirming_twice_at_once_records_one_photo(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage, shop: Shop
) -> None:
    upload = await ticket(sessionmaker, storage, shop)
    await storage.put(upload.storage_key, pictures.jpeg(), content_type="image/jpeg")

    results = await asyncio.gather(
        confirm(sessionmaker, storage, shop, upload), confirm(sessionmaker, storage, shop, upload)
    )

    ids = {r.photo.id for r in results if r.photo is not None}
    assert len(ids) == 1
    assert await count(sessionmaker, DispatchPhoto) == 1


class Flaky:
    """A storage that fails one named operation, ``times`` times, then works."""

    def __init__(self, storage: LocalStorage, operation: str, *, after: int = 0) -> None:
        self._storage, self._operation, self._after = storage, operation, after
        self.failed = 0

    def __getattr__(self, name: str) -> Any:
        method: Callable[..., Awaitable[Any]] = getattr(self._storage, name)
        if name != self._operation:
            return method

        async def flaky(*args: Any, **kwargs: Any) -> Any:
            if self._after > 0:
                self._after -= 1
                return await method(*args, **kwargs)
            if not self.failed:
                self.failed += 1
                raise StorageUnavailable("the bucket is down")
            return await method(*args, **kwargs)

        return flaky


@pytest.mark.parametrize(
    ("operation", "after"),
    [("head", 0), ("read", 0), ("put", 0), ("put", 1), ("retain", 0)],
    ids=["head", "read", "buyer-copy", "thumbnail (after the buyer copy)", "retain"],
)
async def test_storage_failing_at_any_step_records_nothing_and_a_retry_works(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: LocalStorage,
    shop: Shop,
    operation: str,
    after: int,
) -> None:
    # given an uploaded photo and a storage that fails once at one step
    upload = await ticket(sessionmaker, storage, shop)
    await storage.put(upload.storage_key, pictures.jpeg(), content_type="image/jpeg")
    flaky = Flaky(storage, operation, after=after)

    # when staff confirm
    with pytest.raises(DispatchError) as caught:
        await confirm(sessionmaker, flaky, shop, upload)  # type: ignore[arg-type]

    # then they hear why, and nothing is recorded
    assert caught.value.code == PhotoErrorCode.STORAGE_UNAVAILABLE
    assert await count(sessionmaker, DispatchPhoto) == 0
    async with sessionmaker() as session:
        held = await session.get(DispatchUpload, upload.id)
        assert held is not None and held.status == UploadStatus.PENDING

    # and confirming again works
    retried = await confirm(sessionmaker, flaky, shop, upload)  # type: ignore[arg-type]
    assert retried.photo is not None
    assert await count(sessionmaker, DispatchPhoto) == 1


async def test_a_rejected_upload_is_deleted_and_says_why_every_time(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage, shop: Shop
) -> None:
    # given a PNG uploaded with a ticket declared as JPEG
    upload = await ticket(sessionmaker, storage, shop)
    await storage.put(upload.storage_key, pictures.png(), content_type="image/jpeg")

    # when staff confirm it, twice
    first = await confirm(sessionmaker, storage, shop, upload)
    second = await confirm(sessionmaker, storage, shop, upload)

    # then it is rejected with the reason, no photo is recorded, and the object is gone
    for outcome in (first, second):
        assert outcome.photo is None
        assert outcome.upload.status == UploadStatus.REJECTED
        assert outcome.upload.rejection_code == PhotoErrorCode.TYPE_MISMATCH
        assert outcome.upload.rejection_message == (
            "The file is a PNG image but was declared as JPEG."
        )
    assert await count(sessionmaker, DispatchPhoto) == 0
    with pytest.raises(ObjectNotFound):
        await storage.head(upload.storage_key)


async def test_a_rejection_is_recorded_even_while_the_object_cannot_be_deleted(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage, shop: Shop
) -> None:
    # given HTML uploaded as a JPEG, and a storage that refuses the first delete
    upload = await ticket(sessionmaker, storage, shop)
    await storage.put(upload.storage_key, pictures.HTML, content_type="image/jpeg")
    flaky = Flaky(storage, "delete")

    # when staff confirm it
    first = await confirm(sessionmaker, flaky, shop, upload)  # type: ignore[arg-type]

    # then they see why at once, though the object is still there ...
    assert first.upload.rejection_code == PhotoErrorCode.NOT_AN_IMAGE
    assert (await storage.head(upload.storage_key)).size > 0

    # ... and the next confirm answers the same and deletes it
    second = await confirm(sessionmaker, flaky, shop, upload)  # type: ignore[arg-type]
    assert second.upload.rejection_code == PhotoErrorCode.NOT_AN_IMAGE
    with pytest.raises(ObjectNotFound):
        await storage.head(upload.storage_key)


async def test_an_object_larger_than_declared_is_refused_without_reading_it(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage, shop: Shop
) -> None:
    data = pictures.jpeg((200, 200))
    upload = await ticket(sessionmaker, storage, shop, byte_size=len(data) - 1)
    await storage.put(upload.storage_key, data, content_type="image/jpeg")
    reads = Flaky(storage, "read")  # a read would fail the confirm

    outcome = await confirm(sessionmaker, reads, shop, upload)  # type: ignore[arg-type]

    assert outcome.upload.rejection_code == PhotoErrorCode.TOO_LARGE
    assert reads.failed == 0


async def test_a_ticket_never_used_leaves_no_photo_and_expires(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: LocalStorage,
    shop: Shop,
    clock: FakeClock,
) -> None:
    # given a ticket nobody used
    upload = await ticket(sessionmaker, storage, shop)

    # when staff confirm it while it is valid
    with pytest.raises(DispatchError) as caught:
        await confirm(sessionmaker, storage, shop, upload, clock=clock)

    # then nothing has arrived yet, and nothing is recorded
    assert caught.value.code == PhotoErrorCode.NOT_UPLOADED
    assert await count(sessionmaker, DispatchPhoto) == 0

    # and once its confirmation window is over, it is rejected as expired
    clock.advance(900 + uploads.CONFIRM_WINDOW.total_seconds() + 1)
    outcome = await confirm(sessionmaker, storage, shop, upload, clock=clock)
    assert outcome.upload.rejection_code == PhotoErrorCode.EXPIRED
    assert await count(sessionmaker, DispatchPhoto) == 0


async def test_a_file_confirmed_too_late_is_deleted(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: LocalStorage,
    shop: Shop,
    clock: FakeClock,
) -> None:
    upload = await ticket(sessionmaker, storage, shop)
    await storage.put(upload.storage_key, pictures.jpeg(), content_type="image/jpeg")
    clock.advance(900 + uploads.CONFIRM_WINDOW.total_seconds() + 1)

    outcome = await confirm(sessionmaker, storage, shop, upload, clock=clock)

    assert (outcome.photo, outcome.upload.rejection_code) == (None, PhotoErrorCode.EXPIRED)
    with pytest.raises(ObjectNotFound):
        await storage.head(upload.storage_key)


async def test_an_upload_of_another_installation_or_order_is_not_found(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage, shop: Shop
) -> None:
    # given an uploaded photo of order 1, and another shop with an order 2
    upload = await ticket(sessionmaker, storage, shop)
    await storage.put(upload.storage_key, pictures.jpeg(), content_type="image/jpeg")
    async with sessionmaker.begin() as session:
        other = await make_installation(session, "https://other.test/graphql/")
        order_2, _ = await ship(session, shop.installation_id, number=2)
    strangers = Shop(other.id, shop.order_id, shop.fulfillment_id)

    # when another installation, or someone naming order 2, confirms it
    for attempt in (
        confirm(sessionmaker, storage, strangers, upload),
        confirm(sessionmaker, storage, shop, upload, order_id=order_2),
    ):
        with pytest.raises(DispatchError) as caught:
            await attempt
        # then there is no such upload, and it stays untouched
        assert (caught.value.code, caught.value.field) == ("NOT_FOUND", "upload_id")
    assert (await storage.head(upload.storage_key)).size > 0
    assert await count(sessionmaker, DispatchPhoto) == 0


TICKET_REFUSALS = {
    "a type that is no photo": ({"content_type": "image/svg+xml"}, "INVALID_CONTENT_TYPE"),
    "a PDF": ({"content_type": "application/pdf"}, "INVALID_CONTENT_TYPE"),
    "zero bytes": ({"byte_size": 0}, "INVALID"),
    "over the byte limit": ({"byte_size": LIMITS.max_bytes + 1}, "TOO_LARGE"),
    "an unknown order": ({"order_id": "T3JkZXI6OTk="}, "NOT_FOUND"),
    "a fulfillment of no such order": ({"fulfillment_id": "RnVsZmlsbG1lbnQ6OTk="}, "NOT_FOUND"),
}


@pytest.mark.parametrize("name", TICKET_REFUSALS)
async def test_a_ticket_is_refused_for(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage, shop: Shop, name: str
) -> None:
    changes, code = TICKET_REFUSALS[name]
    arguments: dict[str, Any] = {
        "order_id": shop.order_id,
        "fulfillment_id": shop.fulfillment_id,
        "content_type": "image/jpeg",
        "byte_size": 1000,
        **changes,
    }

    async with sessionmaker.begin() as session:
        with pytest.raises(DispatchError) as caught:
            await service.create_upload(
                session, storage, shop.installation_id, staff=STAFF, limits=LIMITS, **arguments
            )

    assert caught.value.code == code
    assert await count(sessionmaker, DispatchUpload) == 0


async def test_no_ticket_for_a_cancelled_parcel(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage, shop: Shop
) -> None:
    async with sessionmaker.begin() as session:
        order_id, fulfillment_id = await ship(
            session, shop.installation_id, number=3, status="CANCELED"
        )
    cancelled = Shop(shop.installation_id, order_id, fulfillment_id)

    with pytest.raises(DispatchError) as caught:
        await ticket(sessionmaker, storage, cancelled)

    assert (caught.value.code, caught.value.field) == ("INVALID", "fulfillment_id")


async def hide(
    sessionmaker: async_sessionmaker[AsyncSession], shop: Shop, photo_id: uuid.UUID, reason: str
) -> DispatchPhoto:
    async with sessionmaker.begin() as session:
        return await service.hide_photo(
            session, shop.installation_id, photo_id, reason=reason, staff=STAFF, now=NOW
        )


NOW = datetime.fromisoformat("2026-11-21T08:00:00+00:00")


async def test_hiding_a_photo_records_who_when_and_why_once(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage, shop: Shop
) -> None:
    upload = await ticket(sessionmaker, storage, shop)
    await storage.put(upload.storage_key, pictures.jpeg(), content_type="image/jpeg")
    photo = (await confirm(sessionmaker, storage, shop, upload)).photo
    assert photo is not None

    for reason, code in (("  ", "INVALID"), ("x" * 501, "INVALID")):
        with pytest.raises(DispatchError) as refused:
            await hide(sessionmaker, shop, photo.id, reason)
        assert (refused.value.code, refused.value.field) == (code, "reason")
    hidden = await hide(sessionmaker, shop, photo.id, " Shows another customer's label ")
    with pytest.raises(DispatchError) as again:
        await hide(sessionmaker, shop, photo.id, "again")
    with pytest.raises(DispatchError) as unknown:
        await hide(sessionmaker, shop, uuid.uuid4(), "no such photo")

    assert hidden.hidden is True
    assert hidden.hidden_reason == "Shows another customer's label"
    assert (hidden.hidden_by_email, hidden.hidden_at) == (STAFF.email, NOW)
    assert again.value.code == DispatchErrorCode.ALREADY_HIDDEN
    assert unknown.value.code == DispatchErrorCode.NOT_FOUND
    # and the evidence is all still there
    for key in (photo.original_key, photo.buyer_copy_key, photo.thumbnail_key):
        assert (await storage.head(key)).size > 0
