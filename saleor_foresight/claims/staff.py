"""What staff do with a claim: assign, ask, offer, reject, resolve or settle, note, retry.

Each takes the caller's session and the staff member (``Who`` with actor STAFF), locks the
claim log first and returns the claim (and, when Saleor must act, the job to try at once
after commit). A new offer replaces the one on the table; rejecting, settling or resolving
directly withdraws any offer still open, so a buyer can never accept a stale one.

``resolve`` carries a resolution out without asking the buyer (staff grant what the buyer
wished, or more); ``settle`` closes the claim as resolved with nothing to do in Saleor
(the parcel turned up; the buyer was refunded some other way, e.g. an order paid through a
legacy payment plugin, refunded in the Dashboard). Settling a RESOLVING claim is allowed
only once its resolution FAILED, so a refund in flight is never hidden by a manual close.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from ..text import is_blank
from . import log
from .errors import ClaimError, ClaimErrorCode, invalid
from .jobs import schedule_resolution
from .models import EMAIL_LENGTH, Claim, ResolutionStatus
from .resolution import ResolutionRequest, build, data_of
from .states import Action
from .transitions import Step, carried_out, clean_message, open_claim, supersede_offers, take

SALEOR_ID_LENGTH = 255


class RejectionCode(StrEnum):
    """Why staff reject a claim; the buyer sees the code's meaning and the message."""

    DELIVERED = "DELIVERED"  # tracking shows the parcel delivered
    NO_EVIDENCE = "NO_EVIDENCE"  # nothing supports the claim (photos asked for, none came)
    OUTSIDE_POLICY = "OUTSIDE_POLICY"  # outside the accepted terms (e.g. the return window)
    DISCLOSED = "DISCLOSED"  # the difference was disclosed and accepted at checkout
    DUPLICATE = "DUPLICATE"  # the same problem is handled in another claim
    OTHER = "OTHER"


async def assign(
    session: AsyncSession,
    installation_id: uuid.UUID,
    claim_id: uuid.UUID,
    who: log.Who,
    now: datetime,
    *,
    assignee_id: str | None,
    assignee_email: str | None,
) -> Claim:
    """Give the claim to a staff member (by Saleor user id), or to nobody."""
    assignee_id = None if is_blank(assignee_id) else (assignee_id or "").strip()
    assignee_email = None if is_blank(assignee_email) else (assignee_email or "").strip()
    if assignee_id is None and assignee_email is not None:
        raise invalid("assignee_id", "Name the staff member by their Saleor user id.")
    if assignee_id is not None and len(assignee_id) > SALEOR_ID_LENGTH:
        raise invalid("assignee_id", f"A user id has at most {SALEOR_ID_LENGTH} characters.")
    if assignee_email is not None and len(assignee_email) > EMAIL_LENGTH:
        raise invalid("assignee_email", f"An email has at most {EMAIL_LENGTH} characters.")
    head, claim = await open_claim(session, installation_id, claim_id)
    data = {"assignee_id": assignee_id, "assignee_email": assignee_email}
    await take(session, head, claim, Step(Action.ASSIGN, who, internal=True, data=data), now)
    claim.assignee_id, claim.assignee_email = assignee_id, assignee_email
    await session.flush()
    return claim


async def request_info(
    session: AsyncSession,
    installation_id: uuid.UUID,
    claim_id: uuid.UUID,
    who: log.Who,
    now: datetime,
    message: str,
) -> Claim:
    head, claim = await open_claim(session, installation_id, claim_id)
    change = Step(Action.REQUEST_INFO, who, clean_message(message, required=True))
    await take(session, head, claim, change, now)
    await session.flush()
    return claim


async def offer(
    session: AsyncSession,
    installation_id: uuid.UUID,
    claim_id: uuid.UUID,
    who: log.Who,
    now: datetime,
    request: ResolutionRequest,
    message: str | None = None,
) -> Claim:
    head, claim = await open_claim(session, installation_id, claim_id)
    made = build(claim, request, who, ResolutionStatus.OFFERED)
    made.created_at = now
    change = Step(Action.OFFER, who, clean_message(message, required=False), data=data_of(made))
    await take(session, head, claim, change, now)
    supersede_offers(claim)
    claim.resolutions.append(made)
    await session.flush()
    return claim


async def reject(
    session: AsyncSession,
    installation_id: uuid.UUID,
    claim_id: uuid.UUID,
    who: log.Who,
    now: datetime,
    code: RejectionCode,
    message: str,
) -> Claim:
    head, claim = await open_claim(session, installation_id, claim_id)
    text = clean_message(message, required=True)
    await take(session, head, claim, Step(Action.REJECT, who, text, data={"code": code}), now)
    claim.rejection_code = code
    supersede_offers(claim)
    await session.flush()
    return claim


async def resolve(
    session: AsyncSession,
    installation_id: uuid.UUID,
    claim_id: uuid.UUID,
    who: log.Who,
    now: datetime,
    request: ResolutionRequest | None,
    message: str | None = None,
) -> Claim:
    """Carry a resolution out in Saleor now (its job is tried once the transaction commits),
    or (``request`` None) settle the claim."""
    head, claim = await open_claim(session, installation_id, claim_id)
    text = clean_message(message, required=False)
    if request is None:
        await take(session, head, claim, Step(Action.SETTLE, who, text), now)
        supersede_offers(claim)
        await session.flush()
        return claim
    decided = build(claim, request, who, ResolutionStatus.SCHEDULED)
    decided.created_at = decided.accepted_at = now
    await take(session, head, claim, Step(Action.RESOLVE, who, text, data=data_of(decided)), now)
    supersede_offers(claim)
    claim.resolutions.append(decided)
    await session.flush()
    await schedule_resolution(session, decided, attempt_now=True)
    return claim


async def note(
    session: AsyncSession,
    installation_id: uuid.UUID,
    claim_id: uuid.UUID,
    who: log.Who,
    now: datetime,
    message: str,
) -> Claim:
    """An internal note: staff see it, the buyer never does."""
    head, claim = await open_claim(session, installation_id, claim_id)
    change = Step(Action.NOTE, who, clean_message(message, required=True), internal=True)
    await take(session, head, claim, change, now)
    await session.flush()
    return claim


async def retry_resolution(
    session: AsyncSession,
    installation_id: uuid.UUID,
    claim_id: uuid.UUID,
    who: log.Who,
    now: datetime,
) -> Claim:
    """Try a FAILED resolution again from the step where it stopped (at once, once the
    transaction commits)."""
    head, claim = await open_claim(session, installation_id, claim_id)
    current = carried_out(claim)
    await take(session, head, claim, Step(Action.RETRY_RESOLUTION, who, internal=True), now)
    if current is None:  # the guard refused already; this keeps type checkers sure
        raise ClaimError(ClaimErrorCode.NOT_ALLOWED, "Nothing to retry.")
    current.status = ResolutionStatus.SCHEDULED
    current.attempts = 0
    current.failed_at = None
    if current.granted_refund_id is not None:
        # the payment provider refused: ask it again for the same granted refund
        current.refund_requested_at = None
        current.refund_requests_before = None
    await schedule_resolution(session, current, attempt_now=True)
    await session.flush()
    return claim
