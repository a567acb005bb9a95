"""Calls to Saleor that must not be lost, queued as jobs with the change that needs them.

A domain asks for an effect in Saleor by queueing it in its own transaction: ``order_note``,
``order_confirm`` or ``private_metadata``. The job commits with the change or not at all, and
the Saleor edge carries it out (``plugin/saleor_jobs.py``: once, however often the job runs),
retried with backoff until Saleor answers. Nothing here speaks to Saleor, so a domain queues a
call without depending on the edge.

A job's payload names its call (``SaleorCall``) and the call's arguments; the edge runs only
the calls named here, never code a payload names.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from .jobs.models import Job
from .jobs.queue import enqueue

SALEOR_CALL = "saleor.call"


class SaleorCall(StrEnum):
    """The calls a job may make (stored in job payloads: never rename a value)."""

    ORDER_NOTE_ADD = "order_note_add"
    ORDER_CONFIRM = "order_confirm"
    UPDATE_PRIVATE_METADATA = "update_private_metadata"


async def order_note(
    session: AsyncSession,
    installation_id: uuid.UUID,
    order_id: str,
    message: str,
    *,
    dedupe_key: str | None = None,
) -> Job:
    """A note on the order's history, which staff read in the Dashboard."""
    arguments = {"order_id": order_id, "message": message}
    return await _queue(session, installation_id, SaleorCall.ORDER_NOTE_ADD, arguments, dedupe_key)


async def order_confirm(
    session: AsyncSession, installation_id: uuid.UUID, order_id: str, *, dedupe_key: str | None
) -> Job:
    """Confirm the order, when it is still UNCONFIRMED by the time the job runs."""
    arguments = {"order_id": order_id}
    return await _queue(session, installation_id, SaleorCall.ORDER_CONFIRM, arguments, dedupe_key)


async def private_metadata(
    session: AsyncSession,
    installation_id: uuid.UUID,
    object_id: str,
    items: Mapping[str, str],
    *,
    dedupe_key: str | None = None,
) -> Job:
    """Set keys in the private metadata of a Saleor object (checkout, order, ...)."""
    arguments = {"object_id": object_id, "items": dict(items)}
    call = SaleorCall.UPDATE_PRIVATE_METADATA
    return await _queue(session, installation_id, call, arguments, dedupe_key)


async def _queue(
    session: AsyncSession,
    installation_id: uuid.UUID,
    call: SaleorCall,
    arguments: Mapping[str, Any],
    dedupe_key: str | None,
) -> Job:
    payload = {"method": call.value, "arguments": dict(arguments)}
    return await enqueue(session, installation_id, SALEOR_CALL, payload, dedupe_key=dedupe_key)
