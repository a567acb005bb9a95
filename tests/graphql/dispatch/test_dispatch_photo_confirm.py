"""dispatchPhotoConfirm: the browser has posted the file; Foresight checks it and keeps it as a
photo, or deletes it and says why. On the local storage (through Foresight's upload route)
and on S3 (moto's server, which the bytes reach without passing through Foresight)."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from typing import Any

import httpx
import pytest
from PIL import Image
from sqlalchemy import func, select, update
from starlette.applications import Starlette

from saleor_foresight.db import utcnow
from saleor_foresight.dispatch.models import DispatchPhoto, DispatchUpload
from saleor_foresight.graphql.ids import from_global_id
from saleor_foresight.plugin import installations
from saleor_foresight.runtime import AppState
from saleor_foresight.storage import ObjectNotFound, S3Storage, StorageError, connect_s3
from tests.graphql.conftest import gql
from tests.graphql.dispatch.conftest import LIMIT, make_s3_storage, use_s3
from tests.graphql.dispatch.flow import ask_ticket, post_file, ship
from tests.photos import pictures
from tests.saleor_double import SaleorDouble

CONFIRM = """
mutation Confirm($uploadId: ID!, $orderId: ID) {
  dispatchPhotoConfirm(uploadId: $uploadId, orderId: $orderId) {
    upload { id status decidedAt rejection { code message } }
    photo {
      id sha256 width height capturedAt uploadedAt hidden url thumbnailUrl
      uploadedBy format byteSize originalWidth originalHeight orientation originalUrl
      cameraMake cameraModel retainedUntil
    }
    errors { field code message }
  }
}
"""

PROOF = """
query Proof($orderId: ID!, $email: String) {
  orderDispatchProof(orderId: $orderId, email: $email) {
    fulfillments { trackingNumber photos { id url thumbnailUrl sha256 capturedAt } }
  }
}
"""


async def confirm(
    client: httpx.AsyncClient,
    saleor: SaleorDouble,
    upload_id: str,
    *,
    order_id: str | None = None,
    token: str | None = None,
) -> dict[str, Any]:
    response = await gql(
        client,
        saleor,
        CONFIRM,
        {"uploadId": upload_id, "orderId": order_id},
        token=token or saleor.staff_token(),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["dispatchPhotoConfirm"]
    return payload


async def count_photos(state: AppState) -> int:
    async with state.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(DispatchPhoto)) or 0)


async def upload_status(state: AppState, upload_id: str) -> str:
    async with state.sessionmaker() as session:
        upload = await session.get(DispatchUpload, from_global_id(upload_id, "DispatchPhotoUpload"))
        assert upload is not None
        return upload.status


def key_of(ticket: dict[str, Any]) -> str:
    return str(next(f["value"] for f in ticket["fields"] if f["name"] == "key"))


async def test_the_staff_flow_through_foresights_own_upload_route(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a shipped parcel, and a packer's phone photo of it (with GPS in its EXIF)
    parcel = await ship(client, installed)
    original = pictures.jpeg((64, 48), exif=pictures.camera_exif(orientation=6))

    # when the Dashboard asks for a ticket, the browser posts the file, and the packer confirms
    token = installed.staff_token(email="packer@example.com")
    created = await ask_ticket(client, installed, parcel, byte_size=len(original), token=token)
    posted = await post_file(client, created["ticket"], original)
    assert posted.status_code == 204, posted.text
    confirmed = await confirm(client, installed, created["upload"]["id"], token=token)

    # then the upload is confirmed as a photo with the original's hash, time and camera
    assert confirmed["errors"] == []
    assert confirmed["upload"]["status"] == "CONFIRMED"
    assert confirmed["upload"]["decidedAt"] is not None
    photo = confirmed["photo"]
    assert photo["sha256"] == hashlib.sha256(original).hexdigest()
    assert photo["capturedAt"] == "2026-11-20T09:15:00+01:00"
    assert (photo["format"], photo["byteSize"]) == ("JPEG", len(original))
    assert (photo["originalWidth"], photo["originalHeight"], photo["orientation"]) == (64, 48, 6)
    assert (photo["width"], photo["height"]) == (48, 64)  # the buyer copy stands upright
    assert (photo["cameraMake"], photo["cameraModel"]) == ("Pixelmaker", "Phone 9 Pro")
    assert (photo["uploadedBy"], photo["hidden"], photo["retainedUntil"]) == (
        "packer@example.com", False, None,
    )  # fmt: skip
    # and its links serve the buyer copy and thumbnail, with no GPS left
    for url in (photo["url"], photo["thumbnailUrl"]):
        served = await client.get(url)
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/jpeg"
        assert pictures.gps_of(served.content) == {}
    assert await count_photos(state) == 1
    # and the original can never be replaced, not even with its own ticket
    replay = await post_file(client, created["ticket"], pictures.jpeg((64, 48)))
    assert replay.status_code == 412
    served = await client.get(photo["originalUrl"])
    assert hashlib.sha256(served.content).hexdigest() == photo["sha256"]


async def test_on_s3_the_buyer_sees_the_copy_and_the_original_stays_as_uploaded(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    state: AppState,
    on_s3: S3Storage,
    browser: httpx.AsyncClient,
) -> None:
    # given a parcel, and a photo with GPS posted by the browser straight to the bucket
    parcel = await ship(client, installed, email="ada@example.com", tracking_number="1Z999")
    original = pictures.jpeg((320, 240), exif=pictures.camera_exif())
    created = await ask_ticket(client, installed, parcel, byte_size=len(original))
    posted = await post_file(browser, created["ticket"], original)
    assert posted.status_code == 204, posted.text

    # when staff confirm it, and the buyer (a guest with the order's email) reads the proof
    confirmed = await confirm(client, installed, created["upload"]["id"])
    proof = await gql(
        client, installed, PROOF, {"orderId": parcel.order_id, "email": "ada@example.com"}
    )

    # then the buyer gets short-lived bucket links to a copy without GPS, and the hash of
    # the original, which is kept byte for byte, GPS and all
    assert confirmed["errors"] == []
    [fulfillment] = proof.json()["data"]["orderDispatchProof"]["fulfillments"]
    assert fulfillment["trackingNumber"] == "1Z999"
    [photo] = fulfillment["photos"]
    assert photo["id"] == confirmed["photo"]["id"]
    assert photo["sha256"] == hashlib.sha256(original).hexdigest()
    assert "X-Amz-Expires=300" in photo["url"]
    copy = await browser.get(photo["url"])
    assert copy.status_code == 200
    assert pictures.gps_of(copy.content) == {}
    with Image.open(io.BytesIO(copy.content)) as image:
        assert not image.getexif()
    assert (await browser.get(photo["thumbnailUrl"])).status_code == 200
    kept = await on_s3.read(key_of(created["ticket"]), max_bytes=LIMIT)
    assert kept == original
    assert pictures.gps_of(kept)


async def test_on_a_bucket_with_object_lock_the_original_is_retained(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    app: Starlette,
    s3_client: Any,
    locked_bucket: str,
    browser: httpx.AsyncClient,
) -> None:
    storage = await use_s3(
        app,
        make_s3_storage(s3_client, locked_bucket, upload_max_bytes=LIMIT, object_lock_days=30),
    )
    parcel = await ship(client, installed)
    created = await ask_ticket(client, installed, parcel)
    await post_file(browser, created["ticket"], pictures.jpeg())

    confirmed = await confirm(client, installed, created["upload"]["id"])

    assert confirmed["photo"]["retainedUntil"] is not None
    info = await storage.head(key_of(created["ticket"]))
    assert info.retain_until is not None and info.retain_until > utcnow() + timedelta(days=29)
    with pytest.raises(StorageError):
        await storage.delete(key_of(created["ticket"]))


BAD_INPUT = {
    "a PNG declared as JPEG": ("image/jpeg", pictures.png(), "TYPE_MISMATCH"),
    "HTML disguised as JPEG": ("image/jpeg", pictures.HTML, "NOT_AN_IMAGE"),
    "SVG disguised as PNG": ("image/png", pictures.SVG, "NOT_AN_IMAGE"),
    "PDF disguised as WebP": ("image/webp", pictures.PDF, "NOT_AN_IMAGE"),
    "zero bytes": ("image/jpeg", b"", "EMPTY"),
    "20000 x 20000 pixels": ("image/png", pictures.png_claiming(20000, 20000), "TOO_MANY_PIXELS"),
    "a truncated JPEG": ("image/jpeg", pictures.truncated_jpeg(), "TRUNCATED"),
}


@pytest.mark.parametrize("name", BAD_INPUT)
async def test_a_bad_upload_on_s3_is_deleted_and_staff_see_why(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    state: AppState,
    on_s3: S3Storage,
    browser: httpx.AsyncClient,
    name: str,
) -> None:
    # given a ticket, and a bad file that reached the bucket (moto enforces no POST policy)
    content_type, body, code = BAD_INPUT[name]
    parcel = await ship(client, installed)
    created = await ask_ticket(
        client, installed, parcel, content_type=content_type, byte_size=max(len(body), 1)
    )
    posted = await post_file(browser, created["ticket"], body)
    assert posted.status_code == 204

    # when staff confirm it, twice
    first = await confirm(client, installed, created["upload"]["id"])
    second = await confirm(client, installed, created["upload"]["id"])

    # then both answers say why, no photo is recorded, and the object is gone
    for payload in (first, second):
        assert payload["photo"] is None
        [error] = payload["errors"]
        assert (error["field"], error["code"]) == ("uploadId", code)
        assert payload["upload"]["status"] == "REJECTED"
        assert payload["upload"]["rejection"] == {"code": code, "message": error["message"]}
    assert await count_photos(state) == 0
    with pytest.raises(ObjectNotFound):
        await on_s3.head(key_of(created["ticket"]))


async def test_more_bytes_than_the_ticket_allows_are_refused_at_confirm(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    state: AppState,
    on_s3: S3Storage,
    browser: httpx.AsyncClient,
) -> None:
    # given a ticket for 1000 bytes, whose policy says so (real S3 would refuse the post) ...
    parcel = await ship(client, installed)
    created = await ask_ticket(client, installed, parcel, byte_size=1000)
    # ... and a bigger file that reached the bucket anyway
    body = pictures.jpeg((300, 300))
    assert len(body) > 1000
    await post_file(browser, created["ticket"], body)

    payload = await confirm(client, installed, created["upload"]["id"])

    assert [e["code"] for e in payload["errors"]] == ["TOO_LARGE"]
    assert await count_photos(state) == 0
    with pytest.raises(ObjectNotFound):
        await on_s3.head(key_of(created["ticket"]))


async def test_foresights_own_upload_route_refuses_too_many_or_no_bytes(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    parcel = await ship(client, installed)
    small = await ask_ticket(client, installed, parcel, byte_size=1000)
    empty = await ask_ticket(client, installed, parcel, byte_size=1000)

    too_big = await post_file(client, small["ticket"], pictures.jpeg((300, 300)))
    nothing = await post_file(client, empty["ticket"], b"")

    assert (too_big.status_code, nothing.status_code) == (400, 400)
    for created in (small, empty):
        payload = await confirm(client, installed, created["upload"]["id"])
        assert [e["code"] for e in payload["errors"]] == ["NOT_UPLOADED"]
        assert payload["upload"] is None
        assert await upload_status(state, created["upload"]["id"]) == "PENDING"
    assert await count_photos(state) == 0


async def test_confirming_twice_records_one_photo(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    parcel = await ship(client, installed)
    created = await ask_ticket(client, installed, parcel)
    await post_file(client, created["ticket"], pictures.jpeg())

    first = await confirm(client, installed, created["upload"]["id"])
    second = await confirm(client, installed, created["upload"]["id"])

    assert first["photo"]["id"] == second["photo"]["id"]
    assert second["errors"] == []
    assert await count_photos(state) == 1


async def test_an_upload_of_another_installation_or_order_is_refused(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a photo uploaded for order A, a second order B, and a second Saleor
    parcel, other_parcel = await ship(client, installed), await ship(client, installed)
    created = await ask_ticket(client, installed, parcel)
    await post_file(client, created["ticket"], pictures.jpeg())
    other = SaleorDouble("https://other.test/graphql/")
    async with state.sessionmaker.begin() as session:
        await installations.save(
            session,
            state.settings.cipher,
            installations.NewInstallation(
                other.api_url, "other.test", "3.23", other.app_id, other.app_token, other.jwks
            ),
        )
    upload_id = created["upload"]["id"]

    # when the other Saleor's staff confirm it, or staff confirm it as order B's
    foreign = await confirm(client, other, upload_id)
    wrong_order = await confirm(client, installed, upload_id, order_id=other_parcel.order_id)
    garbage = await confirm(client, installed, "not-an-id")

    # then there is no such upload, and it stays pending
    for payload in (foreign, wrong_order):
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [("uploadId", "NOT_FOUND")]
    assert [(e["field"], e["code"]) for e in garbage["errors"]] == [("uploadId", "INVALID")]
    assert await upload_status(state, upload_id) == "PENDING"
    assert (await confirm(client, installed, upload_id, order_id=parcel.order_id))["photo"]


async def test_storage_unreachable_records_nothing_and_confirm_can_be_retried(
    client: httpx.AsyncClient,
    installed: SaleorDouble,
    state: AppState,
    app: Starlette,
    on_s3: S3Storage,
    browser: httpx.AsyncClient,
    aws_env: None,
) -> None:
    # given a photo in the bucket, and then the bucket's endpoint unreachable
    parcel = await ship(client, installed)
    created = await ask_ticket(client, installed, parcel)
    await post_file(browser, created["ticket"], pictures.jpeg())
    unreachable = connect_s3(
        region="us-east-1", endpoint_url="http://127.0.0.1:9", addressing_style="path",
        connect_timeout=0.5, read_timeout=0.5, max_attempts=1,
    )  # fmt: skip
    down = make_s3_storage(unreachable, "any-bucket", upload_max_bytes=LIMIT)
    state.storage = app.state.storage = down

    # when staff confirm
    failed = await confirm(client, installed, created["upload"]["id"])

    # then they hear that storage is down, and nothing is recorded
    assert failed["upload"] is None and failed["photo"] is None
    [error] = failed["errors"]
    assert error["code"] == "STORAGE_UNAVAILABLE"
    assert "nothing was recorded" in error["message"]
    assert await upload_status(state, created["upload"]["id"]) == "PENDING"
    assert await count_photos(state) == 0

    # and once storage is back, the same confirm works
    unreachable.close()
    state.storage = app.state.storage = on_s3
    retried = await confirm(client, installed, created["upload"]["id"])
    assert retried["errors"] == [] and retried["photo"] is not None
    assert await count_photos(state) == 1


async def test_a_ticket_never_used_leaves_no_record_and_expires(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState
) -> None:
    # given a ticket nobody used
    parcel = await ship(client, installed)
    created = await ask_ticket(client, installed, parcel)
    upload_id = created["upload"]["id"]

    # when staff confirm it too early, and again after it expired
    early = await confirm(client, installed, upload_id)
    async with state.sessionmaker.begin() as session:
        await session.execute(
            update(DispatchUpload).values(expires_at=utcnow() - timedelta(hours=2))
        )
    late = await confirm(client, installed, upload_id)

    # then nothing was there, nothing is recorded, and the expired ticket is closed
    assert [e["code"] for e in early["errors"]] == ["NOT_UPLOADED"]
    assert [e["code"] for e in late["errors"]] == ["EXPIRED"]
    assert late["upload"]["status"] == "REJECTED"
    assert await count_photos(state) == 0
    proof = await gql(
        client, installed, PROOF, {"orderId": parcel.order_id}, token=installed.staff_token()
    )
    assert proof.json()["data"]["orderDispatchProof"]["fulfillments"][0]["photos"] == []


async def test_buyers_cannot_confirm(client: httpx.AsyncClient, installed: SaleorDouble) -> None:
    parcel = await ship(client, installed, user_id="VXNlcjo0Ng==")
    created = await ask_ticket(client, installed, parcel)

    response = await gql(
        client,
        installed,
        CONFIRM,
        {"uploadId": created["upload"]["id"]},
        token=installed.customer_token(user_id="VXNlcjo0Ng=="),
    )

    assert response.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
