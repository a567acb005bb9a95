"""Collect the facts of one order (and claim) that a pack shows, in a fixed number of queries.

``gather`` reads, whatever the number of lines, parcels, photos and acceptances:

- the order record with its lines and fulfillments (``orders.record.get_order``: 3 queries);
- the acceptances bound to it with every accepted version's full text
  (``policies.binding.accepted_for_order``: 6 queries);
- the photos of its fulfillments, hidden ones included (``dispatch.queries``: 1 query);
- the installation's acceptance chain, recomputed (``policies.verify.verify``: a few
  queries per 500 records), and the links around the order's records with the chain's head
  (``policies.verify.excerpt``: 2 queries), which the pack carries for an auditor;
- for a claim pack, the claim section (``claim.gather_claim``).

Each acceptance is also checked on its own: its record hash recomputed from the stored row,
and each item's content hash against its version's. Photos are checked later, against
the bytes the pack reads from storage (``pack``).

No HTTP, no GraphQL: the facts are ORM rows and small dataclasses, read in the caller's
session and used after it closes (the sessionmaker does not expire on commit).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from ..dispatch.models import DispatchPhoto
from ..dispatch.queries import DISPATCHED, photos_by_fulfillment
from ..ledger.chain import ChainExcerpt
from ..orders import record
from ..orders.models import Fulfillment, Order
from ..policies.acceptance import record_hash
from ..policies.binding import accepted_for_order
from ..policies.models import Acceptance, AcceptanceItem
from ..policies.verify import VerifyReport, excerpt, verify
from .claim import ClaimSection
from .errors import not_found


@dataclass(frozen=True)
class Parcel:
    """A fulfillment with the photos staff took of it (oldest first)."""

    fulfillment: Fulfillment
    photos: list[DispatchPhoto]
    hidden: list[DispatchPhoto]

    @property
    def dispatched(self) -> bool:
        return self.fulfillment.status == DISPATCHED


@dataclass(frozen=True)
class RecordCheck:
    """One acceptance record recomputed: its hash, and each item's text against its version."""

    acceptance_id: uuid.UUID
    stored_hash: str
    recomputed_hash: str
    altered_items: list[uuid.UUID] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.stored_hash == self.recomputed_hash and not self.altered_items


@dataclass(frozen=True)
class Facts:
    installation_id: uuid.UUID
    order: Order
    acceptances: list[Acceptance]
    parcels: list[Parcel]
    record_checks: list[RecordCheck]
    chain: VerifyReport
    gathered_at: datetime
    links: ChainExcerpt
    claim: ClaimSection | None = None

    @property
    def photos(self) -> list[tuple[Parcel, DispatchPhoto]]:
        """Every photo shown to the buyer, parcel by parcel."""
        return [(parcel, photo) for parcel in self.parcels for photo in parcel.photos]

    def accepted(self) -> list[tuple[Acceptance, AcceptanceItem]]:
        return [(a, item) for a in self.acceptances for item in a.items]


async def gather(
    session: AsyncSession,
    installation_id: uuid.UUID,
    order_id: uuid.UUID,
    *,
    now: datetime,
    claim: ClaimSection | None = None,
) -> Facts:
    """The facts of an order (Foresight's id); NOT_FOUND when it is not this installation's."""
    # first: verify reloads acceptances with populate_existing, which would drop the full
    # texts loaded below; expire what it loaded so the reads below load afresh
    chain = await verify(session, installation_id)
    session.expire_all()
    order = await session.get(Order, order_id)
    if order is None or order.installation_id != installation_id:
        raise not_found("No such order.", "order_id")
    loaded = await record.get_order(session, installation_id, order.saleor_id)
    assert loaded is not None
    acceptances = await accepted_for_order(session, installation_id, loaded.saleor_id)
    photos = await photos_by_fulfillment(
        session, installation_id, [f.id for f in loaded.fulfillments], include_hidden=True
    )
    parcels = [
        Parcel(
            fulfillment=f,
            photos=[p for p in photos.get(f.id, []) if not p.hidden],
            hidden=[p for p in photos.get(f.id, []) if p.hidden],
        )
        for f in loaded.fulfillments
        if f.status == DISPATCHED or photos.get(f.id)
    ]
    links = await excerpt(session, installation_id, [a.sequence for a in acceptances])
    return Facts(
        installation_id=installation_id,
        order=loaded,
        acceptances=acceptances,
        parcels=parcels,
        record_checks=[_check(a) for a in acceptances],
        chain=chain,
        gathered_at=now,
        links=links,
        claim=claim,
    )


def _check(acceptance: Acceptance) -> RecordCheck:
    return RecordCheck(
        acceptance_id=acceptance.id,
        stored_hash=acceptance.record_hash,
        recomputed_hash=record_hash(acceptance),
        altered_items=[
            item.id for item in acceptance.items if item.content_hash != item.version.content_hash
        ],
    )
