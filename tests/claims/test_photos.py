"""Photos sent with a claim go through the dispatch photo checks: accepted ones lose their
metadata and are chained into the log by SHA-256; refused ones are deleted and say why."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.claims import photos
from saleor_foresight.claims.errors import ClaimError, ClaimErrorCode
from saleor_foresight.claims.models import ClaimEvent, ClaimPhoto, PhotoStatus
from saleor_foresight.orders import record
from saleor_foresight.orders.models import Order
from saleor_foresight.photos.errors import PhotoErrorCode
from saleor_foresight.photos.images import ImageLimits
from saleor_foresight.storage import LocalStorage, ObjectNotFound
from tests.claims.conftest import Shop
from tests.claims.support import BUYER, file
from tests.photos import pictures
from tests.storage.support import BASE_URL, LIMIT, SIGNING_KEY

Maker = async_sessionmaker[AsyncSession]
LIMITS = ImageLimits(max_bytes=LIMIT)


@pytest.fixture
async def storage(tmp_path: Path) -> LocalStorage:
    local = LocalStorage(
        tmp_path / "media", base_url=BASE_URL, signing_key=SIGNING_KEY, upload_max_bytes=LIMIT,
        ticket_ttl=900, download_ttl=300,
    )  # fmt: skip
    await local.check()
    return local


async def order_of(session: AsyncSession, shop: Shop) -> Order:
    order = await record.get_order(session, shop.installation_id, shop.order_id)
    assert order is not None
    return order


async def uploaded(
    sessionmaker: Maker, storage: LocalStorage, shop: Shop, data: bytes
) -> uuid.UUID:
    """A ticket asked for as the browser does, and the file put where the ticket points."""
    async with sessionmaker.begin() as session:
        created = await photos.create_upload(
            session, storage, await order_of(session, shop), content_type="image/jpeg",
            byte_size=len(data), who=BUYER, limits=LIMITS,
        )  # fmt: skip
    await storage.put(created.photo.storage_key, data, content_type="image/jpeg")
    return created.photo.id


async def test_an_accepted_photo_is_stripped_and_chained_into_the_claim(
    sessionmaker: Maker, storage: LocalStorage, shop: Shop
) -> None:
    # given a phone photo with GPS in its EXIF, uploaded with a ticket
    original = pictures.jpeg(exif=pictures.camera_exif(gps=True))
    upload_id = await uploaded(sessionmaker, storage, shop, original)

    # when it is checked and the claim is filed with it
    async with sessionmaker() as session:
        order = await order_of(session, shop)
    await photos.check(sessionmaker.begin, storage, order, [upload_id], LIMITS)
    async with sessionmaker.begin() as session:
        claim = await file(session, await order_of(session, shop), photo_ids=[upload_id])

    # then the buyer copy has no GPS, and the filing event carries the original's SHA-256
    async with sessionmaker() as session:
        photo = await session.get(ClaimPhoto, upload_id)
        assert photo is not None and photo.event_id is not None
        event = await session.get(ClaimEvent, photo.event_id)
    assert photo.status == PhotoStatus.ACCEPTED and photo.claim_id == claim.id
    assert photo.sha256 == hashlib.sha256(original).hexdigest()
    assert pictures.gps_of(await storage.read(photo.buyer_copy_key or "", max_bytes=LIMIT)) == {}
    assert event is not None
    assert event.data["photos"] == [{"id": str(upload_id), "sha256": photo.sha256}]


async def test_a_file_that_is_not_a_photo_is_deleted_and_refuses_the_claim(
    sessionmaker: Maker, storage: LocalStorage, shop: Shop
) -> None:
    upload_id = await uploaded(sessionmaker, storage, shop, pictures.HTML)
    async with sessionmaker() as session:
        order = await order_of(session, shop)

    with pytest.raises(ClaimError) as refused:
        await photos.check(sessionmaker.begin, storage, order, [upload_id], LIMITS)
    with pytest.raises(ClaimError) as again:
        await photos.check(sessionmaker.begin, storage, order, [upload_id], LIMITS)

    assert refused.value.code is PhotoErrorCode.NOT_AN_IMAGE
    assert again.value.code is PhotoErrorCode.NOT_AN_IMAGE
    async with sessionmaker() as session:
        photo = await session.get(ClaimPhoto, upload_id)
    assert photo is not None and photo.status == PhotoStatus.REJECTED
    with pytest.raises(ObjectNotFound):
        await storage.head(photo.storage_key)


async def test_a_photo_not_uploaded_yet_can_be_checked_later(
    sessionmaker: Maker, storage: LocalStorage, shop: Shop
) -> None:
    async with sessionmaker.begin() as session:
        order = await order_of(session, shop)
        created = await photos.create_upload(
            session, storage, order, content_type="image/png", byte_size=100, who=BUYER,
            limits=LIMITS,
        )  # fmt: skip

    with pytest.raises(ClaimError) as refused:
        await photos.check(sessionmaker.begin, storage, order, [created.photo.id], LIMITS)

    assert refused.value.code is PhotoErrorCode.NOT_UPLOADED
    async with sessionmaker() as session:
        photo = await session.get(ClaimPhoto, created.photo.id)
    assert photo is not None and photo.status == PhotoStatus.PENDING


@pytest.mark.parametrize(
    ("content_type", "size", "code"),
    [("image/svg+xml", 100, PhotoErrorCode.INVALID_CONTENT_TYPE),
     ("image/jpeg", LIMIT + 1, PhotoErrorCode.TOO_LARGE)],
)  # fmt: skip
async def test_a_ticket_is_refused_for_what_dispatch_photos_refuse(
    sessionmaker: Maker, storage: LocalStorage, shop: Shop, content_type: str, size: int,
    code: ClaimErrorCode,
) -> None:  # fmt: skip
    with pytest.raises(ClaimError) as refused:
        async with sessionmaker.begin() as session:
            await photos.create_upload(
                session, storage, await order_of(session, shop), content_type=content_type,
                byte_size=size, who=BUYER, limits=LIMITS,
            )  # fmt: skip

    assert refused.value.code is code
