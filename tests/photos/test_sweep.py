"""The upload sweep, on the local storage and on S3 (moto): tickets nobody confirmed are
rejected as EXPIRED and their objects deleted, once a day past their confirmation window;
anything decided, or still within reach of a confirm, is left alone."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.claims import photos
from saleor_foresight.claims.models import ClaimPhoto, PhotoStatus
from saleor_foresight.db import utcnow
from saleor_foresight.dispatch import service
from saleor_foresight.dispatch.models import DispatchUpload, UploadStatus
from saleor_foresight.jobs.models import Job, JobStatus
from saleor_foresight.jobs.queue import Worker
from saleor_foresight.orders import record
from saleor_foresight.photos import sweep
from saleor_foresight.photos.errors import PhotoErrorCode
from saleor_foresight.settings import Settings
from saleor_foresight.storage import (
    LocalStorage,
    ObjectNotFound,
    Storage,
    StorageError,
    StorageUnavailable,
    build_storage,
)
from tests.claims.support import BUYER, file
from tests.dispatch.conftest import LIMITS, STAFF, Shop
from tests.photos import pictures
from tests.storage import conftest as storage_fixtures
from tests.storage.conftest import make_s3_storage
from tests.storage.support import BASE_URL, LIMIT, SIGNING_KEY, FakeClock, post_ticket

if TYPE_CHECKING:
    from types_boto3_s3.client import S3Client

# the storage tests' moto server and buckets
moto_endpoint = storage_fixtures.moto_endpoint
aws_env = storage_fixtures.aws_env
s3_client = storage_fixtures.s3_client
bucket = storage_fixtures.bucket
locked_bucket = storage_fixtures.locked_bucket

Maker = async_sessionmaker[AsyncSession]
TABLES = (service.DISPATCH_UPLOADS, photos.CLAIM_PHOTOS)


@pytest.fixture(params=["local", "s3"])
async def any_storage(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[Storage]:
    backend: Storage
    if request.param == "local":
        backend = LocalStorage(
            tmp_path / "media", base_url=BASE_URL, signing_key=SIGNING_KEY,
            upload_max_bytes=LIMIT, ticket_ttl=900, download_ttl=300, clock=clock,
        )  # fmt: skip
    else:
        client, name = request.getfixturevalue("s3_client"), request.getfixturevalue("bucket")
        backend = make_s3_storage(client, name, clock=clock)
    await backend.check()
    yield backend
    await backend.close()


async def dispatch_ticket(
    sessionmaker: Maker, storage: Storage, shop: Shop, data: bytes | None = None
) -> DispatchUpload:
    """A dispatch photo ticket, and (with ``data``) the file uploaded with it."""
    async with sessionmaker.begin() as session:
        created = await service.create_upload(
            session, storage, shop.installation_id, order_id=shop.order_id,
            fulfillment_id=shop.fulfillment_id, content_type="image/jpeg", byte_size=LIMIT,
            staff=STAFF, limits=LIMITS,
        )  # fmt: skip
    if data is not None:
        await storage.put(created.upload.storage_key, data, content_type="image/jpeg")
    return created.upload


async def claim_ticket(
    sessionmaker: Maker, storage: Storage, shop: Shop, data: bytes | None = None
) -> ClaimPhoto:
    """A buyer's claim photo ticket for the shop's order, and (with ``data``) its file."""
    async with sessionmaker.begin() as session:
        order = await record.get_order(session, shop.installation_id, shop.order_id)
        assert order is not None
        created = await photos.create_upload(
            session, storage, order, content_type="image/jpeg", byte_size=LIMIT, who=BUYER,
            limits=LIMITS,
        )  # fmt: skip
    if data is not None:
        await storage.put(created.photo.storage_key, data, content_type="image/jpeg")
    return created.photo


async def run_sweep(
    sessionmaker: Maker, storage: Storage, shop: Shop, now: datetime
) -> sweep.SweepReport:
    return await sweep.sweep(sessionmaker.begin, storage, shop.installation_id, TABLES, now)


async def current(sessionmaker: Maker, row: DispatchUpload | ClaimPhoto) -> Any:
    async with sessionmaker() as session:
        return await session.get(type(row), row.id)


async def exists(storage: Storage, key: str) -> bool:
    try:
        await storage.head(key)
    except ObjectNotFound:
        return False
    return True


async def sweep_jobs(sessionmaker: Maker, status: JobStatus = JobStatus.PENDING) -> list[Job]:
    async with sessionmaker() as session:
        return list(
            await session.scalars(
                select(Job)
                .where(Job.kind == sweep.UPLOAD_SWEEP, Job.status == status)
                .order_by(Job.run_after)
            )
        )


async def test_expired_tickets_are_rejected_and_their_objects_deleted(
    sessionmaker: Maker, any_storage: Storage, shop: Shop
) -> None:
    # given a dispatch photo and a claim photo uploaded but never confirmed, and a ticket
    # nobody used
    upload = await dispatch_ticket(sessionmaker, any_storage, shop, pictures.jpeg())
    claim_photo = await claim_ticket(sessionmaker, any_storage, shop, pictures.jpeg())
    unused = await dispatch_ticket(sessionmaker, any_storage, shop)

    # when the sweep runs a day after their confirmation window closed
    now = sweep.sweepable_at(upload.expires_at) + timedelta(seconds=1)
    report = await run_sweep(sessionmaker, any_storage, shop, now)

    # then each is rejected as EXPIRED, and no object is left
    assert (report.rejected, report.failed) == (3, 0)
    for row in (upload, claim_photo, unused):
        swept = await current(sessionmaker, row)
        assert swept.status == "REJECTED"
        assert swept.rejection_code == PhotoErrorCode.EXPIRED
        assert swept.rejection_message == "The upload ticket expired unused."
        assert swept.decided_at == now
        assert not await exists(any_storage, row.storage_key)

    # and a second run finds nothing to do
    assert await run_sweep(sessionmaker, any_storage, shop, now) == sweep.SweepReport(0, 0)


async def test_a_ticket_a_confirm_could_still_take_is_left_alone(
    sessionmaker: Maker, any_storage: Storage, shop: Shop
) -> None:
    # given uploads whose confirmation window closed less than a day ago
    upload = await dispatch_ticket(sessionmaker, any_storage, shop, pictures.jpeg())
    claim_photo = await claim_ticket(sessionmaker, any_storage, shop, pictures.jpeg())

    # when the sweep runs just before they may be swept
    now = sweep.sweepable_at(upload.expires_at) - timedelta(seconds=1)
    report = await run_sweep(sessionmaker, any_storage, shop, now)

    # then they stay pending, with their objects
    assert report == sweep.SweepReport(0, 0)
    for row in (upload, claim_photo):
        assert (await current(sessionmaker, row)).status == "PENDING"
        assert await exists(any_storage, row.storage_key)


async def test_a_confirmed_upload_is_never_touched(
    sessionmaker: Maker, any_storage: Storage, shop: Shop
) -> None:
    # given a confirmed dispatch photo and a claim photo sent with a claim
    upload = await dispatch_ticket(sessionmaker, any_storage, shop, pictures.jpeg())
    confirmation = await service.confirm_upload(
        sessionmaker.begin, any_storage, shop.installation_id, upload.id, limits=LIMITS
    )
    assert confirmation.photo is not None
    claim_photo = await claim_ticket(sessionmaker, any_storage, shop, pictures.jpeg())
    async with sessionmaker() as session:
        order = await record.get_order(session, shop.installation_id, shop.order_id)
    assert order is not None
    await photos.check(sessionmaker.begin, any_storage, order, [claim_photo.id], LIMITS)
    async with sessionmaker.begin() as session:
        order = await record.get_order(session, shop.installation_id, shop.order_id)
        assert order is not None
        line = order.lines[0].saleor_id
        await file(session, order, lines=((line, 1),), photo_ids=[claim_photo.id], now=utcnow())

    # when the sweep runs long after their tickets expired
    now = sweep.sweepable_at(upload.expires_at) + timedelta(days=30)
    report = await run_sweep(sessionmaker, any_storage, shop, now)

    # then both are as they were, originals included
    assert report == sweep.SweepReport(0, 0)
    assert (await current(sessionmaker, upload)).status == UploadStatus.CONFIRMED
    assert (await current(sessionmaker, claim_photo)).status == PhotoStatus.ACCEPTED
    assert await exists(any_storage, upload.storage_key)
    assert await exists(any_storage, claim_photo.storage_key)


class Refusing:
    """A storage whose deletes of the named keys fail with ``error``; all else is as it is."""

    def __init__(self, storage: Storage, keys: set[str], error: StorageError) -> None:
        self._storage, self._keys, self._error = storage, keys, error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._storage, name)

    async def delete(self, key: str) -> None:
        if key in self._keys:
            raise self._error
        await self._storage.delete(key)


async def test_an_object_the_storage_refuses_to_delete_stays_pending(
    sessionmaker: Maker, any_storage: Storage, shop: Shop
) -> None:
    # given two expired uploads, and a storage that refuses to delete the first one's object
    refused = await dispatch_ticket(sessionmaker, any_storage, shop, pictures.jpeg())
    deleted = await claim_ticket(sessionmaker, any_storage, shop, pictures.jpeg())
    refusing = Refusing(any_storage, {refused.storage_key}, StorageError("AccessDenied"))
    now = sweep.sweepable_at(deleted.expires_at) + timedelta(seconds=1)

    # when the sweep runs
    report = await run_sweep(sessionmaker, refusing, shop, now)  # type: ignore[arg-type]

    # then the refused one is still pending with its object, and the other was swept
    assert (report.rejected, report.failed) == (1, 1)
    assert (await current(sessionmaker, refused)).status == UploadStatus.PENDING
    assert await exists(any_storage, refused.storage_key)
    assert (await current(sessionmaker, deleted)).status == PhotoStatus.REJECTED

    # and the next run, with the storage willing, sweeps it
    assert await run_sweep(sessionmaker, any_storage, shop, now) == sweep.SweepReport(1, 0)
    assert not await exists(any_storage, refused.storage_key)


async def test_an_unreachable_storage_stops_the_sweep_and_marks_nothing(
    sessionmaker: Maker, any_storage: Storage, shop: Shop
) -> None:
    # given an expired upload, and a storage that cannot be reached
    upload = await dispatch_ticket(sessionmaker, any_storage, shop, pictures.jpeg())
    down = Refusing(any_storage, {upload.storage_key}, StorageUnavailable("no answer"))
    now = sweep.sweepable_at(upload.expires_at) + timedelta(seconds=1)

    # when the sweep runs, it stops with the storage's error
    with pytest.raises(StorageUnavailable):
        await run_sweep(sessionmaker, down, shop, now)  # type: ignore[arg-type]

    # then the upload is still pending with its object, for the next run
    assert (await current(sessionmaker, upload)).status == UploadStatus.PENDING
    assert await exists(any_storage, upload.storage_key)


async def test_many_expired_tickets_are_swept_in_batches(
    sessionmaker: Maker,
    any_storage: Storage,
    shop: Shop,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given seven expired tickets, the third of which cannot be deleted, in batches of two
    monkeypatch.setattr(sweep, "BATCH", 2)
    uploads = [await dispatch_ticket(sessionmaker, any_storage, shop) for _ in range(7)]
    for upload in uploads:
        await any_storage.put(upload.storage_key, b"x", content_type="image/jpeg")
    async with sessionmaker() as session:
        ordered = await session.scalars(
            select(DispatchUpload).order_by(DispatchUpload.expires_at, DispatchUpload.id)
        )
        stuck = list(ordered)[2]
    refusing = Refusing(any_storage, {stuck.storage_key}, StorageError("AccessDenied"))
    now = sweep.sweepable_at(uploads[-1].expires_at) + timedelta(seconds=1)

    # when the sweep runs
    report = await run_sweep(sessionmaker, refusing, shop, now)  # type: ignore[arg-type]

    # then it went past the stuck one and swept all the others
    assert (report.rejected, report.failed) == (6, 1)
    for upload in uploads:
        expected = UploadStatus.PENDING if upload.id == stuck.id else UploadStatus.REJECTED
        assert (await current(sessionmaker, upload)).status == expected


async def test_an_unconfirmed_browser_upload_can_go_from_an_object_lock_bucket(
    sessionmaker: Maker, s3_client: S3Client, locked_bucket: str, shop: Shop, clock: FakeClock
) -> None:
    # given a storage that locks accepted files, and a photo a browser uploaded but nobody
    # confirmed (a presigned POST carries no retention, and only a confirm retains)
    storage = make_s3_storage(s3_client, locked_bucket, object_lock_days=1, clock=clock)
    await storage.check()
    upload = await dispatch_ticket(sessionmaker, storage, shop)
    ticket = await storage.create_upload_ticket(upload.storage_key, content_type="image/jpeg")
    async with httpx.AsyncClient(trust_env=False) as http:
        assert (await post_ticket(http, ticket, pictures.jpeg())).status_code == 204
    assert "ObjectLockMode" not in s3_client.head_object(
        Bucket=locked_bucket, Key=upload.storage_key
    )

    # when the sweep runs
    now = sweep.sweepable_at(upload.expires_at) + timedelta(seconds=1)
    report = await run_sweep(sessionmaker, storage, shop, now)

    # then the upload is rejected and every version of its object is gone
    assert report == sweep.SweepReport(1, 0)
    versions = s3_client.list_object_versions(Bucket=locked_bucket, Prefix=upload.storage_key)
    assert versions.get("Versions", []) == []


async def test_asking_for_a_ticket_schedules_one_sweep_per_installation(
    sessionmaker: Maker, any_storage: Storage, shop: Shop
) -> None:
    # given an installation that never asked for a ticket, there is no sweep
    assert await sweep_jobs(sessionmaker) == []

    # when tickets are asked for, two of them at the same moment
    first = await dispatch_ticket(sessionmaker, any_storage, shop)
    await asyncio.gather(
        dispatch_ticket(sessionmaker, any_storage, shop),
        claim_ticket(sessionmaker, any_storage, shop),
    )

    # then one sweep is pending, for when the first ticket may be swept
    [job] = await sweep_jobs(sessionmaker)
    assert job.installation_id == shop.installation_id
    assert job.run_after == sweep.sweepable_at(first.expires_at)


@pytest.fixture
async def s3_settings(
    settings: Settings, s3_client: S3Client, bucket: str, moto_endpoint: str
) -> Settings:
    return settings.model_copy(
        update={
            "storage": "s3",
            "s3_bucket": bucket,
            "s3_region": "us-east-1",
            "s3_endpoint_url": moto_endpoint,
            "s3_addressing_style": "path",
        }
    )


@pytest.fixture(params=["local", "s3"])
def app_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Settings whose storage the job builds: the media folder, or the moto bucket."""
    if request.param == "local":
        return settings
    configured: Settings = request.getfixturevalue("s3_settings")
    return configured


async def three_days_ago(sessionmaker: Maker, upload: DispatchUpload) -> Job:
    """Move the upload's ticket, and the sweep it scheduled, three days back; the sweep."""
    async with sessionmaker.begin() as session:
        held = await session.get(DispatchUpload, upload.id)
        [job] = await session.scalars(select(Job).where(Job.kind == sweep.UPLOAD_SWEEP))
        assert held is not None
        held.expires_at -= timedelta(days=3)
        job.run_after -= timedelta(days=3)
        job.dedupe_key = f"upload-sweep:{job.run_after.date().isoformat()}"
    return job


async def test_the_job_sweeps_and_schedules_the_next_run_first(
    sessionmaker: Maker, app_settings: Settings, shop: Shop
) -> None:
    # given an upload in the app's storage whose ticket expired three days ago
    storage = build_storage(app_settings)
    upload = await dispatch_ticket(sessionmaker, storage, shop, pictures.jpeg())
    first = await three_days_ago(sessionmaker, upload)
    worker = Worker(
        sessionmaker,
        {sweep.UPLOAD_SWEEP: sweep.upload_sweep_handler(sessionmaker, storage, TABLES)},
    )

    # when its sweep job runs (due by now)
    report = await worker.run_once(job_id=first.id)

    # then the upload is swept, and the next run is pending a day later
    assert report.done == 1
    swept = await current(sessionmaker, upload)
    assert (swept.status, swept.rejection_code) == (UploadStatus.REJECTED, "EXPIRED")
    assert not await exists(storage, upload.storage_key)
    [following] = await sweep_jobs(sessionmaker)
    assert timedelta(hours=23) < following.run_after - utcnow() <= timedelta(days=1)
    assert following.dedupe_key == f"upload-sweep:{following.run_after.date().isoformat()}"

    # and running the handler again the same day adds no second run
    handler = sweep.upload_sweep_handler(sessionmaker, storage, TABLES)
    await handler(shop.installation_id, {})
    assert [job.id for job in await sweep_jobs(sessionmaker)] == [following.id]
    await storage.close()


async def test_a_run_that_cannot_delete_is_retried_and_still_has_a_successor(
    sessionmaker: Maker, settings: Settings, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an expired upload whose object the storage refuses to delete
    storage = build_storage(settings)
    assert isinstance(storage, LocalStorage)
    upload = await dispatch_ticket(sessionmaker, storage, shop, pictures.jpeg())
    first = await three_days_ago(sessionmaker, upload)

    async def refuse(self: LocalStorage, key: str) -> None:
        raise StorageError("AccessDenied")

    monkeypatch.setattr(LocalStorage, "delete", refuse)
    worker = Worker(
        sessionmaker,
        {sweep.UPLOAD_SWEEP: sweep.upload_sweep_handler(sessionmaker, storage, TABLES)},
    )

    # when its sweep job runs
    report = await worker.run_once(job_id=first.id)

    # then the job is kept for a retry with the reason, the upload stays pending with its
    # object, and tomorrow's run is pending all the same
    assert report.retried == 1
    async with sessionmaker() as session:
        retried = await session.get(Job, first.id)
    assert retried is not None and retried.status == JobStatus.PENDING
    assert "could not be deleted" in (retried.last_error or "")
    assert (await current(sessionmaker, upload)).status == UploadStatus.PENDING
    assert (storage.root / upload.storage_key).exists()
    assert len(await sweep_jobs(sessionmaker)) == 2


async def test_a_confirm_after_the_sweep_answers_the_expiry(
    sessionmaker: Maker, any_storage: Storage, shop: Shop
) -> None:
    # given an upload the sweep rejected
    upload = await dispatch_ticket(sessionmaker, any_storage, shop, pictures.jpeg())
    now = sweep.sweepable_at(upload.expires_at) + timedelta(seconds=1)
    await run_sweep(sessionmaker, any_storage, shop, now)

    # when staff confirm it after all
    confirmation = await service.confirm_upload(
        sessionmaker.begin, any_storage, shop.installation_id, upload.id, limits=LIMITS,
        clock=lambda: now,
    )  # fmt: skip

    # then they hear that it expired, and no photo is recorded
    assert confirmation.photo is None
    assert confirmation.upload.rejection_code == PhotoErrorCode.EXPIRED
