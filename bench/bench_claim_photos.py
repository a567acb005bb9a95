"""Peak memory of claim photo checks: the worst image a claim still accepts, ten at once.

    python -m bench.bench_claim_photos [--concurrent 10] [--decodes 2] [--kind "png rgba"]

For each kind of image (RGB, RGBA, 16-bit grey and LA PNG, a JPEG, a HEIC) the largest one
whose estimated cost (``images.decoded_bytes``) stays within a claim photo's bound
(``FORESIGHT_CLAIM_PHOTO_MAX_DECODED_BYTES``, 64 MiB) is made, and checked alone in a fresh
process: its peak RSS against the estimate. Then the worst of them is confirmed
``--concurrent`` times at once through ``uploads.read_checked`` (what a claim photo's check
runs: read from the local storage, decode in a worker thread, behind the process's decode
limiter of ``--decodes``, ``FORESIGHT_IMAGE_DECODE_CONCURRENCY``), in a fresh process, and
once more without the limiter. ``peak rss`` is how far the resident set rose above where it
stood before the checks (``VmHWM`` after ``/proc/self/clear_refs``; see bench_confirm).

Measured 2026-12 (2 shared cores): the worst is the RGBA PNG (2351 x 1763, 16 KiB; estimate
63.5 MiB, 57.6 MiB alone); ten at once peak at 140 MiB with 2 decodes at once, 505 MiB with
no limiter. Before the memory bound a claim could send a 49 MP 16-bit RGBA PNG of 372 KiB
(+446 MiB alone).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import multiprocessing
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

import anyio
from PIL import Image

from bench.bench_confirm import _peak, _reset_peak, make_photo
from saleor_foresight.photos import uploads
from saleor_foresight.photos.images import ImageLimits, check_image, decoded_bytes, sniff
from saleor_foresight.settings import Settings
from saleor_foresight.storage import LocalStorage, new_key
from tests.photos import pictures

BOUND = Settings.model_fields["claim_photo_max_decoded_bytes"].default
MIB = 2**20
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "HEIF": "image/heic"}


Maker = Callable[[int, int], bytes]


def heic(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(make_photo(width, height))).save(out, "HEIF", quality=60)
    return out.getvalue()


def flat_heic(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height)).save(out, "HEIF", quality=10)
    return out.getvalue()


def png(mode: str, bit_depth: int = 8) -> Maker:
    return lambda w, h: pictures.flat_png(w, h, mode, bit_depth)


# each kind: how to make the image, and a cheap image with the same header to search with
KINDS: dict[str, tuple[Maker, Maker]] = {
    "png rgb": (png("RGB"), png("RGB")),
    "png rgba": (png("RGBA"), png("RGBA")),
    "png grey 16-bit": (png("L", 16), png("L", 16)),
    "png la": (png("LA"), png("LA")),
    "jpeg": (make_photo, pictures.jpeg_claiming),
    "heic": (heic, flat_heic),
}


def estimate(data: bytes) -> int:
    with Image.open(io.BytesIO(data)) as image:
        if image.format == "JPEG":
            longest = max(image.size)
            for factor in (8, 4, 2):
                if longest // factor >= 1600:
                    image.draft(None, (image.width // factor, image.height // factor))
                    break
        return decoded_bytes(image)


def largest_accepted(make: Maker, probe: Maker) -> bytes:
    """The largest 4:3 image of this kind whose estimate stays within the claim bound."""
    low, high = 100, 8000  # width
    while high - low > 40:
        middle = (low + high) // 2
        if estimate(probe(middle, middle * 3 // 4)) <= BOUND:
            low = middle
        else:
            high = middle
    return make(low, low * 3 // 4)


def _alone(path: Path, results: multiprocessing.Queue[float]) -> None:
    data = path.read_bytes()
    found = sniff(data)
    assert found is not None
    check_image(pictures.jpeg(), sniff(pictures.jpeg()) or found, ImageLimits(MIB))  # warm up
    baseline = _reset_peak()
    check_image(data, found, ImageLimits(max_bytes=len(data), max_decoded_bytes=BOUND))
    results.put((_peak() - baseline) / 1024)


def _together(path: Path, count: int, decodes: int, results: multiprocessing.Queue[float]) -> None:
    data = path.read_bytes()
    found = sniff(data)
    assert found is not None

    async def run() -> float:
        storage = LocalStorage(
            path.parent / "media", base_url="http://127.0.0.1:8000",
            signing_key=b"a benchmark signing key, thirty-two bytes or more",
            upload_max_bytes=len(data), ticket_ttl=900, download_ttl=300,
        )  # fmt: skip
        await storage.check()
        installation = uuid.uuid4()
        keys = [new_key(installation, "claim-photo") for _ in range(count)]
        for key in keys:
            await storage.put(key, data, content_type=CONTENT_TYPES[found.value])
        limiter = anyio.CapacityLimiter(decodes) if decodes else None
        limits = ImageLimits(max_bytes=len(data), max_decoded_bytes=BOUND, decodes=limiter)
        check_image(pictures.jpeg(), sniff(pictures.jpeg()) or found, ImageLimits(MIB))
        baseline = _reset_peak()
        await asyncio.gather(
            *(
                uploads.read_checked(storage, key, CONTENT_TYPES[found.value], len(data), limits)
                for key in keys
            )
        )
        await storage.close()
        return (_peak() - baseline) / 1024

    results.put(asyncio.run(run()))


def in_fresh_process(target: Callable[..., None], *args: object) -> float:
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[float] = context.Queue()
    process = context.Process(target=target, args=(*args, results))
    process.start()
    process.join(timeout=900)  # a float fits the queue's pipe: joining first cannot block
    if process.exitcode != 0:
        raise RuntimeError(f"the measuring process failed ({process.exitcode})")
    return results.get(timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrent", type=int, default=10)
    parser.add_argument("--decodes", type=int, default=2)
    parser.add_argument("--kind", choices=KINDS, help="measure this kind only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"claim photo bound: {BOUND / MIB:.0f} MiB (estimated before decoding)")
        print(f"{'image':18}{'size':>12}{'file KiB':>10}{'estimate MiB':>14}{'peak rss MiB':>14}")
        worst: tuple[float, Path] | None = None
        for name, (make, probe) in KINDS.items():
            if args.kind not in (None, name):
                continue
            data = largest_accepted(make, probe)
            path = Path(folder) / name.replace(" ", "-")
            path.write_bytes(data)
            peak = in_fresh_process(_alone, path)
            with Image.open(io.BytesIO(data)) as image:
                size = f"{image.width}x{image.height}"
            print(
                f"{name:18}{size:>12}{len(data) / 1024:10.0f}"
                f"{estimate(data) / MIB:14.1f}{peak:14.1f}"
            )
            if worst is None or peak > worst[0]:
                worst = (peak, path)
        assert worst is not None
        limited = in_fresh_process(_together, worst[1], args.concurrent, args.decodes)
        unlimited = in_fresh_process(_together, worst[1], args.concurrent, 0)
    print(
        f"{args.concurrent} concurrent checks of the worst ({worst[1].name}): peak rss "
        f"{limited:.1f} MiB with {args.decodes} decodes at once, {unlimited:.1f} MiB unlimited"
    )


if __name__ == "__main__":
    main()
