"""Test images built in code: small real photos, metadata to strip, and files that lie."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import ExifTags, Image

CAPTURED = "2026:11:20 09:15:00"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
    b'width="10" height="10" onload="alert(1)"><rect width="10" height="10"/></svg>'
)
PDF = b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def photo(size: tuple[int, int] = (64, 48), mode: str = "RGB") -> Image.Image:
    """A picture with some structure (a red left half), so orientation is visible."""
    image = Image.new("RGB", size, (20, 90, 200))
    image.paste((220, 30, 30), (0, 0, size[0] // 2, size[1]))
    return image.convert(mode)


def encode(image: Image.Image, image_format: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def jpeg(size: tuple[int, int] = (64, 48), *, exif: Image.Exif | None = None) -> bytes:
    return encode(photo(size), "JPEG", quality=90, **({"exif": exif} if exif else {}))


def png(size: tuple[int, int] = (64, 48), mode: str = "RGB") -> bytes:
    return encode(photo(size, mode), "PNG")


def webp(size: tuple[int, int] = (64, 48)) -> bytes:
    return encode(photo(size), "WEBP")


def heic(size: tuple[int, int] = (64, 48)) -> bytes:
    return encode(photo(size), "HEIF")


def camera_exif(
    *, orientation: int = 1, gps: bool = True, offset: str | None = "+01:00"
) -> Image.Exif:
    """What a phone writes: camera, capture time, orientation and where it was."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Pixelmaker"
    exif[ExifTags.Base.Model] = "Phone 9 Pro"
    exif[ExifTags.Base.Orientation] = orientation
    detail = exif.get_ifd(ExifTags.IFD.Exif)
    detail[ExifTags.Base.DateTimeOriginal] = CAPTURED
    if offset is not None:
        detail[ExifTags.Base.OffsetTimeOriginal] = offset
    if gps:
        where = exif.get_ifd(ExifTags.IFD.GPSInfo)
        where[ExifTags.GPS.GPSLatitudeRef] = "N"
        where[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.5)
        where[ExifTags.GPS.GPSLongitudeRef] = "E"
        where[ExifTags.GPS.GPSLongitude] = (13.0, 24.0, 36.25)
    return exif


def gps_of(data: bytes) -> dict[int, object]:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    """A 100-byte PNG whose header claims ``width`` x ``height`` RGB pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _png_chunk(b"IEND", b"")
    )


PNG_COLOUR_TYPES = {"L": (0, 1), "RGB": (2, 3), "LA": (4, 2), "RGBA": (6, 4)}


def flat_png(width: int, height: int, mode: str = "RGB", bit_depth: int = 8) -> bytes:
    """A real, fully decodable PNG of one flat colour, made row by row: a 49 MP 16-bit image
    is a few hundred KiB and takes no memory to make."""
    colour_type, channels = PNG_COLOUR_TYPES[mode]
    row = b"\0" * (1 + width * channels * bit_depth // 8)
    packer = zlib.compressobj(9)
    rows = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG with its frame header rewritten to claim ``width`` x ``height``."""
    data = bytearray(jpeg((16, 16)))
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def jpeg_with_a_second_frame(width: int, height: int) -> bytes:
    """A real small JPEG, with a second frame header claiming ``width`` x ``height``."""
    data = jpeg((16, 16))
    at = data.index(b"\xff\xc0")
    (length,) = struct.unpack(">H", data[at + 2 : at + 4])
    frame = bytearray(data[at : at + 2 + length])
    frame[5:9] = struct.pack(">HH", height, width)
    return data[:at] + data[at : at + 2 + length] + bytes(frame) + data[at + 2 + length :]


def truncated_jpeg() -> bytes:
    data = encode(Image.effect_noise((320, 240), 60).convert("RGB"), "JPEG", quality=90)
    return data[: len(data) // 2]
