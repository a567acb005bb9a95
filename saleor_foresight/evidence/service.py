"""Asking for a pack, reading it back, and the job that builds it.

``request_pack`` checks the order (or claim), records a PENDING ``evidence_pack`` row and
enqueues its job in the caller's transaction (the outbox: the job exists exactly when the
row does). The job (``build``) runs in short steps, never holding a transaction while it
streams: count the attempt; gather the facts in one read; write the ZIP to a fresh key;
mark the row READY. Safe to retry: a READY or FAILED row is left alone, and a failed
attempt's half-written object is aborted (or, at worst, left unreferenced under its own
fresh key). A domain refusal (the order or claim is gone) fails the pack at once; anything
else is retried by the queue, and the pack FAILS with the last error on the last attempt.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..db import utcnow
from ..jobs.queue import enqueue
from ..orders import record
from ..orders.models import Order
from ..storage import Storage, StorageError
from .claim import gather_claim
from .errors import EvidenceError, EvidenceErrorCode, invalid, not_found
from .gather import gather
from .models import DisputeReason, EvidencePack, PackStatus, Provider
from .pack import write_pack
from .readiness import readiness_of
from .view import PackRequest

logger = logging.getLogger(__name__)

EVIDENCE_PACK = "evidence.pack"
ATTEMPTS = 5

UnitOfWork = Callable[[], AbstractAsyncContextManager[AsyncSession]]


async def request_pack(
    session: AsyncSession,
    installation_id: uuid.UUID,
    *,
    order_id: str | None,
    claim_id: uuid.UUID | None,
    provider: Provider,
    reason: DisputeReason | None,
    staff_id: str,
    staff_email: str,
) -> EvidencePack:
    """A PENDING pack for an order (Saleor ID) or a claim, with its job enqueued."""
    if (order_id is None) == (claim_id is None):
        raise invalid("order_id", "Give an order or a claim, not both.")
    if claim_id is not None:
        section = await gather_claim(session, installation_id, claim_id)
        order_pk = section.order_id
    else:
        assert order_id is not None
        order = await record.get_order(session, installation_id, order_id)
        if order is None:
            raise not_found("No such order.", "order_id")
        order_pk = order.id
    pack = EvidencePack(
        installation_id=installation_id,
        order_id=order_pk,
        claim_id=claim_id,
        provider=provider,
        reason=reason,
        status=PackStatus.PENDING,
        requested_by_id=staff_id,
        requested_by_email=staff_email,
    )
    session.add(pack)
    await session.flush()
    job = await enqueue(
        session,
        installation_id,
        EVIDENCE_PACK,
        {"pack_id": str(pack.id)},
        dedupe_key=f"{EVIDENCE_PACK}:{pack.id}",
    )
    job.max_attempts = ATTEMPTS
    return pack


async def get_pack(
    session: AsyncSession, installation_id: uuid.UUID, pack_id: uuid.UUID
) -> EvidencePack:
    pack = await session.scalar(
        select(EvidencePack).where(
            EvidencePack.id == pack_id, EvidencePack.installation_id == installation_id
        )
    )
    if pack is None:
        raise not_found("No such evidence pack.", "id")
    return pack


async def build(
    transaction: UnitOfWork, storage: Storage, installation_id: uuid.UUID, pack_id: uuid.UUID
) -> EvidencePack:
    """Build a PENDING pack (the job); the row as it ends."""
    async with transaction() as session:
        pack = await get_pack(session, installation_id, pack_id)
        if pack.status != PackStatus.PENDING:
            return pack
        pack.attempts += 1
        attempt = pack.attempts
    try:
        async with transaction() as session:
            claim = None
            if pack.claim_id is not None:
                claim = await gather_claim(session, installation_id, pack.claim_id)
            facts = await gather(session, installation_id, pack.order_id, now=utcnow(), claim=claim)
            readiness = (await readiness_of(session, installation_id, [pack.order_id])).get(
                pack.order_id
            )
        request = PackRequest(
            pack.id,
            Provider(pack.provider),
            DisputeReason(pack.reason) if pack.reason else None,
            pack.created_at,
            pack.requested_by_email,
        )
        built = await write_pack(storage, facts, request, readiness)
    except EvidenceError as refusal:
        if refusal.code is EvidenceErrorCode.STORAGE_UNAVAILABLE and attempt < ATTEMPTS:
            await _note(transaction, installation_id, pack_id, refusal.message, fail=False)
            raise
        return await _note(transaction, installation_id, pack_id, refusal.message, fail=True)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if isinstance(exc, StorageError):
            error = f"storage: {exc}"[:2000]
        await _note(transaction, installation_id, pack_id, error, fail=attempt >= ATTEMPTS)
        raise
    async with transaction() as session:
        pack = await get_pack(session, installation_id, pack_id)
        pack.status = PackStatus.READY
        pack.storage_key = built.key
        pack.sha256 = built.sha256
        pack.byte_size = built.byte_size
        pack.error = None
        pack.finished_at = utcnow()
    return pack


async def _note(
    transaction: UnitOfWork,
    installation_id: uuid.UUID,
    pack_id: uuid.UUID,
    error: str,
    *,
    fail: bool,
) -> EvidencePack:
    async with transaction() as session:
        pack = await get_pack(session, installation_id, pack_id)
        pack.error = error
        if fail:
            pack.status = PackStatus.FAILED
            pack.finished_at = utcnow()
    return pack


def evidence_pack_handler(
    sessionmaker: async_sessionmaker[AsyncSession], storage: Storage
) -> Callable[[uuid.UUID, Mapping[str, Any]], Awaitable[None]]:
    """The job handler: builds the pack in ``storage`` (the app's)."""

    async def run(installation_id: uuid.UUID, payload: Mapping[str, Any]) -> None:
        await build(sessionmaker.begin, storage, installation_id, uuid.UUID(payload["pack_id"]))

    return run


async def order_saleor_id(session: AsyncSession, pack: EvidencePack) -> str:
    """Saleor's ID of the pack's order."""
    saleor_id = await session.scalar(select(Order.saleor_id).where(Order.id == pack.order_id))
    return saleor_id or ""
