"""On ORDER_CREATED: bind the buyer's acceptance to the order and tell staff what it says.

The reference the checkout carried (private metadata ``foresight.acceptance``, copied to the
order by Saleor) is cross-checked with our own records; without one, the checkout's latest
acceptance is used. The outcome is written back to Saleor by jobs: a summary in the order's
private metadata, an order note staff read in the Dashboard, and — in a strict channel — an
``orderConfirm`` only when every required disclosure was accepted.

An order without acceptance whose checkout carries ``foresight.unreachable`` (public metadata
the storefront widget writes when it could not reach Foresight and let the buyer pay, as the
channel's checkout fallback allows) is flagged ``FORESIGHT_UNREACHABLE``. Anyone holding the
checkout id can write public metadata, so the flag only explains the gap to staff: it never
stands in for an acceptance.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ... import bodies
from ...orders.models import Order
from ...policies.binding import Binding, bind_order
from ...policies.models import PolicyVersion
from ...saleor_calls import order_confirm, order_note, private_metadata
from ...settings import Settings
from ..models import Installation

REFERENCE_KEY = "foresight.acceptance"
SUMMARY_KEY = "foresight.acceptance.summary"
UNREACHABLE_KEY = "foresight.unreachable"


class AcceptanceStatus:
    COMPLETE = "COMPLETE"
    MISSING = "MISSING"
    NOT_REQUIRED = "NOT_REQUIRED"


class UnacceptedReason:
    FORESIGHT_UNREACHABLE = "FORESIGHT_UNREACHABLE"


async def bind_new_order(
    session: AsyncSession, settings: Settings, installation: Installation, order: Order
) -> Binding:
    binding = await bind_order(
        session,
        installation.id,
        order,
        _reference(order.foresight_metadata),
        checkout_id=order.checkout_id,
    )
    status = _status(binding)
    order.acceptance_status = status
    unreachable = status == AcceptanceStatus.MISSING and UNREACHABLE_KEY in (
        order.foresight_metadata or {}
    )
    order.unaccepted_reason = UnacceptedReason.FORESIGHT_UNREACHABLE if unreachable else None
    summary = {**_summary(binding), "reason": order.unaccepted_reason}
    await private_metadata(
        session,
        installation.id,
        order.saleor_id,
        {SUMMARY_KEY: json.dumps(summary)},
        dedupe_key=f"order-acceptance-summary:{order.saleor_id}",
    )
    strict = settings.strict_acceptance(order.channel_slug)
    if status != AcceptanceStatus.NOT_REQUIRED or binding.acceptance is not None:
        accepted_ids = [item.version_id for item in binding.accepted]
        rows = await session.execute(
            select(PolicyVersion.id, PolicyVersion.number).where(PolicyVersion.id.in_(accepted_ids))
        )
        numbers = {version_id: number for version_id, number in rows}
        await order_note(
            session,
            installation.id,
            order.saleor_id,
            note(binding, numbers, strict, order.status, unreachable=unreachable),
            dedupe_key=f"order-acceptance-note:{order.saleor_id}",
        )
    if strict and binding.complete and order.status == "UNCONFIRMED":
        await order_confirm(
            session, installation.id, order.saleor_id, dedupe_key=f"order-confirm:{order.saleor_id}"
        )
    return binding


def note(
    binding: Binding,
    version_numbers: Mapping[uuid.UUID, int],
    strict: bool,
    status: str,
    *,
    unreachable: bool = False,
) -> str:
    """The order note staff read in the Dashboard; ``status`` is the order's as Saleor issued
    it in ORDER_CREATED, so strict mode claims to hold only what Saleor left unconfirmed."""
    parts = []
    acceptance = binding.acceptance
    if acceptance is not None and binding.accepted:
        accepted = ", ".join(
            f"{item.title} v{version_numbers.get(item.version_id, '?')} "
            f"(sha256 {item.content_hash[:12]}…)"
            for item in binding.accepted
        )
        who = acceptance.customer_user_id and f"customer {acceptance.customer_user_id}"
        who = who or (acceptance.email and f"email {acceptance.email}") or "an unknown buyer"
        parts.append(
            f"Foresight: accepted before paying: {accepted}, at "
            f"{acceptance.accepted_at:%Y-%m-%d %H:%M:%S} UTC by {who} "
            f"from {acceptance.ip or 'an unknown address'} (record {acceptance.record_hash[:12]}…)."
        )
    if binding.reference_mismatch:
        parts.append(f"Foresight: the acceptance reference was refused: {binding.mismatch_reason}.")
    if binding.missing:
        missing = ", ".join(f"{d.title} v{d.version_number}" for d in binding.missing)
        parts.append(f"Foresight: NO acceptance recorded for required disclosure(s): {missing}.")
        if unreachable:
            parts.append(
                "Placed without acceptance: Foresight was unreachable at checkout (the buyer's "
                "browser said so; the storefront let them pay, as the channel's checkout "
                "fallback allows)."
            )
        if strict and status == "UNCONFIRMED":
            parts.append("Left unconfirmed (strict mode): confirm it yourself once settled.")
        elif strict:
            parts.append(
                f"Saleor had already confirmed this order (status {status}; the channel "
                "confirms all new orders automatically): strict mode could not hold it. Turn "
                "off “Automatically confirm all new orders” for the channel in Saleor."
            )
    return " ".join(parts)


def _status(binding: Binding) -> str:
    if binding.missing:
        return AcceptanceStatus.MISSING
    if binding.acceptance is None:
        return AcceptanceStatus.NOT_REQUIRED
    return AcceptanceStatus.COMPLETE


def _summary(binding: Binding) -> dict[str, Any]:
    acceptance = binding.acceptance
    return {
        "status": _status(binding),
        "acceptance": str(acceptance.id) if acceptance else None,
        "hash": acceptance.record_hash if acceptance else None,
        "versions": [str(item.version_id) for item in binding.accepted],
        "missing": [str(d.version_id) for d in binding.missing],
    }


def _reference(metadata: Mapping[str, Any] | None) -> dict[str, Any] | None:
    raw = (metadata or {}).get(REFERENCE_KEY)
    if not isinstance(raw, str):
        return None
    try:
        parsed = bodies.loads(raw)
    except bodies.NotJson:
        return None
    return parsed if isinstance(parsed, dict) else None
