"""The handler the job worker runs for ``claims`` jobs (registered in ``runtime.py``)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..db import utcnow
from ..errors import UnknownInstallation
from ..jobs.queue import Handler
from ..plugin.models import Installation
from ..plugin.saleor_client import SaleorClient
from . import carry_out
from .jobs import CLAIMS_JOB
from .sweep import sweep

__all__ = ["CLAIMS_JOB", "claims_handler"]


def claims_handler(
    sessionmaker: async_sessionmaker[AsyncSession],
    load: Callable[[uuid.UUID], Awaitable[Installation]],
    client_for: Callable[[Installation], SaleorClient],
) -> Handler:
    async def run(installation_id: uuid.UUID, payload: Mapping[str, Any]) -> None:
        task = payload.get("task")
        if task == "sweep":
            async with sessionmaker.begin() as session:
                await sweep(session, installation_id, utcnow())
            return
        if task == "resolve":
            installation = await load(installation_id)
            if not installation.active:
                raise UnknownInstallation("the installation was removed")
            await carry_out.run(
                sessionmaker.begin,
                client_for(installation),
                installation_id,
                uuid.UUID(str(payload["resolution"])),
            )
            return
        raise ValueError(f"not a claims task: {task!r}")

    return run
