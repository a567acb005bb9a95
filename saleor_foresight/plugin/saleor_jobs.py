"""Calls to Saleor that must not be lost: written as jobs with the change that needs them.

A caller enqueues ``saleor_call(...)`` in its transaction and, after committing, may try it at
once (``AppState.run_job_now``); whatever fails is retried by the workers with backoff.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import UnknownInstallation
from ..jobs.models import Job
from ..jobs.queue import enqueue
from .models import Installation
from .saleor_client import SaleorClient

SALEOR_CALL = "saleor.call"

# The client methods a job may call, by name (a job's payload never names arbitrary code).
ALLOWED = frozenset({"update_private_metadata", "order_note_add", "order_confirm"})

ClientFor = Callable[[Installation], SaleorClient]


async def saleor_call(
    session: AsyncSession,
    installation_id: uuid.UUID,
    method: str,
    arguments: Mapping[str, Any],
    *,
    dedupe_key: str | None = None,
) -> Job:
    if method not in ALLOWED:
        raise ValueError(f"not a Saleor call jobs may make: {method}")
    return await enqueue(
        session,
        installation_id,
        SALEOR_CALL,
        {"method": method, "arguments": dict(arguments)},
        dedupe_key=dedupe_key,
    )


def saleor_call_handler(
    load: Callable[[uuid.UUID], Awaitable[Installation]], client_for: ClientFor
) -> Callable[[uuid.UUID, Mapping[str, Any]], Awaitable[None]]:
    async def run(installation_id: uuid.UUID, payload: Mapping[str, Any]) -> None:
        method = str(payload["method"])
        if method not in ALLOWED:
            raise ValueError(f"not a Saleor call jobs may make: {method}")
        installation = await load(installation_id)
        if not installation.active:
            raise UnknownInstallation("the installation was removed")
        await getattr(client_for(installation), method)(**payload["arguments"])

    return run
