"""What the claim mutations share: one step on a claim, in one transaction, then the claim.

A step checks the viewer may read the claim's order and takes the step in one transaction
(``claim_step``; the domain locks the claim log and asks the state machine). A step that
queues carrying out a resolution has it tried at once when the transaction commits
(``Context.transaction``), so the claim the mutation answers (``claim_view``, read after
that) shows how it went. Expected refusals are payload errors; a staff-only step asked by
anyone else is a PERMISSION_DENIED GraphQL error, as for every staff field.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from ....claims import log
from ....claims.quantities import LineRequest
from ....claims.resolution import ResolutionRequest
from ....db import utcnow
from ...context import Info
from ..common import CLAIM, claim_for, decode, staff_who, who
from ..enums import ClaimResolutionKind
from ..types import ClaimType


@strawberry.input
class ClaimLineInput:
    order_line_id: strawberry.ID = strawberry.field(description="Saleor's order line ID.")
    quantity: int


@strawberry.input(description="A resolution: what, for which lines, and how much.")
class ClaimResolutionInput:
    kind: ClaimResolutionKind
    lines: list[ClaimLineInput] = strawberry.field(
        default_factory=list, description="Empty: every claimed line, as claimed."
    )
    amount: Decimal | None = strawberry.field(default=None, description="PARTIAL_REFUND only.")
    include_shipping: bool = strawberry.field(
        default=False, description="Refund the shipping too (REFUND, RETURN_AND_REFUND)."
    )

    def to_domain(self) -> ResolutionRequest:
        return ResolutionRequest(
            kind=self.kind,
            lines=lines_of(self.lines),
            amount=self.amount,
            include_shipping=self.include_shipping,
        )


def lines_of(lines: list[ClaimLineInput]) -> list[LineRequest]:
    return [LineRequest(str(line.order_line_id), line.quantity) for line in lines]


@dataclass(frozen=True)
class Step:
    """What a step on a claim is taken with: the transaction, the claim, who acts, when."""

    session: AsyncSession
    installation_id: uuid.UUID
    claim_id: uuid.UUID
    who: log.Who
    now: datetime


@asynccontextmanager
async def claim_step(
    info: Info, id: str, email: str | None, *, staff: bool = False
) -> AsyncIterator[Step]:
    """A step on the claim ``id`` by the viewer (``staff``: staff only), committed when the
    block ends; a ClaimError (an ID that is none, a claim the viewer may not read, a step
    the state machine refuses) rolls it back and is the caller's to answer."""
    context = info.context
    actor = staff_who(context) if staff else who(context, email)
    claim_id = decode(id, CLAIM, "claim_id")
    async with context.transaction() as session:
        await claim_for(context, session, claim_id, email)
        yield Step(session, context.installation.id, claim_id, actor, utcnow())


async def claim_view(info: Info, claim_id: uuid.UUID, email: str | None) -> ClaimType:
    """The claim as it is now, read fresh after the step's commit."""
    async with info.context.reading() as session:
        return ClaimType(row=await claim_for(info.context, session, claim_id, email))
