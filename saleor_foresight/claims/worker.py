"""The handler the job worker runs for ``claims`` jobs (registered in ``runtime.py``)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..db import utcnow
from ..jobs.queue import Handler
from . import carry_out
from .jobs import CLAIMS_JOB
from .saleor_port import ClaimsSaleor
from .sweep import sweep

__all__ = ["CLAIMS_JOB", "claims_handler"]

# The installation's Saleor; raises ``UnknownInstallation`` once the app was removed.
SaleorOf = Callable[[uuid.UUID], Awaitable[ClaimsSaleor]]


def claims_handler(sessionmaker: async_sessionmaker[AsyncSession], saleor_of: SaleorOf) -> Handler:
    async def run(installation_id: uuid.UUID, payload: Mapping[str, Any]) -> None:
        task = payload.get("task")
        if task == "sweep":
            async with sessionmaker.begin() as session:
                await sweep(session, installation_id, utcnow())
            return
        if task == "resolve":
            await carry_out.run(
                sessionmaker.begin,
                await saleor_of(installation_id),
                installation_id,
                uuid.UUID(str(payload["resolution"])),
            )
            return
        raise ValueError(f"not a claims task: {task!r}")

    return run
