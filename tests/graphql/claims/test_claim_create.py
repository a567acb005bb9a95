"""claimCreate: a buyer files a claim about their own order (a customer with their token,
a guest with the order's email); the reason must be open, the quantities available."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from starlette.applications import Starlette

from saleor_foresight.claims.models import ClaimPhoto, PhotoStatus
from saleor_foresight.db import utcnow
from saleor_foresight.jobs.models import Job
from saleor_foresight.photos.sweep import UPLOAD_SWEEP
from saleor_foresight.runtime import AppState
from saleor_foresight.storage import ObjectNotFound
from tests.graphql.claims.flow import (
    CUSTOMER,
    file_claim,
    line_of,
    shipped_order,
    staff_token,
)
from tests.graphql.conftest import gql
from tests.graphql.dispatch.flow import post_file
from tests.photos import pictures
from tests.saleor_double import SaleorDouble

UPLOAD = """
mutation Ticket($orderId: ID!, $email: String, $contentType: String!, $byteSize: Int!) {
  claimPhotoUploadCreate(orderId: $orderId, email: $email, contentType: $contentType,
                         byteSize: $byteSize) {
    upload { id } ticket { url fields { name value } contentType } errors { code }
  }
}
"""


async def test_a_guest_files_a_claim_and_the_shop_owes_an_answer(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a shipped order of two shirts
    order = await shipped_order(client, installed)

    # when the guest files a claim about one, with the order's email
    payload = await file_claim(client, installed, order, email="Buyer@Example.com")

    # then it is claim #1, open, with a deadline, the message first in its thread
    claim = payload["claim"]
    assert payload["errors"] == []
    assert (claim["number"], claim["status"], claim["reason"]) == (1, "OPEN", "DAMAGED")
    assert claim["dueAt"] is not None and claim["overdue"] is False
    assert claim["lines"] == [
        {"orderLineId": line_of(order), "productName": "Linen shirt", "quantity": 1}
    ]
    assert [(m["action"], m["author"], m["body"]) for m in claim["messages"]] == [
        ("FILE", "BUYER", "The seam is torn.")
    ]
    assert claim["availableActions"] == ["MESSAGE", "WITHDRAW"]


async def test_a_customer_files_about_their_own_order_only(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    mine = await shipped_order(client, installed, user_id=CUSTOMER)
    theirs = await shipped_order(client, installed, user_id="VXNlcjo5OQ==", email="eve@example.com")
    token = installed.customer_token()

    own = await file_claim(client, installed, mine, token=token)
    other = await file_claim(client, installed, theirs, token=token)

    assert own["errors"] == [] and own["claim"]["status"] == "OPEN"
    assert other["claim"] is None
    assert other["errors"] == [
        {"field": "orderId", "code": "NOT_FOUND", "message": "No such order."}
    ]


async def test_a_stranger_and_staff_cannot_file(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = await shipped_order(client, installed)

    stranger = await file_claim(client, installed, order, email="eve@example.com")
    staff = await file_claim(client, installed, order, token=staff_token(installed))

    assert stranger["errors"][0]["code"] == "NOT_FOUND"
    assert staff["errors"][0]["code"] == "NOT_ALLOWED"


async def test_more_than_is_left_to_claim_is_refused(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = await shipped_order(client, installed)
    await file_claim(client, installed, order, quantity=2)

    again = await file_claim(client, installed, order, quantity=1)

    assert again["errors"][0]["field"] == "lines"
    assert again["errors"][0]["code"] == "QUANTITY_EXCEEDED"


async def test_not_received_before_its_date_needs_the_buyer_to_confirm(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = await shipped_order(client, installed)

    warned = await file_claim(client, installed, order, reason="NOT_RECEIVED")
    confirmed = await file_claim(
        client, installed, order, reason="NOT_RECEIVED", confirm_early=True
    )

    assert warned["errors"][0]["code"] == "NOT_OPEN_YET"
    assert "DHL-00340434161094042557" in warned["errors"][0]["message"]
    assert confirmed["errors"] == [] and confirmed["claim"]["reason"] == "NOT_RECEIVED"


async def test_photos_are_uploaded_with_tickets_and_checked_like_dispatch_photos(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a ticket per photo, one a real photo, the other a web page called .jpg
    order = await shipped_order(client, installed)
    uploads = []
    for body in (pictures.jpeg(exif=pictures.camera_exif()), pictures.HTML):
        ticket = await gql(client, installed, UPLOAD, {
            "orderId": order["id"], "email": "buyer@example.com",
            "contentType": "image/jpeg", "byteSize": len(body),
        })  # fmt: skip
        created = ticket.json()["data"]["claimPhotoUploadCreate"]
        assert (await post_file(client, created["ticket"], body)).status_code == 204
        uploads.append(created["upload"]["id"])

    # when the buyer files with the web page, then with the photo
    refused = await file_claim(client, installed, order, photo_upload_ids=(uploads[1],))
    accepted = await file_claim(client, installed, order, photo_upload_ids=(uploads[0],))

    # then the first is refused with the check's own code, the second carries the photo
    assert refused["claim"] is None
    assert refused["errors"][0] == {
        "field": "photoUploadIds",
        "code": "NOT_AN_IMAGE",
        "message": "The file is not a JPEG, PNG, WebP or HEIC image.",
    }
    (photo,) = accepted["claim"]["messages"][0]["photos"]
    assert photo["id"] == uploads[0] and len(photo["sha256"]) == 64
    assert photo["url"].startswith("https://foresight.test/storage/download")


async def test_a_guests_photo_may_cost_only_a_few_tens_of_mib_to_check(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a 12 MP PNG of 34 KiB: about 90 MiB to decode and render, fine for a dispatch
    # photo (FORESIGHT_IMAGE_MAX_DECODED_BYTES) but over a claim photo's 64 MiB
    order = await shipped_order(client, installed)
    body = pictures.flat_png(4000, 3000)
    ticket = await gql(client, installed, UPLOAD, {
        "orderId": order["id"], "email": "buyer@example.com",
        "contentType": "image/png", "byteSize": len(body),
    })  # fmt: skip
    created = ticket.json()["data"]["claimPhotoUploadCreate"]
    assert (await post_file(client, created["ticket"], body)).status_code == 204

    # when the guest files with it
    refused = await file_claim(
        client, installed, order, photo_upload_ids=(created["upload"]["id"],)
    )

    # then it is refused for the memory it would take, before it is decoded
    assert refused["claim"] is None
    assert refused["errors"][0]["code"] == "DECODED_TOO_LARGE"
    assert refused["errors"][0]["field"] == "photoUploadIds"


async def ticket_for(
    client: httpx.AsyncClient, saleor: SaleorDouble, order: dict[str, Any], body: bytes
) -> str:
    """A claim photo ticket with ``body`` posted to it; the upload's ID."""
    ticket = await gql(client, saleor, UPLOAD, {
        "orderId": order["id"], "email": "buyer@example.com",
        "contentType": "image/jpeg", "byteSize": len(body),
    })  # fmt: skip
    created = ticket.json()["data"]["claimPhotoUploadCreate"]
    assert (await post_file(client, created["ticket"], body)).status_code == 204
    return str(created["upload"]["id"])


async def test_photos_checked_for_a_refused_filing_are_swept_and_a_filed_claims_stay(
    client: httpx.AsyncClient, installed: SaleorDouble, state: AppState, app: Starlette
) -> None:
    # given a filing refused after its photo was checked, and a claim filed with another
    order = await shipped_order(client, installed)
    refused_photo = await ticket_for(client, installed, order, pictures.jpeg())
    kept_photo = await ticket_for(client, installed, order, pictures.jpeg())
    refused = await file_claim(
        client, installed, order, quantity=99, photo_upload_ids=(refused_photo,)
    )
    filed = await file_claim(client, installed, order, photo_upload_ids=(kept_photo,))
    assert refused["claim"] is None and refused["errors"][0]["field"] == "lines"
    assert filed["errors"] == []
    async with state.sessionmaker() as session:
        checked = {row.event_id is None: row for row in (await session.scalars(select(ClaimPhoto)))}
    assert {row.status for row in checked.values()} == {PhotoStatus.ACCEPTED}
    unsent, sent = checked[True], checked[False]

    # when days pass and the upload sweep runs from the job queue
    async with state.sessionmaker.begin() as session:
        await session.execute(update(ClaimPhoto).values(expires_at=utcnow() - timedelta(days=3)))
        await session.execute(
            update(Job)
            .where(Job.kind == UPLOAD_SWEEP)
            .values(run_after=utcnow() - timedelta(seconds=1))
        )
    report = await state.worker.run_once()

    # then the photo never sent is rejected as expired, its files gone; the claim's stays
    assert report.done >= 1 and report.failed == 0
    storage = app.state.storage
    async with state.sessionmaker() as session:
        swept = await session.get(ClaimPhoto, unsent.id)
        kept = await session.get(ClaimPhoto, sent.id)
    assert swept is not None and swept.status == PhotoStatus.REJECTED
    assert swept.rejection_code == "EXPIRED"
    for key in (unsent.storage_key, unsent.buyer_copy_key, unsent.thumbnail_key):
        with pytest.raises(ObjectNotFound):
            await storage.head(key)
    assert kept is not None and kept.status == PhotoStatus.ACCEPTED
    for key in (sent.storage_key, sent.buyer_copy_key, sent.thumbnail_key):
        assert (await storage.head(key)).size > 0

    # and naming the swept photo again answers that it expired
    again = await file_claim(client, installed, order, photo_upload_ids=(refused_photo,))
    assert again["errors"][0]["code"] == "EXPIRED"


async def test_a_retried_filing_returns_the_claim_already_filed(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    # given a filing with a photo whose answer the buyer's browser never got
    order = await shipped_order(client, installed)
    body = pictures.jpeg()
    ticket = await gql(client, installed, UPLOAD, {
        "orderId": order["id"], "email": "buyer@example.com",
        "contentType": "image/jpeg", "byteSize": len(body),
    })  # fmt: skip
    created = ticket.json()["data"]["claimPhotoUploadCreate"]
    assert (await post_file(client, created["ticket"], body)).status_code == 204
    photo = (created["upload"]["id"],)
    first = await file_claim(client, installed, order, photo_upload_ids=photo,
                             idempotency_key="form-7f3a")  # fmt: skip

    # when the browser sends it again, and the buyer then files another problem
    again = await file_claim(client, installed, order, photo_upload_ids=photo,
                             idempotency_key="form-7f3a")  # fmt: skip
    other = await file_claim(client, installed, order, idempotency_key="form-9c1d")

    # then the retry answers the same claim (its photo is not "already sent"); a new key files
    assert again["errors"] == [] and again["claim"]["id"] == first["claim"]["id"]
    assert again["claim"]["number"] == first["claim"]["number"]
    assert len(again["claim"]["messages"]) == len(first["claim"]["messages"])
    assert other["errors"] == [] and other["claim"]["number"] == first["claim"]["number"] + 1


async def test_a_malformed_idempotency_key_is_refused(
    client: httpx.AsyncClient, installed: SaleorDouble
) -> None:
    order = await shipped_order(client, installed)

    for key in ("", "x" * 65, "no spaces"):
        refused = await file_claim(client, installed, order, idempotency_key=key)
        assert refused["claim"] is None
        assert refused["errors"][0]["code"] == "INVALID"
        assert refused["errors"][0]["field"] == "idempotencyKey"
