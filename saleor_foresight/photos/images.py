"""Check an uploaded photo and derive what the buyer may see: pure functions over bytes.

``check_image`` never trusts the declared type or a file name. In order, each a refusal
(``ImageRejected``) before any pixel is decoded:

1. size: not empty, not over the byte limit;
2. magic bytes: JPEG, PNG, WebP or HEIF/HEIC (``sniff``), and the same family as declared;
3. dimensions read from the header (``formats.header_size``), refused above the pixel limit,
   so a 20000 x 20000 claim never reaches a decoder;
4. the memory decoding and rendering will take, from the header Pillow reads without
   decoding (size after any reduced-scale decode, pixel mode, format): refused as
   DECODED_TOO_LARGE above ``max_decoded_bytes``. Pixels are not all alike: Pillow holds a
   16-bit, RGB, RGBA or CMYK pixel in 4 bytes (a 16-bit PNG is decoded to 8 bits a channel),
   ``I;16`` in 2, ``L``/``P``/``1`` in 1; a mode the JPEG renditions cannot take is converted
   (a second full-size image), an image with alpha is premultiplied while it is scaled (a
   third), HEIF is decoded by libheif into its own buffer first, and an EXIF orientation
   other than 1 is a full-size transposition (counted before decoding when the header shows
   it, else checked again after decoding, before transposing). ``decoded_bytes`` is that
   estimate; it stays above the peak measured for each of these modes.

Then Pillow decodes it (a truncated or broken file is refused), the EXIF capture time, camera
and orientation are read, the orientation is applied, and two JPEG renditions are made: the
buyer copy (at most ``buyer_edge`` pixels a side, converted to sRGB) and a thumbnail. Both are
re-encoded from a fresh image built from raw pixels only, so no EXIF (GPS included), XMP,
ICC profile or comment of the original survives. The original's bytes are hashed as received.

``upright`` and ``rendition`` are the same pipeline for other copies of a stored original
(an evidence pack's copies for PayPal and Stripe): decoded, turned upright, re-encoded from
raw pixels at the size and quality asked.

A large JPEG is decoded at 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling, which still decodes
every byte, so a broken file is still caught) when the buyer copy keeps at least
``buyer_min_edge`` pixels: a 12 MP photo becomes a 2000 px copy without a full-size decode.

Blocking and CPU-bound: the service runs it in a worker thread.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pillow_heif
from PIL import ExifTags, Image, ImageCms, ImageOps

from .errors import ImageRejected, PhotoErrorCode
from .formats import CONTENT_TYPES, ImageFormat, format_of_content_type, header_size, sniff

if TYPE_CHECKING:
    from anyio import CapacityLimiter

pillow_heif.register_heif_opener()
__all__ = [
    "CONTENT_TYPES",
    "CheckedImage",
    "ImageFormat",
    "ImageLimits",
    "Rendition",
    "check_image",
    "format_of_content_type",
    "header_size",
    "rendition",
    "sniff",
    "upright",
]

DEFAULT_MAX_PIXELS = 50_000_000
DEFAULT_MAX_DECODED_BYTES = 384 * 1024 * 1024
BUYER_EDGE = 2048
BUYER_MIN_EDGE = 1600  # a JPEG is decoded at a reduced scale only if this many pixels remain
THUMBNAIL_EDGE = 400
RENDITION_TYPE = "image/jpeg"
RENDITION_QUALITY = 85

_EXIF_TIME = "%Y:%m:%d %H:%M:%S"
_OFFSET = re.compile(r"([+-])(\d\d):(\d\d)")
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_TEXT_LIMIT = 128
_RENDITION_MODES = frozenset({"RGB", "RGBA", "L", "CMYK"})
# the decoder's buffers, the ICC and JPEG encoders and the small renditions, whatever the size
_FIXED_BYTES = 24 * 1024 * 1024
_SCALING_BYTES_PER_PIXEL = 2  # scaling's intermediate image (one pass) and the encoder


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int
    max_pixels: int = DEFAULT_MAX_PIXELS
    max_decoded_bytes: int = DEFAULT_MAX_DECODED_BYTES
    buyer_edge: int = BUYER_EDGE
    buyer_min_edge: int = BUYER_MIN_EDGE
    thumbnail_edge: int = THUMBNAIL_EDGE
    # how many images the process reads and decodes at once (``AppState.image_decodes``,
    # used by ``uploads.read_checked``); None leaves only anyio's thread pool to bound them
    decodes: CapacityLimiter | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Rendition:
    data: bytes
    width: int
    height: int
    content_type: str = RENDITION_TYPE


@dataclass(frozen=True)
class CheckedImage:
    format: ImageFormat
    width: int  # as stored, before orientation
    height: int
    byte_size: int
    sha256: str
    captured_at: str | None  # ISO 8601 camera clock; with an offset only when EXIF has one
    camera_make: str | None
    camera_model: str | None
    orientation: int | None  # EXIF 1..8 as recorded
    buyer_copy: Rendition
    thumbnail: Rendition


def check_image(data: bytes, declared: ImageFormat, limits: ImageLimits) -> CheckedImage:
    """Accept the bytes as a photo of the declared family and derive its renditions."""
    if not data:
        raise ImageRejected(PhotoErrorCode.EMPTY, "The upload is empty.")
    if len(data) > limits.max_bytes:
        raise ImageRejected(
            PhotoErrorCode.TOO_LARGE,
            f"The upload has {len(data)} bytes; at most {limits.max_bytes} are allowed.",
        )
    found = sniff(data)
    if found is None:
        raise ImageRejected(
            PhotoErrorCode.NOT_AN_IMAGE, "The file is not a JPEG, PNG, WebP or HEIC image."
        )
    if found is not declared:
        raise ImageRejected(
            PhotoErrorCode.TYPE_MISMATCH,
            f"The file is a {found} image but was declared as {declared}.",
        )
    size = header_size(data, found)
    if size is None or 0 in size:
        raise ImageRejected(PhotoErrorCode.CORRUPT, f"The {found} header has no valid size.")
    _check_pixels(*size, limits)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        with Image.open(io.BytesIO(data), formats=[found.value]) as image:
            _check_pixels(*image.size, limits)
            _draft(image, limits.buyer_min_edge)
            _check_memory(image, limits, _header_orientation(image))
            image.load()
            meta = _metadata(image)
            if meta["orientation"] not in (None, 1):
                # what exif_transpose will turn by (pillow-heif has turned a HEIF already)
                _check_memory(image, limits, image.getexif().get(ExifTags.Base.Orientation))
                ImageOps.exif_transpose(image, in_place=True)
            buyer_copy = rendition(image, limits.buyer_edge)
    except ImageRejected:
        raise
    except Image.DecompressionBombError:
        raise _too_many_pixels(limits) from None
    except (OSError, SyntaxError, ValueError, struct.error, EOFError) as exc:
        if "truncated" in str(exc).lower():
            raise ImageRejected(
                PhotoErrorCode.TRUNCATED, f"The {found} file is truncated."
            ) from None
        raise ImageRejected(
            PhotoErrorCode.CORRUPT, f"The {found} file cannot be decoded."
        ) from None
    thumbnail = rendition(buyer_copy[1], limits.thumbnail_edge)
    return CheckedImage(
        format=found,
        width=size[0],
        height=size[1],
        byte_size=len(data),
        sha256=sha256,
        buyer_copy=buyer_copy[0],
        thumbnail=thumbnail[0],
        **meta,
    )


def _too_many_pixels(limits: ImageLimits) -> ImageRejected:
    return ImageRejected(
        PhotoErrorCode.TOO_MANY_PIXELS,
        f"The image has more than the {limits.max_pixels} pixels allowed.",
    )


def _check_pixels(width: int, height: int, limits: ImageLimits) -> None:
    if width * height > limits.max_pixels:
        raise _too_many_pixels(limits)


def _pixel_bytes(mode: str) -> int:
    """Bytes Pillow holds a pixel of ``mode`` in."""
    if mode in ("1", "L", "P"):
        return 1
    if mode.startswith("I;16"):
        return 2
    return 4


def decoded_bytes(image: Image.Image, orientation: int | None = None) -> int:
    """The most memory checking ``image`` takes at once, from its header (see the docstring)."""
    mode = image.mode
    per_pixel = _pixel_bytes(mode)
    working = mode
    if mode not in _RENDITION_MODES:
        working = "RGBA" if "A" in mode or "transparency" in image.info else "RGB"
        per_pixel += _pixel_bytes(working)
    if working in ("RGBA", "LA"):
        per_pixel += 4  # scaling premultiplies alpha in a copy
    if image.format == ImageFormat.HEIF:
        per_pixel += 4  # libheif's decoded planes, copied into Pillow's image
    if orientation not in (None, 1):
        per_pixel += _pixel_bytes(working)
    per_pixel += _SCALING_BYTES_PER_PIXEL
    return image.width * image.height * per_pixel + _FIXED_BYTES


def _header_orientation(image: Image.Image) -> int | None:
    """The EXIF orientation the header already holds (JPEG, WebP), read without decoding."""
    raw = image.info.get("exif")
    if not isinstance(raw, bytes) or image.format not in (ImageFormat.JPEG, ImageFormat.WEBP):
        return None
    try:
        value = Image.Exif()
        value.load(raw)
        orientation = value.get(ExifTags.Base.Orientation)
    except (OSError, SyntaxError, ValueError, TypeError, KeyError, struct.error):
        return None
    return orientation if isinstance(orientation, int) else None


def _check_memory(image: Image.Image, limits: ImageLimits, orientation: int | None) -> None:
    needed = decoded_bytes(image, orientation)
    if needed > limits.max_decoded_bytes:
        raise ImageRejected(
            PhotoErrorCode.DECODED_TOO_LARGE,
            f"Checking this {image.width} x {image.height} {image.mode} image would take "
            f"{needed // 2**20} MiB of memory; at most {limits.max_decoded_bytes // 2**20} "
            "MiB are allowed.",
        )


def _draft(image: Image.Image, min_edge: int) -> None:
    """Let the JPEG decoder scale by 1/2, 1/4 or 1/8 while it decodes (every byte is still
    decoded, so a broken file is still caught) when ``min_edge`` pixels a side remain."""
    if image.format != ImageFormat.JPEG:
        return
    longest = max(image.size)
    for factor in (8, 4, 2):
        if longest // factor >= min_edge:
            image.draft(None, (image.width // factor, image.height // factor))
            return


def _metadata(image: Image.Image) -> dict[str, Any]:
    """Capture time, camera and orientation from EXIF; a broken EXIF block is ignored."""
    meta: dict[str, Any] = {
        "captured_at": None,
        "camera_make": None,
        "camera_model": None,
        "orientation": None,
    }
    try:
        exif = image.getexif()
        detail = exif.get_ifd(ExifTags.IFD.Exif)
    except (OSError, SyntaxError, ValueError, TypeError, KeyError, struct.error):
        return meta
    meta["camera_make"] = _text(exif.get(ExifTags.Base.Make))
    meta["camera_model"] = _text(exif.get(ExifTags.Base.Model))
    # pillow-heif applies HEIF's own rotation while decoding and keeps EXIF's here
    orientation = image.info.get("original_orientation", exif.get(ExifTags.Base.Orientation))
    if isinstance(orientation, int) and 1 <= orientation <= 8:
        meta["orientation"] = orientation
    for taken, offset in (
        (ExifTags.Base.DateTimeOriginal, ExifTags.Base.OffsetTimeOriginal),
        (ExifTags.Base.DateTimeDigitized, ExifTags.Base.OffsetTimeDigitized),
    ):
        captured = _capture_time(detail.get(taken), detail.get(offset))
        if captured is not None:
            meta["captured_at"] = captured
            break
    return meta


def _text(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    cleaned = "".join(c for c in value if c.isprintable()).strip()
    return cleaned[:_TEXT_LIMIT] or None


def _capture_time(value: object, offset: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    try:
        taken = datetime.strptime(text, _EXIF_TIME)
    except ValueError:
        return None
    match = _OFFSET.fullmatch(_text(offset) or "")
    if match is not None:
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        if delta < timedelta(hours=24):
            taken = taken.replace(tzinfo=timezone(-delta if sign == "-" else delta))
    return taken.isoformat()


def upright(data: bytes, edge: int) -> Image.Image:
    """A stored original decoded with its EXIF orientation applied, at a reduced JPEG scale
    when ``edge`` pixels a side remain. For bytes ``check_image`` accepted: they are not
    checked again."""
    with Image.open(io.BytesIO(data)) as image:
        _draft(image, edge)
        image.load()
        return ImageOps.exif_transpose(image)


def rendition(
    image: Image.Image, edge: int, quality: int = RENDITION_QUALITY
) -> tuple[Rendition, Image.Image]:
    """A JPEG of at most ``edge`` pixels a side, in sRGB, built from pixels only; ``image``
    is shrunk in place when it is larger (no second full-size copy)."""
    if image.mode not in ("RGB", "RGBA", "L", "CMYK"):
        transparent = "A" in image.mode or "transparency" in image.info
        image = image.convert("RGBA" if transparent else "RGB")
    if max(image.size) > edge:
        image.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    image = _to_srgb(image)
    if image.mode == "RGBA":
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    # a fresh image from raw pixels: no EXIF, XMP, ICC profile or comment can ride along
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=quality)
    return Rendition(out.getvalue(), clean.width, clean.height), clean


def _to_srgb(image: Image.Image) -> Image.Image:
    target = "RGBA" if image.mode == "RGBA" else ("L" if image.mode == "L" else "RGB")
    icc = image.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                image, source, _SRGB, outputMode="RGBA" if target == "RGBA" else "RGB"
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            converted = None
        if converted is not None:
            return converted
    return image if image.mode == target else image.convert(target)
