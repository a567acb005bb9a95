"""Claim photo tickets nobody sent are swept like dispatch uploads (``photos.sweep``); a
buyer who names one afterwards hears that it expired, and a sent photo is never touched."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.claims import photos
from saleor_foresight.claims.errors import ClaimError
from saleor_foresight.claims.models import ClaimPhoto, PhotoStatus
from saleor_foresight.db import utcnow
from saleor_foresight.dispatch import service
from saleor_foresight.orders import record
from saleor_foresight.orders.models import Order
from saleor_foresight.photos import sweep
from saleor_foresight.photos.errors import PhotoErrorCode
from saleor_foresight.photos.images import ImageLimits
from saleor_foresight.storage import LocalStorage, ObjectNotFound
from tests.claims.conftest import Shop
from tests.claims.support import BUYER, file
from tests.photos import pictures
from tests.storage.support import BASE_URL, LIMIT, SIGNING_KEY

Maker = async_sessionmaker[AsyncSession]
LIMITS = ImageLimits(max_bytes=LIMIT)
TABLES = (service.DISPATCH_UPLOADS, photos.CLAIM_PHOTOS)


@pytest.fixture
async def storage(tmp_path: Path) -> LocalStorage:
    local = LocalStorage(
        tmp_path / "media", base_url=BASE_URL, signing_key=SIGNING_KEY, upload_max_bytes=LIMIT,
        ticket_ttl=900, download_ttl=300,
    )  # fmt: skip
    await local.check()
    return local


async def order_of(sessionmaker: Maker, shop: Shop) -> Order:
    async with sessionmaker() as session:
        order = await record.get_order(session, shop.installation_id, shop.order_id)
    assert order is not None
    return order


async def uploaded(sessionmaker: Maker, storage: LocalStorage, shop: Shop) -> ClaimPhoto:
    data = pictures.jpeg()
    async with sessionmaker.begin() as session:
        order = await record.get_order(session, shop.installation_id, shop.order_id)
        assert order is not None
        created = await photos.create_upload(
            session, storage, order, content_type="image/jpeg", byte_size=len(data), who=BUYER,
            limits=LIMITS,
        )  # fmt: skip
    await storage.put(created.photo.storage_key, data, content_type="image/jpeg")
    return created.photo


async def test_a_photo_never_sent_expires_and_naming_it_later_says_so(
    sessionmaker: Maker, storage: LocalStorage, shop: Shop
) -> None:
    # given a photo a buyer uploaded for a claim they never filed, swept a day after its
    # confirmation window
    photo = await uploaded(sessionmaker, storage, shop)
    now = sweep.sweepable_at(photo.expires_at) + timedelta(seconds=1)
    await sweep.sweep(sessionmaker.begin, storage, shop.installation_id, TABLES, now)

    # when the buyer files the claim with it after all
    with pytest.raises(ClaimError) as caught:
        order = await order_of(sessionmaker, shop)
        await photos.check(sessionmaker.begin, storage, order, [photo.id], LIMITS)

    # then they hear that it expired, and its file is gone
    assert caught.value.code == PhotoErrorCode.EXPIRED
    assert caught.value.message == "The upload ticket expired unused."
    with pytest.raises(ObjectNotFound):
        await storage.head(photo.storage_key)


async def test_a_photo_sent_with_a_claim_is_never_swept(
    sessionmaker: Maker, storage: LocalStorage, shop: Shop
) -> None:
    # given a photo checked and sent with a claim
    photo = await uploaded(sessionmaker, storage, shop)
    await photos.check(
        sessionmaker.begin, storage, await order_of(sessionmaker, shop), [photo.id], LIMITS
    )
    async with sessionmaker.begin() as session:
        order = await record.get_order(session, shop.installation_id, shop.order_id)
        assert order is not None
        await file(session, order, photo_ids=[photo.id], now=utcnow())

    # when the sweep runs long after its ticket expired
    now = sweep.sweepable_at(photo.expires_at) + timedelta(days=400)
    report = await sweep.sweep(sessionmaker.begin, storage, shop.installation_id, TABLES, now)

    # then the photo and its original are as they were
    assert report == sweep.SweepReport(0, 0)
    async with sessionmaker() as session:
        held = await session.get(ClaimPhoto, photo.id)
    assert held is not None and held.status == PhotoStatus.ACCEPTED
    assert (await storage.head(photo.storage_key)).size > 0


async def test_a_photo_checked_but_never_sent_is_swept_with_its_copies(
    sessionmaker: Maker, storage: LocalStorage, shop: Shop
) -> None:
    # given a photo checked for a claim that was never filed
    photo = await uploaded(sessionmaker, storage, shop)
    order = await order_of(sessionmaker, shop)
    await photos.check(sessionmaker.begin, storage, order, [photo.id], LIMITS)
    async with sessionmaker() as session:
        checked = await session.get(ClaimPhoto, photo.id)
    assert checked is not None and checked.buyer_copy_key and checked.thumbnail_key

    # when the sweep runs within reach of a filing, then once past it
    early = await sweep.sweep(
        sessionmaker.begin, storage, shop.installation_id, TABLES, utcnow() + timedelta(hours=1)
    )
    now = sweep.sweepable_at(photo.expires_at) + timedelta(seconds=1)
    late = await sweep.sweep(sessionmaker.begin, storage, shop.installation_id, TABLES, now)

    # then only the later one rejects it, deleting the original and both copies
    assert (early.rejected, late.rejected) == (0, 1)
    async with sessionmaker() as session:
        held = await session.get(ClaimPhoto, photo.id)
    assert held is not None and held.status == PhotoStatus.REJECTED
    assert held.rejection_code == PhotoErrorCode.EXPIRED
    for key in (photo.storage_key, checked.buyer_copy_key, checked.thumbnail_key):
        with pytest.raises(ObjectNotFound):
            await storage.head(key)
