"""Asking for a pack and the job that builds it: the outbox, retries, and what fails for good."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.evidence import service
from saleor_foresight.evidence.errors import EvidenceError, EvidenceErrorCode
from saleor_foresight.evidence.models import PackStatus, Provider
from saleor_foresight.jobs.models import Job
from saleor_foresight.storage import LocalStorage, StorageUnavailable
from tests.evidence.factories import STAFF_EMAIL, STAFF_ID, build_pack, complete_order


async def request(
    sessionmaker: async_sessionmaker[AsyncSession], installation_id: uuid.UUID, **given: object
) -> uuid.UUID:
    arguments: dict[str, object] = {
        "order_id": None,
        "claim_id": None,
        "provider": Provider.GENERIC,
        "reason": None,
        "staff_id": STAFF_ID,
        "staff_email": STAFF_EMAIL,
        **given,
    }
    async with sessionmaker.begin() as session:
        pack = await service.request_pack(session, installation_id, **arguments)  # type: ignore[arg-type]
    return pack.id


async def test_a_request_records_a_pending_pack_and_its_job_together(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage)

    pack_id = await request(sessionmaker, shop.installation_id, order_id=shop.saleor_order_id)

    async with sessionmaker() as session:
        pack = await service.get_pack(session, shop.installation_id, pack_id)
        job = await session.scalar(select(Job).where(Job.kind == service.EVIDENCE_PACK))
    assert pack.status == PackStatus.PENDING and pack.order_id == shop.order_id
    assert job is not None and job.payload == {"pack_id": str(pack_id)}
    assert job.max_attempts == service.ATTEMPTS


async def test_an_unknown_order_or_both_an_order_and_a_claim_are_refused(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage)

    with pytest.raises(EvidenceError) as unknown:
        await request(sessionmaker, shop.installation_id, order_id="T3JkZXI6OTk5")
    with pytest.raises(EvidenceError) as both:
        await request(
            sessionmaker, shop.installation_id, order_id=shop.saleor_order_id, claim_id=uuid.uuid4()
        )

    assert (unknown.value.code, unknown.value.field) == (EvidenceErrorCode.NOT_FOUND, "order_id")
    assert both.value.code is EvidenceErrorCode.INVALID


class Unreachable(LocalStorage):
    async def read(self, key: str, *, max_bytes: int) -> bytes:
        raise StorageUnavailable("the bucket did not answer")


async def test_storage_failures_are_retried_and_the_last_attempt_fails_the_pack(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage)
    pack_id = await request(sessionmaker, shop.installation_id, order_id=shop.saleor_order_id)
    broken = Unreachable(storage.root, base_url="https://foresight.test", signing_key=b"k" * 32,
                         upload_max_bytes=1, ticket_ttl=1, download_ttl=1)  # fmt: skip

    # when the job runs while storage is unreachable, it raises for the queue to retry
    for _ in range(service.ATTEMPTS - 1):
        with pytest.raises(StorageUnavailable):
            await service.build(sessionmaker.begin, broken, shop.installation_id, pack_id)
        async with sessionmaker() as session:
            pending = await service.get_pack(session, shop.installation_id, pack_id)
        assert pending.status == PackStatus.PENDING and "did not answer" in (pending.error or "")
    with pytest.raises(StorageUnavailable):
        await service.build(sessionmaker.begin, broken, shop.installation_id, pack_id)

    # then the last attempt leaves it FAILED with the reason, and a late run changes nothing
    async with sessionmaker() as session:
        failed = await service.get_pack(session, shop.installation_id, pack_id)
    assert failed.status == PackStatus.FAILED and failed.attempts == service.ATTEMPTS
    again = await service.build(sessionmaker.begin, storage, shop.installation_id, pack_id)
    assert again.status == PackStatus.FAILED and again.storage_key is None


async def test_a_ready_pack_is_never_built_again(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage)
    pack = await build_pack(sessionmaker, storage, shop)

    again = await service.build(sessionmaker.begin, storage, shop.installation_id, pack.id)

    assert (again.status, again.storage_key, again.attempts) == (
        PackStatus.READY,
        pack.storage_key,
        1,
    )
