"""What a buyer does with a claim: file it, write, answer an offer, escalate, withdraw.

Each function takes the caller's session (never commits), locks the installation's claim
log first (``transitions.open_claim`` / ``log.lock``), and returns what changed. Who may
act is decided by the API (the order's customer, or a guest with the order's email); what
may happen is decided by the state machine. Photos must have been checked first
(``photos.check``, outside the transaction); here they are only tied to their event.

Filing checks, in order: the reason is open for the order (``guidance``: CLOSED refuses,
NOT_OPEN_YET refuses when the shop blocks early claims, and otherwise unless the buyer
confirms filing early), the lines exist and are claimable (``quantities``), a message is
written. A claim is numbered per installation (#1, #2, ...) under the log lock. The shop's
rules may answer it at once with a refund offer (``automatic.py``). A filing may carry the
client's ``idempotency_key``: the same key on the same order again (a retry whose answer was
lost) returns the claim already filed and records nothing.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..orders.models import Order
from . import automatic, guidance, log, photos
from .errors import ClaimError, ClaimErrorCode, invalid
from .guidance import Availability
from .jobs import schedule_resolution
from .models import Claim, ClaimLine, ClaimReason, ResolutionKind, ResolutionStatus
from .quantities import LineRequest, claimable
from .states import Action
from .transitions import Step, clean_message, open_claim, open_offer, supersede_offers, take

KEY = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


async def file_claim(
    session: AsyncSession,
    order: Order,
    *,
    reason: ClaimReason,
    wished_resolution: ResolutionKind,
    lines: Sequence[LineRequest],
    message: str,
    who: log.Who,
    now: datetime,
    photo_ids: Sequence[uuid.UUID] = (),
    confirm_early: bool = False,
    idempotency_key: str | None = None,
) -> Claim:
    key = clean_key(idempotency_key)
    head = await log.lock(session, order.installation_id)
    if key is not None and (filed := await already_filed(session, order, key)) is not None:
        return filed  # a retry of a filing that went through: the same claim, nothing new
    shown = await guidance.for_order(session, order.installation_id, order, now)
    option = shown.option(reason)
    if option.availability is Availability.CLOSED:
        raise ClaimError(ClaimErrorCode.CLOSED, option.explanation, "reason")
    if option.availability is Availability.NOT_OPEN_YET and not (option.may_file and confirm_early):
        hint = "" if not option.may_file else " Confirm that you want to file it early."
        raise ClaimError(ClaimErrorCode.NOT_OPEN_YET, option.explanation + hint, "reason")
    text = clean_message(message, required=True)
    claimed = await _claim_lines(session, order, reason, lines)
    taken = await photos.take(session, order, photo_ids)
    head.carried["claims"] += 1
    claim = Claim(
        id=uuid.uuid4(),
        installation_id=order.installation_id,
        number=head.carried["claims"],
        order_id=order.id,
        reason=reason,
        wished_resolution=wished_resolution,
        status="",  # set by the FILE step
        customer_user_id=who.user_id,
        email=who.email,
        idempotency_key=key,
        created_at=now,
    )
    claim.lines = claimed
    claim.resolutions = []
    session.add(claim)
    data = {
        "number": claim.number,
        "order_id": order.saleor_id,
        "reason": reason,
        "wished_resolution": wished_resolution,
        "lines": [{"order_line_id": c.order_line_id, "quantity": c.quantity} for c in claimed],
        "filed_early": option.availability is Availability.NOT_OPEN_YET,
        "photos": photos.evidence(taken),
    }
    event = await take(session, head, claim, Step(Action.FILE, who, text, data=data), now)
    photos.link(taken, event)
    await automatic.offer_instant_refund(session, head, claim, order, shown.parcels, now)
    await session.flush()
    return claim


def clean_key(value: str | None) -> str | None:
    """The client's name for one filing: 1 to 64 letters, digits, ``-``, ``_``, ``.``, ``:``."""
    if value is None:
        return None
    if not KEY.fullmatch(value):
        raise invalid("idempotency_key", "Use 1 to 64 letters, digits, '-', '_', '.' or ':'.")
    return value


async def already_filed(session: AsyncSession, order: Order, key: str) -> Claim | None:
    """The claim filed on ``order`` under ``key``, if a filing with it went through."""
    return await session.scalar(
        select(Claim).where(
            Claim.installation_id == order.installation_id,
            Claim.order_id == order.id,
            Claim.idempotency_key == key,
        )
    )


async def send_message(
    session: AsyncSession,
    installation_id: uuid.UUID,
    claim_id: uuid.UUID,
    who: log.Who,
    message: str,
    now: datetime,
    photo_ids: Sequence[uuid.UUID] = (),
) -> Claim:
    """A message in the thread, from the buyer or from staff, with photos."""
    head, claim = await open_claim(session, installation_id, claim_id)
    text = clean_message(message, required=not photo_ids)
    taken = await photos.take(session, claim.order, photo_ids)
    change = Step(Action.MESSAGE, who, text, data={"photos": photos.evidence(taken)})
    photos.link(taken, await take(session, head, claim, change, now))
    await session.flush()
    return claim


async def answer_offer(
    session: AsyncSession,
    installation_id: uuid.UUID,
    claim_id: uuid.UUID,
    offer_id: uuid.UUID,
    who: log.Who,
    now: datetime,
    *,
    accept: bool,
    message: str | None = None,
) -> Claim:
    """Accept (the resolution is queued for Saleor, and tried once the transaction commits)
    or decline the offer on the table."""
    head, claim = await open_claim(session, installation_id, claim_id)
    offer = open_offer(claim)
    if offer is None or offer.id != offer_id:
        raise ClaimError(
            ClaimErrorCode.STALE_OFFER, "This offer is no longer the one on the table.", "offer_id"
        )
    action = Action.ACCEPT_OFFER if accept else Action.DECLINE_OFFER
    text = clean_message(message, required=False)
    await take(session, head, claim, Step(action, who, text, data={"offer_id": str(offer.id)}), now)
    if accept:
        offer.status = ResolutionStatus.SCHEDULED
        offer.accepted_at = now
        await schedule_resolution(session, offer, attempt_now=True)
    else:
        offer.status = ResolutionStatus.DECLINED
    await session.flush()
    return claim


async def escalate(
    session: AsyncSession,
    installation_id: uuid.UUID,
    claim_id: uuid.UUID,
    who: log.Who,
    now: datetime,
    message: str | None = None,
) -> Claim:
    """The buyer disputes a rejection or a missed deadline (once per claim)."""
    head, claim = await open_claim(session, installation_id, claim_id)
    change = Step(Action.ESCALATE, who, clean_message(message, required=False))
    await take(session, head, claim, change, now)
    claim.buyer_escalated = True
    await session.flush()
    return claim


async def withdraw(
    session: AsyncSession,
    installation_id: uuid.UUID,
    claim_id: uuid.UUID,
    who: log.Who,
    now: datetime,
    message: str | None = None,
) -> Claim:
    """The buyer takes the claim back; its quantities may be claimed again."""
    head, claim = await open_claim(session, installation_id, claim_id)
    change = Step(Action.WITHDRAW, who, clean_message(message, required=False))
    await take(session, head, claim, change, now)
    supersede_offers(claim)
    await session.flush()
    return claim


async def _claim_lines(
    session: AsyncSession, order: Order, reason: ClaimReason, lines: Sequence[LineRequest]
) -> list[ClaimLine]:
    if not lines and reason != ClaimReason.OTHER:
        raise ClaimError(ClaimErrorCode.REQUIRED, "Choose the items the claim is about.", "lines")
    by_id = {line.saleor_id: line for line in order.lines}
    if len({line.order_line_id for line in lines}) != len(lines):
        raise invalid("lines", "An item was chosen twice.")
    available = await claimable(session, order)
    claimed = []
    for position, wanted in enumerate(lines):
        line = by_id.get(wanted.order_line_id)
        if line is None:
            raise invalid("lines", f"The order has no line {wanted.order_line_id}.")
        if wanted.quantity < 1:
            raise invalid("lines", "A quantity must be at least 1.")
        if wanted.quantity > available.get(line.saleor_id, 0):
            raise ClaimError(
                ClaimErrorCode.QUANTITY_EXCEEDED,
                f"At most {available.get(line.saleor_id, 0)} of {line.product_name} can be "
                "claimed: the rest is already claimed or returned.",
                "lines",
            )
        claimed.append(
            ClaimLine(
                installation_id=order.installation_id,
                position=position,
                order_line_id=line.saleor_id,
                product_name=line.product_name,
                variant_name=line.variant_name,
                sku=line.sku,
                quantity=wanted.quantity,
            )
        )
    return claimed
