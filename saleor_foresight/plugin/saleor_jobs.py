"""Carrying out the calls to Saleor that domains queue as jobs (``saleor_calls.py``).

A caller queues a call in its transaction and, after committing, may try it at once
(``AppState.run_job_now``); whatever fails is retried by the workers with backoff.

Each call takes effect in Saleor once, however often its job runs. A run may follow one whose
answer was lost (``SaleorOutcomeUnknown``) or a worker that died after sending, and nothing
tells a run which, so every run reads Saleor before it sends a call that is not idempotent:

- ``ORDER_NOTE_ADD``: a ``NOTE_ADDED`` event with exactly this message on the order is this
  note; it is adopted, not added again;
- ``ORDER_CONFIRM``: an order no longer UNCONFIRMED needs nothing (done);
- ``UPDATE_PRIVATE_METADATA`` sets the same keys to the same values: sent again as it is.

After a lost answer the run reads once more, so a call Saleor carried out is done at once;
when the read does not show it yet, the job fails and its next attempt reads first again.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from ..errors import SaleorOutcomeUnknown, UnknownInstallation
from ..saleor_calls import SaleorCall
from .models import Installation
from .saleor_client import SaleorClient

NOTE_ADDED = "NOTE_ADDED"
UNCONFIRMED = "UNCONFIRMED"

ClientFor = Callable[[Installation], SaleorClient]
Call = Callable[[SaleorClient, Mapping[str, Any]], Awaitable[None]]


async def _update_private_metadata(client: SaleorClient, arguments: Mapping[str, Any]) -> None:
    await client.update_private_metadata(arguments["object_id"], arguments["items"])


async def _order_note_add(client: SaleorClient, arguments: Mapping[str, Any]) -> None:
    order_id, message = str(arguments["order_id"]), str(arguments["message"])

    async def added() -> bool:
        order = await client.order_history(order_id)
        events = order.events if order is not None else ()
        return any(e.type == NOTE_ADDED and e.message == message for e in events)

    if await added():
        return
    try:
        await client.order_note_add(order_id, message)
    except SaleorOutcomeUnknown:
        if not await added():
            raise


async def _order_confirm(client: SaleorClient, arguments: Mapping[str, Any]) -> None:
    order_id = str(arguments["order_id"])

    async def confirmed() -> bool:
        order = await client.order_history(order_id)
        return order is not None and order.status != UNCONFIRMED

    if await confirmed():
        return
    try:
        await client.order_confirm(order_id)
    except SaleorOutcomeUnknown:
        if not await confirmed():
            raise


# What each call a job may make does (a job's payload never names arbitrary code).
CALLS: dict[str, Call] = {
    SaleorCall.UPDATE_PRIVATE_METADATA: _update_private_metadata,
    SaleorCall.ORDER_NOTE_ADD: _order_note_add,
    SaleorCall.ORDER_CONFIRM: _order_confirm,
}


def saleor_call_handler(
    load: Callable[[uuid.UUID], Awaitable[Installation]], client_for: ClientFor
) -> Callable[[uuid.UUID, Mapping[str, Any]], Awaitable[None]]:
    async def run(installation_id: uuid.UUID, payload: Mapping[str, Any]) -> None:
        method = str(payload["method"])
        if method not in CALLS:
            raise ValueError(f"not a Saleor call jobs may make: {method}")
        installation = await load(installation_id)
        if not installation.active:
            raise UnknownInstallation("the installation was removed")
        await CALLS[method](client_for(installation), payload["arguments"])

    return run
