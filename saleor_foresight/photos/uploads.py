"""What every photo upload shares, dispatch photos and claim photos alike: the declared
type and size a ticket is issued for, how long after its ticket an upload may be confirmed,
and reading the object back, checked.

``check_declared`` refuses a ticket for a type Foresight does not take or a size over the
limit (``PhotoError``: INVALID_CONTENT_TYPE, INVALID, TOO_LARGE, with the field).
``read_checked`` reads the uploaded object, never more bytes than declared (a larger object
is ``ImageRejected`` TOO_LARGE), and runs the image checks in a worker thread; it lets
``ObjectNotFound`` (nothing uploaded yet) and other ``StorageError`` through for the caller
to word in its own domain.

A burst of confirms must not decode a dozen 12 MP photos at once: ``read_checked`` takes a
token of ``limits.decodes`` (the process-wide ``CapacityLimiter`` the app state holds, sized
by ``FORESIGHT_IMAGE_DECODE_CONCURRENCY``) before it reads the object and keeps it until the
checks are done, so the bytes of waiting photos are not held either.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

import anyio.to_thread

from ..storage import ObjectTooLarge, Storage
from .errors import ImageRejected, PhotoError, PhotoErrorCode
from .images import CheckedImage, ImageFormat, ImageLimits, check_image, format_of_content_type

# a file posted just before its ticket expired may be confirmed this long after
CONFIRM_WINDOW = timedelta(hours=1)


def check_declared(content_type: str, byte_size: int, limits: ImageLimits) -> ImageFormat:
    """The format of an upload declared as ``content_type`` and ``byte_size``, if allowed."""
    image_format = format_of_content_type(content_type)
    if image_format is None:
        raise PhotoError(
            PhotoErrorCode.INVALID_CONTENT_TYPE,
            "Upload a JPEG, PNG, WebP or HEIC photo.",
            "content_type",
        )
    if byte_size < 1:
        raise PhotoError(PhotoErrorCode.INVALID, "The size must be positive.", "byte_size")
    if byte_size > limits.max_bytes:
        raise PhotoError(
            PhotoErrorCode.TOO_LARGE,
            f"A photo may have at most {limits.max_bytes} bytes.",
            "byte_size",
        )
    return image_format


async def read_checked(
    storage: Storage, key: str, content_type: str, declared_bytes: int, limits: ImageLimits
) -> CheckedImage:
    """Read the object at ``key`` (at most the bytes declared) and check it as an image."""
    declared = format_of_content_type(content_type)
    assert declared is not None  # a ticket is issued only for types check_declared allows
    allowed = min(declared_bytes, limits.max_bytes)
    too_large = ImageRejected(
        PhotoErrorCode.TOO_LARGE,
        f"The upload is larger than the {allowed} bytes declared for it.",
    )
    async with limits.decodes or contextlib.nullcontext():
        try:
            if (await storage.head(key)).size > allowed:
                raise too_large
            data = await storage.read(key, max_bytes=allowed)
        except ObjectTooLarge:
            raise too_large from None
        return await anyio.to_thread.run_sync(check_image, data, declared, limits)
