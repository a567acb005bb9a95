"""Automatic decisions: the shop's rules answering a claim the moment it is filed.

``instant_refund_below`` (``rules/decide.py``): a NOT_RECEIVED or DAMAGED claim on an order
worth less than the threshold, filed once the claimed goods' expected delivery has passed,
gets a refund offer at once. The buyer accepts it in one step and it is carried out through
the claims queue like any refund. The offer is logged as a SYSTEM step naming the rule and
the facts it saw (order total, threshold, expected delivery), and the resolution keeps the
rule's name in ``decided_by_rule``: staff and the report can tell it from a staff decision.

When does it not apply: another reason; no rule, or rules in another currency than the
order's; the order's total unknown, equal to the threshold or above; a claimed item not yet
in a shipped parcel (its delivery is not expected yet); or the latest expected delivery of
the parcels holding the claimed items not yet passed. The claim then waits for staff as
usual. The offer covers the claimed lines; shipping too when the buyer says nothing of
the whole order arrived (NOT_RECEIVED for every item in full).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from ..orders.models import Order
from ..rules import service as rules_service
from ..rules.decide import instant_refund_allowed
from . import log
from .guidance import Parcel
from .models import Claim, ClaimReason, ClaimResolution, ResolutionKind, ResolutionStatus
from .resolution import ResolutionRequest, build, data_of
from .states import Action
from .transitions import Step, take

INSTANT_REFUND = "instant_refund_below"
REASONS = frozenset({ClaimReason.NOT_RECEIVED, ClaimReason.DAMAGED})
MESSAGE = (
    "The shop refunds this straight away: accept the refund below and it is paid back to "
    "you. If you would rather have something else, decline it and the shop will answer."
)


def expected_delivery(parcels: Sequence[Parcel], claim: Claim) -> datetime | None:
    """When the last of the claimed items was expected to arrive, from the order's shipped
    parcels as the guidance sees them; None while a claimed item is not in one."""
    shipped: Counter[str] = Counter()
    expected: dict[str, datetime] = {}
    for parcel in parcels:
        for line in parcel.fulfillment.lines:
            key = str(line["order_line_id"])
            shipped[key] += int(line["quantity"])
            expected[key] = max(parcel.expected_by, expected.get(key, parcel.expected_by))
    if not claim.lines or any(shipped[c.order_line_id] < c.quantity for c in claim.lines):
        return None
    return max(expected[c.order_line_id] for c in claim.lines)


async def offer_instant_refund(
    session: AsyncSession,
    head: log.Head,
    claim: Claim,
    order: Order,
    parcels: Sequence[Parcel],
    now: datetime,
) -> ClaimResolution | None:
    """Offer a refund if the channel's ``instant_refund_below`` applies to this new claim."""
    total = order.total_gross
    if claim.reason not in REASONS or total is None or order.currency is None:
        return None
    rules = await rules_service.get(session, order.installation_id, order.channel_slug)
    if rules.instant_refund_below is None or rules.currency != order.currency:
        return None
    expected = expected_delivery(parcels, claim)
    if not instant_refund_allowed(total, rules, now, expected):
        return None
    whole_order = claim.reason == ClaimReason.NOT_RECEIVED and _covers_order(claim, order)
    request = ResolutionRequest(kind=ResolutionKind.REFUND, include_shipping=whole_order)
    made = build(claim, request, log.SYSTEM, ResolutionStatus.OFFERED)
    made.created_at = now
    made.decided_by_rule = INSTANT_REFUND
    assert expected is not None  # instant_refund_allowed refuses an unknown delivery date
    data = {
        **data_of(made),
        "rule": {
            "name": INSTANT_REFUND,
            "threshold": str(rules.instant_refund_below),
            "currency": rules.currency,
            "order_total": str(total),
            "expected_delivery": expected.isoformat(),
        },
    }
    await take(session, head, claim, Step(Action.OFFER, log.SYSTEM, MESSAGE, data=data), now)
    claim.resolutions.append(made)
    return made


def _covers_order(claim: Claim, order: Order) -> bool:
    claimed = {line.order_line_id: line.quantity for line in claim.lines}
    return all(claimed.get(line.saleor_id, 0) >= line.quantity for line in order.lines)
