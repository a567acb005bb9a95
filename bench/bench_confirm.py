"""Confirming a dispatch photo beside Pillow's bare decode + encode of the same 12 MP JPEG.

    python -m bench.bench_confirm [--runs 7] [--width 4000] [--height 3000]

Three measurements of one phone-sized JPEG (EXIF with GPS, orientation 6):

* ``bare``: ``Image.open`` + ``load`` + save as JPEG (quality 85), nothing else;
* ``check``: what confirm does to the bytes (``images.check_image``): sniff, header size,
  SHA-256, EXIF, orientation, the 2048 px buyer copy and the 400 px thumbnail;
* ``confirm``: the whole ``service.confirm_upload`` on the local storage and a SQLite file:
  head, read, check, two writes, retain and the database rows.

Each kind runs in its own fresh process. ``peak rss`` is how far the process's resident set
rose above where it stood just before the first run (Linux: the peak is reset through
``/proc/self/clear_refs`` and read back as ``VmHWM``; elsewhere ``getrusage``, which may
include what the process inherited); it counts Pillow's pixel buffers. ``python`` is
tracemalloc's peak of Python allocations (the bytes objects), which does not see those
buffers. Times are medians.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import multiprocessing
import re
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from saleor_foresight import migrate
from saleor_foresight.db import create_engine, create_sessionmaker
from saleor_foresight.dispatch import service
from saleor_foresight.orders import record
from saleor_foresight.photos import images
from saleor_foresight.photos.images import ImageFormat, ImageLimits
from saleor_foresight.storage import LocalStorage
from tests.factories import at, fulfillment, make_installation, order_snapshot
from tests.photos.pictures import camera_exif, jpeg

LIMITS = ImageLimits(max_bytes=64 * 1024 * 1024)


@dataclass(frozen=True)
class Measure:
    name: str
    seconds: float
    rss_mib: float
    python_mib: float


def make_photo(width: int, height: int) -> bytes:
    """A phone-like JPEG: smooth gradients, sensor noise, EXIF with GPS, shot sideways."""
    gradient = Image.linear_gradient("L").resize((width, height))
    fine = Image.effect_noise((width, height), 12)
    blotches = Image.effect_noise((width // 8, height // 8), 60).resize(
        (width, height), Image.Resampling.BICUBIC
    )
    picture = Image.merge(
        "RGB",
        (
            Image.blend(gradient, fine, 0.25),
            Image.blend(gradient.transpose(Image.Transpose.ROTATE_180), fine, 0.25),
            blotches,
        ),
    )
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, exif=camera_exif(orientation=6))
    return out.getvalue()


def bare(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        image.save(io.BytesIO(), "JPEG", quality=85)


def check(data: bytes) -> None:
    images.check_image(data, ImageFormat.JPEG, LIMITS)


def confirm_runner(data: bytes, runs: int, folder: Path) -> Callable[[], list[float]]:
    """``service.confirm_upload`` end to end, one fresh upload per run, in ``folder``."""
    url = f"sqlite+aiosqlite:///{folder / 'bench.sqlite3'}"
    migrate.upgrade(url)

    def run() -> list[float]:
        return asyncio.run(_confirm(data, runs, url, folder))

    return run


async def _confirm(data: bytes, runs: int, url: str, folder: Path) -> list[float]:
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    storage = LocalStorage(
        folder / "media",
        base_url="http://127.0.0.1:8000",
        signing_key=b"a benchmark signing key, thirty-two bytes or more",
        upload_max_bytes=LIMITS.max_bytes,
        ticket_ttl=900,
        download_ttl=300,
    )
    await storage.check()
    async with sessionmaker.begin() as session:
        installation = await make_installation(session)
        snapshot = replace(order_snapshot(), fulfillments=(fulfillment(),))
        await record.apply_snapshot(session, installation.id, snapshot, at(1))
    staff = service.StaffMember("VXNlcjox", "packer@example.com")
    seconds = []
    for _ in range(runs):
        async with sessionmaker.begin() as session:
            created = await service.create_upload(
                session, storage, installation.id, order_id=snapshot.saleor_id,
                fulfillment_id=snapshot.fulfillments[0].saleor_id,
                content_type="image/jpeg", byte_size=len(data), staff=staff, limits=LIMITS,
            )  # fmt: skip
        await storage.put(created.upload.storage_key, data, content_type="image/jpeg")
        start = time.perf_counter()
        confirmation = await service.confirm_upload(
            sessionmaker.begin, storage, installation.id, created.upload.id, limits=LIMITS
        )
        seconds.append(time.perf_counter() - start)
        assert confirmation.photo is not None
    await engine.dispose()
    return seconds


def _measure(name: str, photo: Path, runs: int, results: multiprocessing.Queue[Measure]) -> None:
    """In a fresh process: time ``runs`` runs, and the memory it took beyond the input."""
    data = photo.read_bytes()
    if name == "confirm":
        work = confirm_runner(data, runs, photo.parent)
    else:
        once = bare if name == "bare" else check

        def work() -> list[float]:
            seconds = []
            for _ in range(runs):
                start = time.perf_counter()
                once(data)
                seconds.append(time.perf_counter() - start)
            return seconds

    # load Pillow's plugins and codecs first, so the figures are the photo's alone
    small = jpeg((64, 48), exif=camera_exif())
    bare(small)
    check(small)
    baseline = _reset_peak()
    tracemalloc.start()
    seconds = work()
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mib = (_peak() - baseline) / 1024
    results.put(Measure(name, statistics.median(seconds), rss_mib, python_peak / 2**20))


def _status_kib(field: str) -> int | None:
    with contextlib.suppress(OSError):
        found = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
        if found:
            return int(found.group(1))
    return None


def _reset_peak() -> int:
    """The resident set now (KiB), with the peak reset to it where the system allows."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
        current = _status_kib("VmRSS")
        if current is not None:
            return current
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak() -> int:
    peak = _status_kib("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(name: str, photo: Path, runs: int) -> Measure:
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[Measure] = context.Queue()
    process = context.Process(target=_measure, args=(name, photo, runs, results))
    process.start()
    try:
        return results.get(timeout=900)
    finally:
        process.join(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--width", type=int, default=4000)
    parser.add_argument("--height", type=int, default=3000)
    args = parser.parse_args()

    data = make_photo(args.width, args.height)
    with tempfile.TemporaryDirectory() as folder:
        photo = Path(folder) / "photo.jpg"
        photo.write_bytes(data)
        results = {name: measure(name, photo, args.runs) for name in ("bare", "check", "confirm")}

    megapixels = args.width * args.height / 1e6
    print(
        f"{args.width}x{args.height} JPEG ({megapixels:.1f} MP, {len(data) / 2**20:.2f} MiB), "
        f"median of {args.runs} runs, each kind in a fresh process"
    )
    print(f"{'':10}{'seconds':>10}{'peak rss MiB':>15}{'python MiB':>13}{'x bare':>9}")
    for result in results.values():
        ratio = result.seconds / results["bare"].seconds
        print(
            f"{result.name:10}{result.seconds:10.3f}{result.rss_mib:15.1f}"
            f"{result.python_mib:13.1f}{ratio:9.2f}"
        )


if __name__ == "__main__":
    main()
