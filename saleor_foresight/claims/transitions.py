"""Taking one step on a claim: lock, check the table, move the deadline, log the event.

Every change to a claim goes through ``open_claim`` (which locks the installation's claim
log first, then reads the claim fresh) and ``take`` (which asks ``states.step`` whether the
step is allowed, applies the table's deadline rule, stamps escalation and closing times,
and appends the event). A restarted deadline schedules a sweep in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from .. import text as free_text
from . import config, log
from .deadlines import end_of_business_days
from .errors import ClaimError, ClaimErrorCode, invalid, not_found
from .jobs import schedule_sweep
from .models import Claim, ClaimEvent, ClaimResolution, ResolutionStatus
from .states import CLOSED, Action, ClaimStatus, Deadline, Facts, step

MESSAGE_MAX = 5000
OPEN_OFFER = ResolutionStatus.OFFERED
CARRIED_OUT = frozenset({
    ResolutionStatus.SCHEDULED, ResolutionStatus.RETRYING, ResolutionStatus.WAITING_FOR_SALEOR,
    ResolutionStatus.DONE, ResolutionStatus.FAILED,
})  # fmt: skip


@dataclass(frozen=True)
class Step:
    action: Action
    who: log.Who
    message: str | None = None
    internal: bool = False
    data: Mapping[str, Any] = field(default_factory=dict)


async def open_claim(
    session: AsyncSession, installation_id: uuid.UUID, claim_id: uuid.UUID
) -> tuple[log.Head, Claim]:
    """Lock the log, then read the claim as it is now (with lines, resolutions, order)."""
    head = await log.lock(session, installation_id)
    claim = await session.scalar(
        select(Claim)
        .where(Claim.installation_id == installation_id, Claim.id == claim_id)
        .options(
            selectinload(Claim.lines),
            selectinload(Claim.resolutions),
            selectinload(Claim.order),
        )
        .execution_options(populate_existing=True)
    )
    if claim is None:
        raise not_found("No such claim.", "claim_id")
    return head, claim


def facts_of(claim: Claim, now: datetime) -> Facts:
    current = carried_out(claim)
    return Facts(
        deadline_missed=claim.due_at is not None and now >= claim.due_at,
        buyer_escalated=claim.buyer_escalated,
        resolution_failed=current is not None and current.status == ResolutionStatus.FAILED,
    )


def open_offer(claim: Claim) -> ClaimResolution | None:
    return next((r for r in reversed(claim.resolutions) if r.status == OPEN_OFFER), None)


def carried_out(claim: Claim) -> ClaimResolution | None:
    """The resolution being carried out (or carried out) last, if any."""
    return next((r for r in reversed(claim.resolutions) if r.status in CARRIED_OUT), None)


def supersede_offers(claim: Claim) -> None:
    for resolution in claim.resolutions:
        if resolution.status == OPEN_OFFER:
            resolution.status = ResolutionStatus.SUPERSEDED


async def take(
    session: AsyncSession, head: log.Head, claim: Claim, change: Step, now: datetime
) -> ClaimEvent:
    """Apply one step the table allows to ``claim`` and log it."""
    before = ClaimStatus(claim.status) if claim.status else None
    transition = step(before, change.action, change.who.actor, facts_of(claim, now))
    claim.status = transition.to
    if transition.deadline is Deadline.RESTART:
        settings = await config.get(session, claim.installation_id)
        claim.due_at = end_of_business_days(
            now, settings.response_days, config.calendar_of(settings)
        )
        claim.overdue_notified_at = None
        await schedule_sweep(session, claim.installation_id, claim.due_at)
    elif transition.deadline is Deadline.STOP:
        claim.due_at = None
        claim.overdue_notified_at = None
    if transition.to == ClaimStatus.ESCALATED and before != ClaimStatus.ESCALATED:
        claim.escalated_at = now
    if transition.to in CLOSED and before not in CLOSED:
        claim.closed_at = now
    elif transition.to not in CLOSED:
        claim.closed_at = None
    claim.updated_at = now
    data = dict(change.data)
    if transition.deadline is not Deadline.KEEP:
        data["due_at"] = claim.due_at.isoformat() if claim.due_at else None
    return await log.append(
        session,
        head,
        claim,
        change.action,
        change.who,
        from_status=before,
        message=change.message,
        internal=change.internal,
        data=data,
    )


def clean_message(text: str | None, *, required: bool, field: str = "message") -> str | None:
    """A message as kept (``text.clean``): unfit text refused, blank text is no message."""
    try:
        cleaned = free_text.clean(text)
    except free_text.UnfitText as unfit:
        raise invalid(field, str(unfit)) from None
    if not cleaned:
        if required:
            raise ClaimError(ClaimErrorCode.REQUIRED, "Write a message.", field)
        return None
    if len(cleaned) > MESSAGE_MAX:
        raise ClaimError(
            ClaimErrorCode.TOO_LONG, f"A message may have at most {MESSAGE_MAX} characters.", field
        )
    return cleaned
