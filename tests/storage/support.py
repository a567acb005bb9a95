"""What the storage tests share: a settable clock, keys, and posting a ticket as a browser does."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

from saleor_foresight.storage import Storage, UploadTicket, new_key

INSTALLATION = uuid.UUID("4b0c2a6e-8f1d-4c3b-9a57-0e6d2f1c33e1")
BASE_URL = "https://foresight.test"
SIGNING_KEY = b"a test signing key of at least thirty-two bytes"
LIMIT = 64 * 1024
JPEG = b"\xff\xd8\xff\xe0" + b"parcel photo" * 100


@dataclass
class Backend:
    name: str
    storage: Storage
    http: httpx.AsyncClient  # reaches the storage's upload and download URLs


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def photo_key() -> str:
    return new_key(INSTALLATION, "dispatch-photo")


async def post_ticket(
    http: httpx.AsyncClient,
    ticket: UploadTicket,
    body: bytes,
    *,
    fields: Mapping[str, str] | None = None,
) -> httpx.Response:
    """What a browser sends: multipart, the ticket's fields first, then the file."""
    return await http.post(
        ticket.url,
        data=dict(ticket.fields if fields is None else fields),
        files={"file": ("parcel.jpg", body, ticket.content_type)},
    )
