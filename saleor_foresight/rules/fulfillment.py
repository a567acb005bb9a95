"""Dispatch guards: on FULFILLMENT_CREATED, a parcel of an order worth more than
``tracked_shipping_above`` that leaves without a tracking number, or to another address than
the order was placed with, warns staff, once per fulfillment:

* an order note in Saleor (staff see it on the order in the Dashboard);
* a Foresight notification (``notifications``), listed in the Dashboard's inbox;
* the packing queue flags the parcel (``dispatch/queries.py`` ranks it by its risk), and the
  order's dispute readiness shows the gap (``evidence/readiness.py``).

Above ``signature_above`` the warning asks for a signature on delivery too. When a tracking
number is added later (FULFILLMENT_TRACKING_NUMBER_UPDATED) and that was all the warning was
about, the notification is settled: marked read by Foresight. An address is
compared by its digest (``plugin/webhooks/orders.py``): the one ORDER_CREATED carried with
the one the fulfillment's delivery carries. PayPal's Seller Protection covers a parcel sent
to the address of the payment, not one a buyer asked for afterwards.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from ..money import format_money
from ..notifications.service import NotificationKind, notify, settle
from ..orders.models import Order
from ..saleor_calls import order_note
from . import service
from .decide import Rules, needs_signature, needs_tracking

TRACKING_ADDED = "Foresight: a tracking number was added"


class DispatchWarning(StrEnum):
    NO_TRACKING = "NO_TRACKING"
    ADDRESS_CHANGED = "ADDRESS_CHANGED"


def address_changed(order: Order) -> bool:
    """The shipping address now differs from the one the order was placed with (when known)."""
    placed, now = order.placed_address_digest, order.shipping_address_digest
    return placed is not None and now is not None and placed != now


def warnings_for(order: Order, tracking_number: str, rules: Rules) -> list[DispatchWarning]:
    """What is wrong with a parcel of ``order`` under ``rules``; empty when nothing is."""
    total = order.total_gross
    if total is None or rules.currency != order.currency or not needs_tracking(total, rules):
        return []
    found = []
    if not tracking_number.strip():
        found.append(DispatchWarning.NO_TRACKING)
    if address_changed(order):
        found.append(DispatchWarning.ADDRESS_CHANGED)
    return found


async def fulfillment_created(
    session: AsyncSession,
    installation_id: uuid.UUID,
    order: Order,
    fulfillment_id: str,
    tracking_number: str,
) -> list[DispatchWarning]:
    """Warn staff of a risky parcel (note, notification); the warnings raised."""
    rules = await service.get(session, installation_id, order.channel_slug)
    found = warnings_for(order, tracking_number, rules)
    if not found:
        return []
    assert order.total_gross is not None and order.currency is not None
    message = note(order.total_gross, order.currency, rules, found)
    await order_note(
        session,
        installation_id,
        order.saleor_id,
        message,
        dedupe_key=f"rules-dispatch-warning:{fulfillment_id}",
    )
    await notify(
        session,
        installation_id,
        NotificationKind.DISPATCH_WARNING,
        f"Order #{order.number}: {message.removeprefix('Foresight: ')}",
        dedupe_key=f"dispatch-warning:{fulfillment_id}",
        order_id=order.id,
        data={
            "fulfillment_id": fulfillment_id,
            "warnings": [str(w) for w in found],
            "signature": needs_signature(order.total_gross, rules),
        },
    )
    return found


async def tracking_added(
    session: AsyncSession, installation_id: uuid.UUID, fulfillment_id: str, tracking_number: str
) -> bool:
    """A tracking number arrived for a parcel warned of lacking one: if that was all the
    warning said, it is settled (marked read by Foresight); whether it was."""
    if not tracking_number.strip():
        return False
    return await settle(
        session,
        installation_id,
        f"dispatch-warning:{fulfillment_id}",
        only_if=lambda data: data.get("warnings") == [DispatchWarning.NO_TRACKING],
        by=TRACKING_ADDED,
    )


def note(total: Decimal, currency: str, rules: Rules, found: list[DispatchWarning]) -> str:
    threshold = rules.tracked_shipping_above
    assert threshold is not None  # a warning is raised only under a tracked-shipping rule
    text = (
        f"Foresight: this order ({format_money(total, currency)}) is above the tracked-shipping "
        f"threshold ({format_money(threshold, currency)})"
    )
    problems = []
    if DispatchWarning.NO_TRACKING in found:
        problems.append(
            'the fulfillment has no tracking number: add one, or a "not received" dispute '
            "cannot be answered"
        )
    if DispatchWarning.ADDRESS_CHANGED in found:
        problems.append(
            "the shipping address is no longer the one the order was placed with: a parcel "
            "sent elsewhere is not covered by seller protection; confirm the change with the "
            "buyer in writing before it leaves"
        )
    text += " but " + "; and ".join(problems) + "."
    if needs_signature(total, rules) and rules.signature_above is not None:
        text += (
            f" The order is above {format_money(rules.signature_above, currency)}: ship with a "
            "signature on delivery."
        )
    return text
