"""What each provider takes, and fitting files and text to it.

Limits, as the providers document them (read from PayPal's developer docs, "Disputes:
Supported file types and sizes" and the Customer Disputes API v1 ``evidence`` object; and
from Stripe's API reference, "The Dispute object: evidence", and "Respond to disputes using
the API"):

- PayPal: ``.jpg``/``.jpeg``, ``.gif``, ``.png`` and ``.pdf``; less than 10 MB a file; up to
  50 MB per provide-evidence call; an evidence's ``notes`` up to 2,000 characters.
- Stripe: PDF, JPEG or PNG; 5 MB a file; 150,000 characters across the evidence's text
  fields.

A "MB" is read as 1,000,000 bytes, the stricter reading, so a file that fits here fits
whichever the provider means.

``fit_image`` never hands a provider the original: it makes the copy the way the buyer copy
is made (``photos.images.upright`` and ``rendition``: turned upright by its EXIF
orientation, sRGB, a JPEG re-encoded from raw pixels, so no EXIF — GPS of the packing
station included — XMP, ICC profile or comment survives), stepping its longest side and
quality down until it fits the byte budget. What cannot fit even at the smallest step is
``None``, and the caller names it in the pack. The original and its hash stay in the private
store and in the pack's ``photos/``. Blocking and CPU-bound: run it in a thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...photos.images import ImageFormat, header_size, rendition, sniff, upright

MB = 1_000_000
JPEG = "image/jpeg"
PNG = "image/png"
GIF = "image/gif"
PDF = "application/pdf"
# longest side, JPEG quality: tried in order until the file fits its budget
STEPS: tuple[tuple[int, int], ...] = (
    (4096, 88),
    (3072, 85),
    (2048, 82),
    (1600, 80),
    (1280, 75),
    (1024, 70),
    (800, 65),
    (640, 60),
)


@dataclass(frozen=True)
class Limits:
    provider: str
    content_types: frozenset[str]
    max_file_bytes: int
    max_total_bytes: int | None = None
    max_text_chars: int | None = None
    max_notes_chars: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "content_types": sorted(self.content_types),
            "max_file_bytes": self.max_file_bytes,
            "max_total_bytes": self.max_total_bytes,
            "max_text_chars": self.max_text_chars,
            "max_notes_chars": self.max_notes_chars,
        }


PAYPAL = Limits(
    "PAYPAL",
    frozenset({JPEG, GIF, PNG, PDF}),
    max_file_bytes=10 * MB - 1,
    max_total_bytes=50 * MB,
    max_notes_chars=2000,
)
STRIPE = Limits(
    "STRIPE", frozenset({JPEG, PNG, PDF}), max_file_bytes=5 * MB, max_text_chars=150_000
)


@dataclass(frozen=True)
class Fitted:
    data: bytes
    content_type: str
    width: int
    height: int
    # what was done to it: [] when it is the original as stored
    actions: tuple[str, ...] = ()


@dataclass
class Adjustments:
    """What the pack changed to fit, and what it left out: shown in the pack."""

    adjusted: list[dict[str, Any]] = field(default_factory=list)
    left_out: list[dict[str, Any]] = field(default_factory=list)

    def adjust(self, source: str, file: str | None, actions: tuple[str, ...], detail: str) -> None:
        self.adjusted.append(
            {"source": source, "file": file, "actions": list(actions), "detail": detail}
        )

    def leave_out(self, source: str, reason: str) -> None:
        self.left_out.append({"source": source, "reason": reason})


def fit_image(data: bytes, content_types: frozenset[str], budget: int) -> Fitted | None:
    """A clean JPEG copy of the photo of at most ``budget`` bytes; None if it cannot fit."""
    if JPEG not in content_types:
        return None
    found = sniff(data)
    size = header_size(data, found) if found is not None else None
    image = upright(data, STEPS[0][0])
    longest = max(size or image.size)
    for edge, quality in STEPS:
        copy, _ = rendition(image, edge, quality)
        if len(copy.data) <= budget:
            actions = [] if found is ImageFormat.JPEG else ["CONVERTED"]
            if max(copy.width, copy.height) < longest:
                actions.append("DOWNSCALED")
            elif not actions:
                actions.append("RECOMPRESSED")
            return Fitted(copy.data, JPEG, copy.width, copy.height, tuple(actions))
    return None


def fit_text(text: str, limit: int, where: str) -> tuple[str, bool]:
    """``text`` cut to ``limit`` characters with a note saying where the rest is."""
    if len(text) <= limit:
        return text, False
    note = f" [cut to fit; the full text is in {where}]"
    return text[: max(limit - len(note), 0)].rstrip() + note, True
