"""A channel's rules: read with defaults, changed by staff.

Amounts are in the channel's currency. Without a saved row a channel has no instant-refund
or tracked-shipping rule and asks for a signature above 750 in its own currency (PayPal and
eBay ask for one above 750 USD). When Foresight's order record knows the channel's
currency, rules in another currency are refused.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import utcnow
from ..orders.models import Order
from ..text import is_blank
from . import fallback
from .decide import DEFAULT_SIGNATURE_ABOVE, Rules
from .errors import RulesError, RulesErrorCode
from .fallback import CheckoutFallback, WhenUnreachable
from .models import ChannelRules

LABELS = {
    "instant_refund_below": "The instant-refund threshold",
    "tracked_shipping_above": "The tracked-shipping threshold",
    "signature_above": "The signature threshold",
}
THRESHOLDS = tuple(LABELS)
CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_AMOUNT = Decimal("1e15")
CHANNEL_LENGTH = 255  # channel_rules.channel_slug


async def known_currency(
    session: AsyncSession, installation_id: uuid.UUID, channel: str
) -> str | None:
    """The currency of the channel's latest order on record, if any."""
    query = (
        select(Order.currency)
        .where(
            Order.installation_id == installation_id,
            Order.channel_slug == channel,
            Order.currency.is_not(None),
        )
        .order_by(Order.created_at.desc())
        .limit(1)
    )
    return await session.scalar(query)


async def _row(
    session: AsyncSession, installation_id: uuid.UUID, channel: str, *, lock: bool = False
) -> ChannelRules | None:
    query = select(ChannelRules).where(
        ChannelRules.installation_id == installation_id, ChannelRules.channel_slug == channel
    )
    if lock:
        query = query.with_for_update()
    return await session.scalar(query)


def rules_of(row: ChannelRules) -> Rules:
    """A saved row as the decisions take it."""
    return Rules(
        channel=row.channel_slug,
        currency=row.currency,
        instant_refund_below=row.instant_refund_below,
        tracked_shipping_above=row.tracked_shipping_above,
        signature_above=row.signature_above,
        checkout_fallback=CheckoutFallback(
            when_unreachable=WhenUnreachable(row.when_unreachable),
            release_after_seconds=row.release_after_seconds,
            message=row.unreachable_message,
        ),
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


async def get(session: AsyncSession, installation_id: uuid.UUID, channel: str) -> Rules:
    """The channel's rules; the defaults (in the known currency, if any) when none are saved."""
    row = await _row(session, installation_id, channel)
    if row is not None:
        return rules_of(row)
    return Rules(channel=channel, currency=await known_currency(session, installation_id, channel))


async def update(
    session: AsyncSession,
    installation_id: uuid.UUID,
    channel: str,
    currency: str | None,
    amounts: Mapping[str, Decimal | None],
    by: str,
    checkout_fallback: Mapping[str, Any] | None = None,
) -> Rules:
    """Set the thresholds named in ``amounts`` (None clears one) and the checkout fallback
    fields named in ``checkout_fallback``; others keep their value. A currency is needed only
    to set an amount."""
    if is_blank(channel):
        raise RulesError(RulesErrorCode.REQUIRED, "Name the channel.", "channel")
    if len(channel) > CHANNEL_LENGTH:
        raise RulesError(
            RulesErrorCode.INVALID,
            f"A channel slug has at most {CHANNEL_LENGTH} characters.",
            "channel",
        )
    for name, value in amounts.items():
        if name not in THRESHOLDS:
            raise ValueError(f"not a threshold: {name}")
        if value is None:
            continue
        if not value.is_finite():
            raise RulesError(RulesErrorCode.INVALID, f"{LABELS[name]} must be a number.", name)
        if value < 0:
            raise RulesError(RulesErrorCode.NEGATIVE, f"{LABELS[name]} cannot be negative.", name)
        if value >= MAX_AMOUNT:
            raise RulesError(RulesErrorCode.INVALID, f"{LABELS[name]} is too large.", name)
    fallback_changes = fallback.checked(checkout_fallback or {})
    if currency is not None:
        currency = currency.strip().upper()
        if not CURRENCY.match(currency):
            raise RulesError(
                RulesErrorCode.INVALID,
                "The currency must be an ISO 4217 code, such as EUR.",
                "currency",
            )
    row = await _row(session, installation_id, channel, lock=True)
    known = await known_currency(session, installation_id, channel)
    chosen = currency or (row.currency if row is not None else None) or known
    setting_amounts = any(value is not None for value in amounts.values())
    if chosen is None and (setting_amounts or not fallback_changes):
        raise RulesError(
            RulesErrorCode.REQUIRED,
            "No order of this channel is on record yet: name its currency.",
            "currency",
        )
    if known is not None and chosen != known:
        raise RulesError(
            RulesErrorCode.CURRENCY_MISMATCH,
            f"The channel's orders are in {known}, not {chosen}.",
            "currency",
        )
    if row is None:
        row = ChannelRules(
            installation_id=installation_id,
            channel_slug=channel,
            currency=chosen,
            signature_above=DEFAULT_SIGNATURE_ABOVE,
            when_unreachable=WhenUnreachable.RELEASE.value,
            release_after_seconds=fallback.DEFAULT_RELEASE_AFTER_SECONDS,
        )
        session.add(row)
    row.currency = chosen
    for name, value in {**amounts, **fallback_changes}.items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    row.updated_by = by
    await session.flush()
    return rules_of(row)
