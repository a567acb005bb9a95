"""Checking uploaded bytes: what they are (not what they claim), how big, and what the buyer
gets from them."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image, ImageCms

from saleor_foresight.photos import images
from saleor_foresight.photos.errors import ImageRejected, PhotoErrorCode
from saleor_foresight.photos.images import ImageFormat, ImageLimits, check_image
from tests.photos import pictures

LIMITS = ImageLimits(max_bytes=256 * 1024)


def rejection(data: bytes, declared: ImageFormat, limits: ImageLimits = LIMITS) -> str:
    with pytest.raises(ImageRejected) as caught:
        check_image(data, declared, limits)
    return caught.value.code


@pytest.mark.parametrize(
    ("data", "image_format"),
    [
        (pictures.jpeg((300, 200)), ImageFormat.JPEG),
        (pictures.png((300, 200)), ImageFormat.PNG),
        (pictures.webp((300, 200)), ImageFormat.WEBP),
        (pictures.encode(pictures.photo((300, 200)), "WEBP", lossless=True), ImageFormat.WEBP),
        (pictures.heic((300, 200)), ImageFormat.HEIF),
    ],
    ids=["jpeg", "png", "webp-lossy", "webp-lossless", "heic"],
)
def test_each_format_is_accepted_with_its_size_and_hash(
    data: bytes, image_format: ImageFormat
) -> None:
    checked = check_image(data, image_format, LIMITS)

    assert (checked.format, checked.width, checked.height) == (image_format, 300, 200)
    assert checked.byte_size == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert (checked.buyer_copy.width, checked.buyer_copy.height) == (300, 200)
    assert checked.buyer_copy.data.startswith(b"\xff\xd8\xff")


def test_exif_is_read_and_orientation_applied_but_nothing_reaches_the_buyer_copy() -> None:
    # given a phone photo, stored sideways (orientation 6), with GPS coordinates
    data = pictures.jpeg((64, 48), exif=pictures.camera_exif(orientation=6))
    assert pictures.gps_of(data)

    # when it is checked
    checked = check_image(data, ImageFormat.JPEG, LIMITS)

    # then the camera's facts are recorded
    assert checked.captured_at == "2026-11-20T09:15:00+01:00"
    assert (checked.camera_make, checked.camera_model) == ("Pixelmaker", "Phone 9 Pro")
    assert (checked.orientation, checked.width, checked.height) == (6, 64, 48)
    # and the buyer copy stands upright, with no metadata at all
    for rendition in (checked.buyer_copy, checked.thumbnail):
        with Image.open(io.BytesIO(rendition.data)) as copy:
            assert copy.size == (48, 64)
            assert not copy.getexif()
            assert not {"exif", "icc_profile", "xmp", "comment"} & set(copy.info)
        assert pictures.gps_of(rendition.data) == {}
        assert b"Exif\x00\x00" not in rendition.data
        assert b"Pixelmaker" not in rendition.data


def test_a_capture_time_without_offset_is_the_cameras_clock() -> None:
    data = pictures.jpeg(exif=pictures.camera_exif(offset=None))

    assert check_image(data, ImageFormat.JPEG, LIMITS).captured_at == "2026-11-20T09:15:00"


def test_a_photo_without_exif_has_no_capture_time() -> None:
    checked = check_image(pictures.png(), ImageFormat.PNG, LIMITS)

    assert (checked.captured_at, checked.camera_make, checked.orientation) == (None, None, None)


def test_large_photos_are_scaled_down_for_the_buyer_and_the_thumbnail() -> None:
    checked = check_image(pictures.jpeg((3000, 1000)), ImageFormat.JPEG, LIMITS)

    assert (checked.buyer_copy.width, checked.buyer_copy.height) == (2048, 683)
    assert (checked.thumbnail.width, checked.thumbnail.height) == (400, 133)


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_when_the_copy_stays_big_enough() -> None:
    # 3400 / 2 = 1700 pixels still exceed the buyer copy's 1600 minimum: libjpeg scales by 1/2
    checked = check_image(pictures.jpeg((3400, 1000)), ImageFormat.JPEG, LIMITS)

    assert (checked.width, checked.height) == (3400, 1000)
    assert (checked.buyer_copy.width, checked.buyer_copy.height) == (1700, 500)


def test_a_truncated_jpeg_is_caught_at_a_reduced_scale_too() -> None:
    data = pictures.encode(Image.effect_noise((3400, 1000), 60).convert("RGB"), "JPEG")

    limits = ImageLimits(max_bytes=len(data))

    assert rejection(data[: len(data) // 2], ImageFormat.JPEG, limits) == "TRUNCATED"


def test_transparency_is_flattened_onto_white() -> None:
    image = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    checked = check_image(pictures.encode(image, "PNG"), ImageFormat.PNG, LIMITS)

    with Image.open(io.BytesIO(checked.buyer_copy.data)) as copy:
        assert copy.mode == "RGB"
        red, green, blue = copy.getpixel((10, 10))  # type: ignore[misc]
        assert min(red, green, blue) > 245


def test_a_colour_profile_is_converted_to_srgb_and_dropped() -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = pictures.encode(pictures.photo(), "JPEG", icc_profile=profile)

    checked = check_image(data, ImageFormat.JPEG, LIMITS)

    with Image.open(io.BytesIO(checked.buyer_copy.data)) as copy:
        assert "icc_profile" not in copy.info


@pytest.mark.parametrize("mode", ["P", "L", "LA", "1", "I;16"])
def test_other_pixel_modes_become_a_plain_jpeg(mode: str) -> None:
    source = Image.new("I;16", (30, 20), 3000) if mode == "I;16" else pictures.photo((30, 20), mode)

    checked = check_image(pictures.encode(source, "PNG"), ImageFormat.PNG, LIMITS)

    with Image.open(io.BytesIO(checked.buyer_copy.data)) as copy:
        assert copy.mode in ("RGB", "L")


BAD_INPUT = {
    "zero bytes": (b"", ImageFormat.JPEG, PhotoErrorCode.EMPTY),
    "a PNG declared as JPEG": (pictures.png(), ImageFormat.JPEG, PhotoErrorCode.TYPE_MISMATCH),
    "a JPEG declared as HEIC": (pictures.jpeg(), ImageFormat.HEIF, PhotoErrorCode.TYPE_MISMATCH),
    "HTML as JPEG": (pictures.HTML, ImageFormat.JPEG, PhotoErrorCode.NOT_AN_IMAGE),
    "SVG as PNG": (pictures.SVG, ImageFormat.PNG, PhotoErrorCode.NOT_AN_IMAGE),
    "PDF as WebP": (pictures.PDF, ImageFormat.WEBP, PhotoErrorCode.NOT_AN_IMAGE),
    "HTML behind JPEG magic": (
        b"\xff\xd8\xff\xe0" + pictures.HTML,
        ImageFormat.JPEG,
        PhotoErrorCode.CORRUPT,
    ),
    "a truncated JPEG": (pictures.truncated_jpeg(), ImageFormat.JPEG, PhotoErrorCode.TRUNCATED),
    "a truncated PNG": (
        pictures.png((200, 200))[:300],
        ImageFormat.PNG,
        PhotoErrorCode.TRUNCATED,
    ),
    "20000 x 20000 PNG": (
        pictures.png_claiming(20000, 20000),
        ImageFormat.PNG,
        PhotoErrorCode.TOO_MANY_PIXELS,
    ),
    "20000 x 20000 JPEG": (
        pictures.jpeg_claiming(20000, 20000),
        ImageFormat.JPEG,
        PhotoErrorCode.TOO_MANY_PIXELS,
    ),
    "a second frame of 20000 x 20000": (
        pictures.jpeg_with_a_second_frame(20000, 20000),
        ImageFormat.JPEG,
        PhotoErrorCode.TOO_MANY_PIXELS,
    ),
    "a header with no size": (
        pictures.png_claiming(0, 10),
        ImageFormat.PNG,
        PhotoErrorCode.CORRUPT,
    ),
}


@pytest.mark.parametrize("name", BAD_INPUT)
def test_bad_input_is_refused_with_its_reason(name: str) -> None:
    data, declared, code = BAD_INPUT[name]

    assert rejection(data, declared) == code


def test_over_the_byte_limit_is_refused_before_anything_else() -> None:
    data = pictures.jpeg((200, 200))

    assert rejection(data, ImageFormat.JPEG, ImageLimits(max_bytes=len(data) - 1)) == "TOO_LARGE"


def test_too_many_pixels_is_refused_from_the_header_before_any_decoder_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a 100-byte PNG claiming 20000 x 20000 pixels (1.2 GB once decoded)
    data = pictures.png_claiming(20000, 20000)
    assert len(data) < 200

    # when it is checked, with Pillow's opener watched
    opened: list[object] = []
    monkeypatch.setattr(images.Image, "open", lambda *a, **k: opened.append(a))

    # then it is refused from the header alone
    assert rejection(data, ImageFormat.PNG) == PhotoErrorCode.TOO_MANY_PIXELS
    assert opened == []


def test_the_pixel_limit_is_the_callers() -> None:
    limits = ImageLimits(max_bytes=LIMITS.max_bytes, max_pixels=64 * 48 - 1)

    assert rejection(pictures.jpeg((64, 48)), ImageFormat.JPEG, limits) == "TOO_MANY_PIXELS"
    assert check_image(pictures.jpeg((64, 47)), ImageFormat.JPEG, limits).height == 47
