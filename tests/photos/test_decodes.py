"""Photos are decoded a few at a time per process (``FORESIGHT_IMAGE_DECODE_CONCURRENCY``),
whatever the number of confirms and claim photo checks that arrive together."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import anyio
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.claims import photos
from saleor_foresight.dispatch import service
from saleor_foresight.dispatch.models import DispatchUpload
from saleor_foresight.errors import ConfigurationError
from saleor_foresight.orders import record
from saleor_foresight.photos import uploads
from saleor_foresight.photos.images import CheckedImage, ImageFormat, ImageLimits, check_image
from saleor_foresight.runtime import build_state
from saleor_foresight.settings import Settings, load_settings
from saleor_foresight.storage import LocalStorage
from tests.claims.support import BUYER
from tests.dispatch.conftest import STAFF, Shop, ship
from tests.photos import pictures
from tests.storage.support import LIMIT

Maker = async_sessionmaker[AsyncSession]


class Decodes:
    """``check_image`` instrumented: how many run at once, at most, and what each returned."""

    def __init__(
        self, check: Callable[..., CheckedImage], inside: Callable[[], None] | None = None
    ) -> None:
        self._check, self._inside = check, inside
        self._lock = threading.Lock()
        self.running = self.most = 0
        self.results: list[CheckedImage] = []

    def __call__(self, *args: Any) -> CheckedImage:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            if self._inside is not None:
                self._inside()
            else:
                time.sleep(0.05)  # long enough for another decode to start, if it may
            checked = self._check(*args)
        finally:
            with self._lock:
                self.running -= 1
        self.results.append(checked)
        return checked


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> Decodes:
    instrumented = Decodes(uploads.check_image)
    monkeypatch.setattr(uploads, "check_image", instrumented)
    return instrumented


async def uploaded(
    sessionmaker: Maker, storage: LocalStorage, shop: Shop, data: bytes
) -> DispatchUpload:
    limits = ImageLimits(max_bytes=LIMIT)
    async with sessionmaker.begin() as session:
        created = await service.create_upload(
            session, storage, shop.installation_id, order_id=shop.order_id,
            fulfillment_id=shop.fulfillment_id, content_type="image/jpeg",
            byte_size=len(data), staff=STAFF, limits=limits,
        )  # fmt: skip
    await storage.put(created.upload.storage_key, data, content_type="image/jpeg")
    return created.upload


async def order_2(sessionmaker: Maker, shop: Shop) -> Shop:
    async with sessionmaker.begin() as session:
        order_id, fulfillment_id = await ship(session, shop.installation_id, number=2)
    return Shop(shop.installation_id, order_id, fulfillment_id)


async def test_with_one_decode_at_a_time_two_confirms_never_decode_together(
    sessionmaker: Maker, storage: LocalStorage, shop: Shop, decodes: Decodes
) -> None:
    # given two parcels photographed, and a process that decodes one photo at a time
    landscape, portrait = pictures.jpeg((640, 480)), pictures.jpeg((480, 640))
    first = await uploaded(sessionmaker, storage, shop, landscape)
    second = await uploaded(sessionmaker, storage, await order_2(sessionmaker, shop), portrait)
    limits = ImageLimits(max_bytes=LIMIT, decodes=anyio.CapacityLimiter(1))

    # when both are confirmed at the same moment
    confirmed = await asyncio.gather(
        *(
            service.confirm_upload(
                sessionmaker.begin, storage, shop.installation_id, upload.id, limits=limits
            )
            for upload in (first, second)
        )
    )

    # then their decodes never overlapped
    assert (decodes.most, len(decodes.results)) == (1, 2)

    # and each photo is recorded as an unlimited check of its bytes finds it
    for confirmation, data in zip(confirmed, (landscape, portrait), strict=True):
        photo = confirmation.photo
        assert photo is not None
        expected = check_image(data, ImageFormat.JPEG, ImageLimits(max_bytes=LIMIT))
        assert (photo.sha256, photo.width, photo.height, photo.format) == (
            expected.sha256, expected.width, expected.height, expected.format,
        )  # fmt: skip
        assert (photo.buyer_copy_width, photo.buyer_copy_height) == (
            expected.buyer_copy.width, expected.buyer_copy.height,
        )  # fmt: skip
        assert await storage.read(photo.buyer_copy_key, max_bytes=LIMIT) == (
            expected.buyer_copy.data
        )


async def test_the_instrument_sees_decodes_that_may_overlap(
    sessionmaker: Maker, storage: LocalStorage, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a process that decodes two photos at a time, and decodes that each wait until
    # the other one has started (a barrier: with one at a time it would break)
    barrier = threading.Barrier(2, timeout=5)
    decodes = Decodes(check_image, inside=barrier.wait)
    monkeypatch.setattr(uploads, "check_image", decodes)
    first = await uploaded(sessionmaker, storage, shop, pictures.jpeg())
    second = await uploaded(
        sessionmaker, storage, await order_2(sessionmaker, shop), pictures.jpeg()
    )
    limits = ImageLimits(max_bytes=LIMIT, decodes=anyio.CapacityLimiter(2))

    # when both are confirmed at the same moment
    await asyncio.gather(
        *(
            service.confirm_upload(
                sessionmaker.begin, storage, shop.installation_id, upload.id, limits=limits
            )
            for upload in (first, second)
        )
    )

    # then both decoded at once
    assert decodes.most == 2


async def test_claim_photos_and_dispatch_photos_share_the_limit(
    sessionmaker: Maker, storage: LocalStorage, shop: Shop, decodes: Decodes
) -> None:
    # given a parcel photographed and a buyer's claim photo, in a process decoding one at a time
    upload = await uploaded(sessionmaker, storage, shop, pictures.jpeg())
    async with sessionmaker.begin() as session:
        order = await record.get_order(session, shop.installation_id, shop.order_id)
        assert order is not None
        created = await photos.create_upload(
            session, storage, order, content_type="image/jpeg", byte_size=LIMIT, who=BUYER,
            limits=ImageLimits(max_bytes=LIMIT),
        )  # fmt: skip
    await storage.put(created.photo.storage_key, pictures.jpeg(), content_type="image/jpeg")
    limits = ImageLimits(max_bytes=LIMIT, decodes=anyio.CapacityLimiter(1))

    # when staff confirm the one while the buyer sends the other
    await asyncio.gather(
        service.confirm_upload(
            sessionmaker.begin, storage, shop.installation_id, upload.id, limits=limits
        ),
        photos.check(sessionmaker.begin, storage, order, [created.photo.id], limits),
    )

    # then they were decoded one after the other
    assert (decodes.most, len(decodes.results)) == (1, 2)


async def test_the_app_holds_one_limiter_per_event_loop_sized_by_the_setting(
    settings: Settings,
) -> None:
    # given the app's state, built before any photo is decoded
    state = build_state(settings.model_copy(update={"image_decode_concurrency": 3}))
    try:
        # when requests in this event loop ask for the image limits
        first, again = state.image_limits, state.image_limits

        # then they share one limiter with the configured size
        assert first.decodes is not None and first.decodes is again.decodes
        assert first.decodes.total_tokens == 3
        assert first.max_bytes == settings.upload_max_bytes

        # and another event loop gets its own (an anyio limiter belongs to its loop)
        def in_another_loop() -> object:
            async def ask() -> object:
                return state.image_decodes

            return asyncio.run(ask())

        other = await anyio.to_thread.run_sync(in_another_loop)
        assert other is not first.decodes
    finally:
        await state.close()


def test_the_decode_limit_defaults_to_two_and_must_be_positive() -> None:
    assert load_settings().image_decode_concurrency == 2
    with pytest.raises(ConfigurationError, match="FORESIGHT_IMAGE_DECODE_CONCURRENCY"):
        load_settings(image_decode_concurrency=0)
