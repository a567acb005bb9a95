"""The claim log: every claim event of an installation in one append-only hash chain.

Event ``n`` holds ``prev_hash``, the ``record_hash`` of event ``n - 1`` (64 zeros for the
first): the chain is ``CHAIN``, a ``ledger.chain.Chain``. Writers lock the installation's
``claim_log_head`` row first thing in their transaction (``lock``), read the claim only
after that, append, and move the head. The lock therefore also serialises everything that
decides on a claim's state or on claimed quantities, so two buyers' steps, a staff step and
the sweep can never act on the same stale state. The head also carries ``claims``, the
number of claims so far, which numbers a new claim (``Head.carried["claims"]``). How the
lock holds, and why a lock, is in ``ledger.chain``; the ORM refuses to update or delete an
event (``ledger.guards.append_only``, registered by the package), like an acceptance record.

Record hash: SHA-256 over the canonical JSON of ``canonical.event_document`` of
``event_fields``: id, installation_id, claim_id, sequence, prev_hash, action, actor,
actor_id, actor_email, from_status, to_status, message, internal, data and created_at
(UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``). ``data`` holds only JSON values (amounts as
strings); photos appear in it by id and SHA-256, so the log also vouches for the files.
``verify`` walks the log (``Chain.verify``); ``excerpt`` reads the links an evidence pack
carries around a claim's events.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ..db import utcnow
from ..ledger import canonical
from ..ledger.chain import Chain, ChainExcerpt, ChainReport
from ..ledger.chain import Head as Head  # the claim log's head, as ``lock`` gives it
from .models import Claim, ClaimEvent, ClaimLogHead
from .states import Action, Actor


def event_fields(event: ClaimEvent) -> dict[str, Any]:
    """The event's hashed fields, as plain JSON values."""
    return {
        "id": str(event.id),
        "installation_id": str(event.installation_id),
        "claim_id": str(event.claim_id),
        "sequence": event.sequence,
        "prev_hash": event.prev_hash,
        "action": event.action,
        "actor": event.actor,
        "actor_id": event.actor_id,
        "actor_email": event.actor_email,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "message": event.message,
        "internal": event.internal,
        "data": event.data,
        "created_at": canonical.utc_micro(event.created_at),
    }


CHAIN = Chain(
    ClaimEvent,
    ClaimLogHead,
    lambda event: canonical.event_document(event_fields(event)),
    carried={"claims": 0},
)


@dataclass(frozen=True)
class Who:
    actor: Actor
    user_id: str | None = None
    email: str | None = None


SYSTEM = Who(Actor.SYSTEM)


async def lock(session: AsyncSession, installation_id: uuid.UUID) -> Head:
    """Lock the installation's log head until commit; create it on first use."""
    return await CHAIN.lock(session, installation_id)


async def append(
    session: AsyncSession,
    head: Head,
    claim: Claim,
    action: Action,
    who: Who,
    *,
    from_status: str | None,
    message: str | None = None,
    internal: bool = False,
    data: Mapping[str, Any] | None = None,
) -> ClaimEvent:
    """Append one event for ``claim`` (its ``status`` is the state after) and move the head."""
    event = ClaimEvent(
        id=uuid.uuid4(),
        claim_id=claim.id,
        action=action,
        actor=who.actor,
        actor_id=who.user_id,
        actor_email=who.email,
        from_status=from_status,
        to_status=claim.status,
        message=message,
        internal=internal,
        data=dict(data or {}),
        created_at=utcnow(),
    )
    return await CHAIN.append(session, head, event)


@dataclass
class LogReport(ChainReport):
    """The chain's report in the claim log's words."""

    @property
    def events_checked(self) -> int:
        return self.checked


async def verify(session: AsyncSession, installation_id: uuid.UUID) -> LogReport:
    """Recompute every event's hash and walk the chain to its head."""
    chain = await CHAIN.verify(session, installation_id)
    return LogReport(chain.checked, chain.tampered, chain.broken_links, chain.head_mismatch)


async def excerpt(
    session: AsyncSession, installation_id: uuid.UUID, sequences: Iterable[int]
) -> ChainExcerpt:
    """The links of events ``sequences`` and of their neighbours, and the log's head."""
    return await CHAIN.excerpt(session, installation_id, sequences)
