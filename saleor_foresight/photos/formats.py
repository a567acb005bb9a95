"""What a file is, by its first bytes, and how big its header says it is: no decoding.

``sniff`` knows JPEG, PNG, WebP and HEIF/HEIC (HEVC inside; AVIF is not HEIC) by their magic
bytes, whatever name or type the file came with. ``header_size`` reads the width and height
from the header itself (JPEG frame markers, PNG's IHDR, WebP's VP8/VP8L/VP8X chunk, HEIF's
container through libheif), so a pixel limit can be applied before any decoder allocates.
"""

from __future__ import annotations

import io
import struct
from enum import StrEnum

import pillow_heif

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})
_HEIF_GENERIC = frozenset({b"mif1", b"msf1"})  # needs a HEVC brand among the compatible ones
# SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC): they carry the frame size
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


class ImageFormat(StrEnum):
    JPEG = "JPEG"
    PNG = "PNG"
    WEBP = "WEBP"
    HEIF = "HEIF"


# what a browser may declare; HEIC is HEIF with HEVC inside, one family here
CONTENT_TYPES: dict[str, ImageFormat] = {
    "image/jpeg": ImageFormat.JPEG,
    "image/png": ImageFormat.PNG,
    "image/webp": ImageFormat.WEBP,
    "image/heic": ImageFormat.HEIF,
    "image/heif": ImageFormat.HEIF,
}


def format_of_content_type(content_type: str) -> ImageFormat | None:
    return CONTENT_TYPES.get(content_type.strip().lower())


def sniff(data: bytes) -> ImageFormat | None:
    """The image family the first bytes prove, whatever the file claims to be."""
    if data.startswith(b"\xff\xd8\xff"):
        return ImageFormat.JPEG
    if data.startswith(_PNG_MAGIC):
        return ImageFormat.PNG
    if len(data) >= 16 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ImageFormat.WEBP
    if len(data) >= 16 and data[4:8] == b"ftyp":
        box = min(int.from_bytes(data[:4], "big"), len(data))
        major = data[8:12]
        compatible = {data[i : i + 4] for i in range(16, box - 3, 4)}
        if major in _HEIF_BRANDS or (major in _HEIF_GENERIC and compatible & _HEIF_BRANDS):
            return ImageFormat.HEIF
    return None


def header_size(data: bytes, image_format: ImageFormat) -> tuple[int, int] | None:
    """Width and height as the header states them, read without decoding; None if absent."""
    try:
        if image_format is ImageFormat.PNG:
            if data[12:16] != b"IHDR":
                return None
            width, height = struct.unpack(">II", data[16:24])
            return width, height
        if image_format is ImageFormat.JPEG:
            return _jpeg_size(data)
        if image_format is ImageFormat.WEBP:
            return _webp_size(data)
        heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
        width, height = heif.size
        return int(width), int(height)
    except (struct.error, IndexError, ValueError, RuntimeError, OSError):
        return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The largest frame any SOF marker before the first scan declares (a decoder may use
    any of them)."""
    found: tuple[int, int] | None = None
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _JPEG_STANDALONE:
            at += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, or the first scan: no frame follows
            break
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            if found is None or width * height > found[0] * found[1]:
                found = (width, height)
        if length < 2:
            return None
        at += 2 + length
    return found


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None
