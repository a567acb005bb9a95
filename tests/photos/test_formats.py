"""Knowing a file by its first bytes and its size by its header, without decoding it."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from saleor_foresight.photos import formats
from saleor_foresight.photos.formats import ImageFormat
from tests.photos import pictures


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (pictures.jpeg(), ImageFormat.JPEG),
        (pictures.png(), ImageFormat.PNG),
        (pictures.webp(), ImageFormat.WEBP),
        (pictures.heic(), ImageFormat.HEIF),
        (pictures.HTML, None),
        (pictures.SVG, None),
        (pictures.PDF, None),
        (b"", None),
    ],
    ids=["jpeg", "png", "webp", "heic", "html", "svg", "pdf", "empty"],
)
def test_sniff_knows_images_by_their_first_bytes(data: bytes, expected: ImageFormat) -> None:
    assert formats.sniff(data) == expected


def test_an_avif_file_is_not_taken_for_heic() -> None:
    avif = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00mif1miafMA1B" + b"\x00" * 32

    assert formats.sniff(avif) is None


@given(st.binary(max_size=256))
def test_reading_headers_never_fails_on_garbage(data: bytes) -> None:
    found = formats.sniff(data)
    for image_format in ImageFormat:
        formats.header_size(data, image_format)
    assert found is None or isinstance(found, ImageFormat)


@pytest.mark.parametrize(
    ("data", "image_format"),
    [
        (pictures.jpeg((123, 45)), ImageFormat.JPEG),
        (pictures.encode(pictures.photo((123, 45)), "JPEG", progressive=True), ImageFormat.JPEG),
        (pictures.png((123, 45)), ImageFormat.PNG),
        (pictures.webp((123, 45)), ImageFormat.WEBP),
        (pictures.encode(pictures.photo((123, 45)), "WEBP", lossless=True), ImageFormat.WEBP),
        (
            pictures.encode(pictures.photo((123, 45)), "WEBP", exif=pictures.camera_exif()),
            ImageFormat.WEBP,
        ),
        (pictures.heic((124, 46)), ImageFormat.HEIF),
    ],
)
def test_header_size_agrees_with_pillow(data: bytes, image_format: ImageFormat) -> None:
    with Image.open(io.BytesIO(data)) as image:
        assert formats.header_size(data, image_format) == image.size
