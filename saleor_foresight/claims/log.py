"""The claim log: every claim event of an installation in one append-only hash chain.

Event ``n`` holds ``prev_hash``, the ``record_hash`` of event ``n - 1`` (64 zeros for the
first). Writers lock the installation's ``claim_log_head`` row first thing in their
transaction (an UPDATE: a row lock until commit on PostgreSQL, the database write lock on
SQLite), read the claim only after that, append, and move the head. The lock therefore
also serialises everything that decides on a claim's state or on claimed quantities, so
two buyers' steps, a staff step and the sweep can never act on the same stale state. The
unique (installation_id, sequence) constraint backs it up. Same pattern, and reasons, as
the acceptance chain (``policies/acceptance.py``).

Record hash: SHA-256 over the canonical JSON of ``hashing.event_document`` of
``event_fields``: id, installation_id, claim_id, sequence, prev_hash, action, actor,
actor_id, actor_email, from_status, to_status, message, internal, data and created_at
(UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``). ``data`` holds only JSON values (amounts as
strings); photos appear in it by id and SHA-256, so the log also vouches for the files.
The chain rule is ``hashing.links_up``; ``excerpt`` reads the links an evidence pack
carries around a claim's events.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .. import hashing
from ..db import insert_or_merge, utcnow
from ..hashing import GENESIS_HASH, START, Link, links_up, neighbourhood, sha256_hex
from .models import Claim, ClaimEvent, ClaimLogHead
from .states import Action, Actor

BATCH = 500


@dataclass
class Head:
    """The chain head as read under the lock; ``append`` moves it."""

    installation_id: uuid.UUID
    sequence: int
    hash: str
    claims: int


@dataclass(frozen=True)
class Who:
    actor: Actor
    user_id: str | None = None
    email: str | None = None


SYSTEM = Who(Actor.SYSTEM)


async def lock(session: AsyncSession, installation_id: uuid.UUID) -> Head:
    """Lock the installation's log head until commit; create it on first use."""
    statement = (
        update(ClaimLogHead)
        .where(ClaimLogHead.installation_id == installation_id)
        .values(sequence=ClaimLogHead.sequence)
        .returning(ClaimLogHead.sequence, ClaimLogHead.head_hash, ClaimLogHead.claims)
        .execution_options(synchronize_session=False)
    )
    row = (await session.execute(statement)).one_or_none()
    if row is None:
        await session.execute(
            insert_or_merge(session, ClaimLogHead)
            .values(
                installation_id=installation_id,
                sequence=0,
                head_hash=GENESIS_HASH,
                claims=0,
                updated_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["installation_id"])
        )
        row = (await session.execute(statement)).one()
    return Head(installation_id, row[0], row[1], row[2])


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
        installation_id=head.installation_id,
        claim_id=claim.id,
        sequence=head.sequence + 1,
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
        prev_hash=head.hash,
    )
    event.record_hash = record_hash(event)
    session.add(event)
    await session.flush()
    head.sequence, head.hash = event.sequence, event.record_hash
    await session.execute(
        update(ClaimLogHead)
        .where(ClaimLogHead.installation_id == head.installation_id)
        .values(sequence=head.sequence, head_hash=head.hash, claims=head.claims,
                updated_at=event.created_at)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    return event


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
        "created_at": hashing.utc_micro(event.created_at),
    }


def record_hash(event: ClaimEvent) -> str:
    return sha256_hex(hashing.event_document(event_fields(event)))


@dataclass
class LogReport:
    events_checked: int = 0
    tampered: list[uuid.UUID] = field(default_factory=list)
    broken_links: list[uuid.UUID] = field(default_factory=list)
    head_mismatch: bool = False

    @property
    def ok(self) -> bool:
        return not (self.tampered or self.broken_links or self.head_mismatch)


async def verify(session: AsyncSession, installation_id: uuid.UUID) -> LogReport:
    """Recompute every event's hash and walk the chain to its head."""
    report = LogReport()
    last: tuple[int, str] = START
    while True:
        batch = list(
            await session.scalars(
                select(ClaimEvent)
                .where(
                    ClaimEvent.installation_id == installation_id,
                    ClaimEvent.sequence > last[0],
                )
                .order_by(ClaimEvent.sequence)
                .limit(BATCH)
                .execution_options(populate_existing=True)
            )
        )
        for event in batch:
            report.events_checked += 1
            if record_hash(event) != event.record_hash:
                report.tampered.append(event.id)
            if not links_up(last, event.sequence, event.prev_hash):
                report.broken_links.append(event.id)
            last = (event.sequence, event.record_hash)
        if len(batch) < BATCH:
            break
    head = await session.get(ClaimLogHead, installation_id, populate_existing=True)
    held = (head.sequence, head.head_hash) if head is not None else START
    report.head_mismatch = held != last
    return report


async def excerpt(
    session: AsyncSession, installation_id: uuid.UUID, sequences: Iterable[int]
) -> tuple[list[Link], tuple[int, str]]:
    """The links of events ``sequences`` and of their neighbours, and the log's head."""
    wanted = neighbourhood(sequences)
    rows = []
    if wanted:
        rows = list(
            await session.execute(
                select(
                    ClaimEvent.sequence, ClaimEvent.id, ClaimEvent.prev_hash, ClaimEvent.record_hash
                )
                .where(
                    ClaimEvent.installation_id == installation_id,
                    ClaimEvent.sequence.in_(sorted(wanted)),
                )
                .order_by(ClaimEvent.sequence)
            )
        )
    head = await session.get(ClaimLogHead, installation_id)
    links = [Link(r[0], str(r[1]), r[2], r[3]) for r in rows]
    return links, (head.sequence, head.head_hash) if head is not None else START
