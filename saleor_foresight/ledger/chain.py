"""One hash chain per installation: lock its head, append a record, verify it, excerpt it.

A ``Chain`` names a record table, a head table (one row per installation) and the object a
record's hash is taken over. Record ``n`` holds ``sequence`` ``n``, ``prev_hash`` (the
``record_hash`` of record ``n - 1``, 64 zeros for the first) and ``record_hash``, the
``canonical.sha256_hex`` of ``Chain.document(record)``, which holds the sequence and the
previous hash too. The head row holds the last sequence and hash.

Concurrency: a writer locks the installation's head row first thing in its transaction
(``Chain.lock``) with an UPDATE that changes nothing, which holds a row lock until commit
on PostgreSQL and the database write lock on SQLite; it reads the head's sequence and hash
under that lock, appends, and moves the head (``Chain.append``). Two writers can therefore
never take the same sequence or ``prev_hash``, and whatever a writer reads after the lock
is read serialised too; the unique (installation_id, sequence) constraint backs this up.
A lock rather than retry-on-conflict, because a failed INSERT aborts the caller's whole
PostgreSQL transaction, and savepoints are unreliable on SQLite's Python driver. A head
may carry more columns (``Chain.carried``: the claim log numbers claims with one); they
are read under the lock and written back when the head moves.

``Chain.verify`` recomputes every record's hash (else ``tampered``), walks the links by
``canonical.links_up`` (else the record where a link breaks is in ``broken_links``) and
compares the last record with the head (else records were removed from the end:
``head_mismatch``). ``Chain.excerpt`` reads what an evidence pack carries of a chain around
some records: the links of each and of those either side of it, and the head.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.interfaces import ORMOption
from sqlalchemy.sql import FromClause

from ..db import insert_or_merge, utcnow
from .canonical import GENESIS_HASH, START, Link, links_up, neighbourhood, sha256_hex

BATCH = 500


class Record(Protocol):
    """A chained record: the columns the chain itself reads and sets (an ORM class's
    ``Mapped`` attributes fit); queries name them in ``__table__``."""

    __table__: ClassVar[FromClause]

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def installation_id(self) -> uuid.UUID: ...
    @installation_id.setter
    def installation_id(self, value: uuid.UUID) -> None: ...
    @property
    def sequence(self) -> int: ...
    @sequence.setter
    def sequence(self, value: int) -> None: ...
    @property
    def prev_hash(self) -> str: ...
    @prev_hash.setter
    def prev_hash(self, value: str) -> None: ...
    @property
    def record_hash(self) -> str: ...
    @record_hash.setter
    def record_hash(self, value: str) -> None: ...


class HeadRow(Protocol):
    """A chain's head, one row per installation: ``installation_id`` (its primary key),
    ``sequence``, ``head_hash``, ``updated_at`` and any carried columns."""

    __table__: ClassVar[FromClause]

    @property
    def sequence(self) -> int: ...
    @property
    def head_hash(self) -> str: ...


R = TypeVar("R", bound=Record)


@dataclass
class Head:
    """A chain's head as read under the lock; ``Chain.append`` moves it."""

    installation_id: uuid.UUID
    sequence: int
    hash: str
    carried: dict[str, Any] = field(default_factory=dict)


@dataclass
class ChainReport:
    checked: int = 0
    tampered: list[uuid.UUID] = field(default_factory=list)
    broken_links: list[uuid.UUID] = field(default_factory=list)
    head_mismatch: bool = False

    @property
    def ok(self) -> bool:
        return not (self.tampered or self.broken_links or self.head_mismatch)


@dataclass(frozen=True)
class ChainExcerpt:
    """Links around some records of a chain, and the chain's head (sequence, hash)."""

    links: list[Link]
    head: tuple[int, str]


@dataclass(frozen=True)
class Chain(Generic[R]):
    """One kind of chain: its tables and what a record's hash is taken over."""

    record: type[R]
    head: type[HeadRow]
    # the object a record's hash is taken over (plain JSON values, ``canonical``'s documents)
    document: Callable[[R], dict[str, Any]]
    # loader options for records read back to verify: what ``document`` needs loaded
    load: tuple[ORMOption, ...] = ()
    # further head columns, by name, with their value in a new head
    carried: Mapping[str, Any] = field(default_factory=dict)

    def hash(self, record: R) -> str:
        return sha256_hex(self.document(record))

    async def lock(self, session: AsyncSession, installation_id: uuid.UUID) -> Head:
        """Lock the installation's head until commit; create it on first use."""
        heads = self.head.__table__.c
        statement = (
            update(self.head)
            .where(heads.installation_id == installation_id)
            .values(sequence=heads.sequence)
            .returning(heads.sequence, heads.head_hash, *(heads[c] for c in self.carried))
            .execution_options(synchronize_session=False)
        )
        row = (await session.execute(statement)).one_or_none()
        if row is None:
            await session.execute(
                insert_or_merge(session, self.head)
                .values(
                    installation_id=installation_id,
                    sequence=0,
                    head_hash=GENESIS_HASH,
                    updated_at=utcnow(),
                    **self.carried,
                )
                .on_conflict_do_nothing(index_elements=["installation_id"])
            )
            row = (await session.execute(statement)).one()
        return Head(installation_id, row[0], row[1], dict(zip(self.carried, row[2:], strict=True)))

    async def append(self, session: AsyncSession, head: Head, record: R) -> R:
        """Link ``record`` after ``head``, hash it, insert it and move the head (with its
        ``carried`` values as they are now)."""
        record.installation_id = head.installation_id
        record.sequence = head.sequence + 1
        record.prev_hash = head.hash
        record.record_hash = self.hash(record)
        session.add(record)
        await session.flush()
        head.sequence, head.hash = record.sequence, record.record_hash
        await session.execute(
            update(self.head)
            .where(self.head.__table__.c.installation_id == head.installation_id)
            .values(sequence=head.sequence, head_hash=head.hash, updated_at=utcnow(),
                    **head.carried)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        return record

    async def verify(
        self,
        session: AsyncSession,
        installation_id: uuid.UUID,
        visit: Callable[[R], None] | None = None,
    ) -> ChainReport:
        """Recompute every record's hash and walk the chain to its head, in batches;
        ``visit`` sees each record read (with ``load``), for checks of its own."""
        records = self.record.__table__.c
        report = ChainReport()
        last: tuple[int, str] = START
        while True:
            batch = list(
                await session.scalars(
                    select(self.record)
                    .where(records.installation_id == installation_id, records.sequence > last[0])
                    .order_by(records.sequence)
                    .limit(BATCH)
                    .options(*self.load)
                    .execution_options(populate_existing=True)
                )
            )
            for record in batch:
                report.checked += 1
                if self.hash(record) != record.record_hash:
                    report.tampered.append(record.id)
                if not links_up(last, record.sequence, record.prev_hash):
                    report.broken_links.append(record.id)
                if visit is not None:
                    visit(record)
                last = (record.sequence, record.record_hash)
            if len(batch) < BATCH:
                break
        head = await session.get(self.head, installation_id, populate_existing=True)
        held = (head.sequence, head.head_hash) if head is not None else START
        report.head_mismatch = held != last
        return report

    async def excerpt(
        self, session: AsyncSession, installation_id: uuid.UUID, sequences: Iterable[int]
    ) -> ChainExcerpt:
        """The links of records ``sequences`` and of their neighbours, and the head."""
        records = self.record.__table__.c
        wanted = neighbourhood(sequences)
        rows = []
        if wanted:
            rows = list(
                await session.execute(
                    select(records.sequence, records.id, records.prev_hash, records.record_hash)
                    .where(
                        records.installation_id == installation_id,
                        records.sequence.in_(sorted(wanted)),
                    )
                    .order_by(records.sequence)
                )
            )
        head = await session.get(self.head, installation_id)
        return ChainExcerpt(
            links=[Link(r[0], str(r[1]), r[2], r[3]) for r in rows],
            head=(head.sequence, head.head_hash) if head is not None else START,
        )
