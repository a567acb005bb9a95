"""A photo's check is bounded by the memory its pixels take, not by their number: bytes per
pixel, mode conversions, alpha and orientation count, and the refusal comes before decoding."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import ImageFile

from saleor_foresight.photos.errors import ImageRejected, PhotoErrorCode
from saleor_foresight.photos.images import ImageFormat, ImageLimits, check_image
from tests.photos import pictures

MIB = 1024 * 1024


def rejection(data: bytes, declared: ImageFormat, limits: ImageLimits) -> str:
    with pytest.raises(ImageRejected) as caught:
        check_image(data, declared, limits)
    return caught.value.code


def peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self")
def test_a_49_megapixel_16_bit_png_is_refused_before_any_pixel_is_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a 7000 x 7000 RGBA PNG of 16 bits a channel: a few hundred KiB of file, and
    # about 450 MiB once decoded, converted and scaled
    data = pictures.flat_png(7000, 7000, "RGBA", bit_depth=16)
    assert len(data) < 400 * 1024
    limits = ImageLimits(max_bytes=MIB)
    assert limits.max_pixels >= 7000 * 7000  # the pixel limit alone would let it through
    decoded: list[object] = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image))
    Path("/proc/self/clear_refs").write_text("5")  # restart the peak RSS from here
    before = peak_rss_mib()

    # when it is checked with the default memory bound
    code = rejection(data, ImageFormat.PNG, limits)

    # then it is refused for the memory it would take, without decoding
    assert code == PhotoErrorCode.DECODED_TOO_LARGE
    assert decoded == []
    assert peak_rss_mib() - before < 16


@pytest.mark.parametrize(
    ("cheap", "dear"),
    [
        (("L", 8), ("RGBA", 8)),  # 1 byte a pixel against 4, premultiplied when scaled
        (("L", 8), ("L", 16)),  # 16-bit grey is I;16, converted to RGB for the renditions
        (("RGB", 8), ("LA", 8)),  # LA becomes RGBA: converted, then premultiplied
    ],
)
def test_the_same_pixels_cost_what_their_mode_costs(
    cheap: tuple[str, int], dear: tuple[str, int]
) -> None:
    # given two images of the same 1000 x 1000 pixels, and a bound between their costs
    limits = ImageLimits(max_bytes=MIB, max_decoded_bytes=31 * MIB)

    accepted = check_image(pictures.flat_png(1000, 1000, *cheap), ImageFormat.PNG, limits)
    code = rejection(pictures.flat_png(1000, 1000, *dear), ImageFormat.PNG, limits)

    assert accepted.width == 1000
    assert code == PhotoErrorCode.DECODED_TOO_LARGE


def test_an_orientation_found_while_decoding_is_counted_before_transposing() -> None:
    # given a PNG whose EXIF (read only when it is decoded) asks for a quarter turn: the
    # turn is one more full-size image
    turned = pictures.encode(
        pictures.photo((1000, 1000)), "PNG", exif=pictures.camera_exif(orientation=6)
    )
    upright = pictures.encode(pictures.photo((1000, 1000)), "PNG")
    limits = ImageLimits(max_bytes=4 * MIB, max_decoded_bytes=31 * MIB)

    assert check_image(upright, ImageFormat.PNG, limits).orientation is None
    assert rejection(turned, ImageFormat.PNG, limits) == PhotoErrorCode.DECODED_TOO_LARGE


def test_a_large_jpeg_is_judged_at_the_scale_it_is_decoded_at() -> None:
    # given a 12 MP JPEG, which is decoded at half scale for its 2048 px buyer copy
    data = pictures.jpeg((4000, 3000))

    # a bound below its full-size cost (about 92 MiB) but above the half-scale one (41)
    checked = check_image(data, ImageFormat.JPEG, ImageLimits(8 * MIB, max_decoded_bytes=48 * MIB))

    assert (checked.width, checked.height) == (4000, 3000)


def test_a_heic_counts_the_planes_libheif_decodes_into() -> None:
    data = pictures.heic((1000, 1000))
    limits = ImageLimits(max_bytes=MIB, max_decoded_bytes=32 * MIB)

    assert rejection(data, ImageFormat.HEIF, limits) == PhotoErrorCode.DECODED_TOO_LARGE
    assert check_image(data, ImageFormat.HEIF, ImageLimits(MIB, max_decoded_bytes=36 * MIB))


def test_a_turned_heic_is_not_counted_as_turned_twice() -> None:
    # given a HEIC whose EXIF asks for a quarter turn, which libheif applies while decoding
    data = pictures.encode(
        pictures.photo((1000, 1000)), "HEIF", exif=pictures.camera_exif(orientation=6)
    )

    checked = check_image(data, ImageFormat.HEIF, ImageLimits(MIB, max_decoded_bytes=36 * MIB))

    assert checked.orientation == 6
