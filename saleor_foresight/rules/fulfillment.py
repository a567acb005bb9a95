"""On FULFILLMENT_CREATED: a parcel worth more than ``tracked_shipping_above`` shipped
without a tracking number gets one order note for staff (once per fulfillment), asking
for a signature on delivery too when the order is above ``signature_above``."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from ..orders.models import Order
from ..plugin.saleor_jobs import saleor_call
from . import service
from .decide import Rules, needs_signature, needs_tracking


async def fulfillment_created(
    session: AsyncSession,
    installation_id: uuid.UUID,
    order: Order,
    fulfillment_id: str,
    tracking_number: str,
) -> None:
    total = order.total_gross
    if tracking_number.strip() or total is None or order.currency is None:
        return
    rules = await service.get(session, installation_id, order.channel_slug)
    if rules.currency != order.currency or not needs_tracking(total, rules):
        return
    await saleor_call(
        session,
        installation_id,
        "order_note_add",
        {"order_id": order.saleor_id, "message": note(total, order.currency, rules)},
        dedupe_key=f"rules-tracking-missing:{fulfillment_id}",
    )


def note(total: Decimal, currency: str, rules: Rules) -> str:
    text = (
        f"Foresight: this order ({total} {currency}) is above the tracked-shipping threshold "
        f"({rules.tracked_shipping_above} {currency}) but the fulfillment has no tracking "
        'number. Add one: without it a "not received" dispute cannot be answered.'
    )
    if needs_signature(total, rules):
        text += (
            f" The order is above {rules.signature_above} {currency}: ship with a signature "
            "on delivery."
        )
    return text
