"""What the claim mutations share: one step on a claim, run the Saleor job at once, show it.

A step checks the viewer may read the claim's order, takes the step in one transaction
(the domain locks the claim log and asks the state machine), then, after commit, tries the
job the step queued (carrying out a resolution) at once, and answers the claim as it is
after that. Expected refusals are payload errors; a staff-only step asked by anyone else
is a PERMISSION_DENIED GraphQL error, as for every staff field.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from ....claims import log
from ....claims.errors import ClaimError
from ....claims.quantities import LineRequest
from ....claims.resolution import ResolutionRequest
from ....db import utcnow
from ....jobs.models import Job
from ...context import Info
from ..common import CLAIM, claim_for, decode, staff_who, who
from ..enums import ClaimErrorType, ClaimResolutionKind, errors_of
from ..types import ClaimType

Act = Callable[[AsyncSession, uuid.UUID, log.Who, datetime], Awaitable[Job | None]]


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


async def claim_step(
    info: Info, id: str, email: str | None, act: Act, *, staff: bool = False
) -> tuple[ClaimType | None, list[ClaimErrorType]]:
    context = info.context
    actor = staff_who(context) if staff else who(context, email)
    try:
        claim_id = decode(id, CLAIM, "claim_id")
        async with context.transaction() as session:
            await claim_for(context, session, claim_id, email)
            job = await act(session, claim_id, actor, utcnow())
    except ClaimError as error:
        return None, errors_of(error)
    if job is not None:
        await context.run_job_now(job.id)
    return await claim_view(info, claim_id, email), []


async def claim_view(info: Info, claim_id: uuid.UUID, email: str | None) -> ClaimType:
    """The claim as it is now, read fresh after the step's commit."""
    async with info.context.reading() as session:
        return ClaimType(row=await claim_for(info.context, session, claim_id, email))
