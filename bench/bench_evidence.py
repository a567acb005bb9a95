"""Peak memory of building an evidence pack with 10 and with 50 photos of 5 MB each.

    python -m bench.bench_evidence [--small 10] [--large 50] [--megabytes 5] [--provider GENERIC]

Each size runs in its own fresh process on a SQLite file and the local storage: an order
with terms accepted, a tracked parcel and N photos (random pixels, so a 5 MB JPEG stays
5 MB), then the pack job (``service.build``). Three figures per run:

* ``python``: tracemalloc's peak of Python allocations during the build (bytes objects:
  photos read, ZIP chunks, metadata);
* ``rss rise``: how far the resident set rose during the build (Linux: the peak is reset
  through ``/proc/self/clear_refs`` and read back as ``VmHWM``), which also counts Pillow's
  pixel buffers when a provider's copies are made;
* ``ru_maxrss``: ``getrusage``'s lifetime peak of the process, setup included.

The ratio large/small of each should stay near 1: memory is bounded by one photo, not by
their number.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import multiprocessing
import random
import re
import resource
import tempfile
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from saleor_foresight import migrate
from saleor_foresight.db import create_engine, create_sessionmaker
from saleor_foresight.evidence.models import PackStatus, Provider
from saleor_foresight.storage import LocalStorage
from tests.evidence.factories import build_pack, complete_order

MIB = 1024 * 1024


@dataclass(frozen=True)
class Measure:
    photos: int
    zip_mib: float
    python_mib: float
    rss_rise_mib: float
    maxrss_mib: float


def make_photo(megabytes: float) -> bytes:
    """A JPEG of random pixels of about ``megabytes`` MB."""
    side = int((megabytes * 1_000_000 / 1.2) ** 0.5)
    pixels = random.Random(7).randbytes(side * side * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(out, "JPEG", quality=95)
    return out.getvalue()


def _hwm_kib() -> int | None:
    with contextlib.suppress(OSError):
        status = Path("/proc/self/status").read_text()
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(found.group(1)) if found else None
    return None


def _reset_hwm() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


async def _run(photos: int, megabytes: float, provider: Provider) -> Measure:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.sqlite3"
        await asyncio.to_thread(migrate.upgrade, url)  # it runs its own event loop
        engine = create_engine(url)
        sessionmaker = create_sessionmaker(engine)
        storage = LocalStorage(
            Path(folder) / "media",
            base_url="http://127.0.0.1:8000",
            signing_key=b"b" * 32,
            upload_max_bytes=64 * MIB,
            ticket_ttl=900,
            download_ttl=300,
        )
        await storage.check()
        data = make_photo(megabytes)
        shop = await complete_order(sessionmaker, storage, photos=photos, photo=lambda _: data)
        reset = _reset_hwm()
        before = _hwm_kib() if reset else None
        tracemalloc.start()
        pack = await build_pack(sessionmaker, storage, shop, provider)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        after = _hwm_kib() if reset else None
        await engine.dispose()
    assert pack.status == PackStatus.READY, pack.error
    rise = (after - before) / 1024 if before is not None and after is not None else float("nan")
    return Measure(
        photos,
        (pack.byte_size or 0) / MIB,
        peak / MIB,
        rise,
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def _child(photos: int, megabytes: float, provider: str) -> Measure:
    return asyncio.run(_run(photos, megabytes, Provider(provider)))


def measure(photos: int, megabytes: float, provider: Provider) -> Measure:
    """One size in a fresh process, so that no run inherits another's peak."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(_child, (photos, megabytes, provider.value))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=50)
    parser.add_argument("--megabytes", type=float, default=5)
    parser.add_argument("--provider", choices=[p.value for p in Provider], default="GENERIC")
    args = parser.parse_args()
    provider = Provider(args.provider)
    small = measure(args.small, args.megabytes, provider)
    large = measure(args.large, args.megabytes, provider)
    print(f"evidence pack ({provider.value}), photos of {args.megabytes} MB each")
    header = ("photos", "zip MiB", "python MiB", "rss rise MiB", "ru_maxrss MiB")
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, (7, 9, 11, 13, 14), strict=True)))
    for m in (small, large):
        print(
            f"{m.photos:>7} {m.zip_mib:>9.1f} {m.python_mib:>11.1f} {m.rss_rise_mib:>13.1f} "
            f"{m.maxrss_mib:>14.1f}"
        )
    print(
        f"ratio {args.large}/{args.small}: python {large.python_mib / small.python_mib:.2f}, "
        f"rss rise {large.rss_rise_mib / small.rss_rise_mib:.2f}, "
        f"ru_maxrss {large.maxrss_mib / small.maxrss_mib:.2f}"
    )


if __name__ == "__main__":
    main()
