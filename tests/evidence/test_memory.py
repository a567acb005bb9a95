"""Building a pack keeps memory flat: photos are read, written and dropped one at a time."""

from __future__ import annotations

import tracemalloc

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.evidence.models import PackStatus, Provider
from saleor_foresight.storage import LocalStorage
from tests.evidence.factories import build_pack, complete_order, noise_jpeg

MB = 1024 * 1024
PHOTOS = 20
BOUND = 12 * MB  # the photos alone are 20 MB


async def test_peak_traced_memory_stays_below_a_fixed_bound(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    # given an order with 20 photos of 1 MB
    shop = await complete_order(
        sessionmaker, storage, photos=PHOTOS, photo=lambda n: noise_jpeg(MB, seed=n)
    )
    size = min(p.byte_size for p in shop.photos)

    # when its pack is built while tracemalloc watches
    tracemalloc.start()
    try:
        pack = await build_pack(sessionmaker, storage, shop, Provider.GENERIC)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # then the ZIP holds them all, and memory never held more than a few of them
    assert pack.status == PackStatus.READY
    assert pack.byte_size is not None and pack.byte_size > PHOTOS * size
    assert peak < BOUND, f"peak {peak / MB:.1f} MiB"
