"""Tie an acceptance to the order placed from its checkout, and read it back.

``bind_order`` finds the acceptance by the reference the API wrote into the checkout's
private metadata (Saleor copies it to the order), or, without one, takes the latest
acceptance of the order's checkout. A reference is believed only when it checks out against
our records: the record exists in this installation, its stored hash equals the reference's
hash and a fresh recomputation, its versions are the reference's, it belongs to the given
checkout and is not bound to another order. Otherwise the order is treated as having no
acceptance and ``reference_mismatch`` says why it was refused.

Completeness is decided on the order's own lines: every REQUIRED policy that applies to them
now must have one of its versions in the acceptance. A version accepted at checkout counts
even if a newer one was published before the order arrived (the buyer accepted what was
current then); a required policy that applies with no accepted version is ``missing``.
An order to which no required policy applies is complete without an acceptance.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from ..db import utcnow
from ..orders.models import Order
from .acceptance import record_hash, with_full_text
from .disclosure import Disclosure, disclose, load_current
from .models import Acceptance, AcceptanceItem, PolicyVersion
from .targeting import facts_from_order


@dataclass(frozen=True)
class Binding:
    acceptance: Acceptance | None
    complete: bool
    accepted: list[AcceptanceItem] = field(default_factory=list)
    missing: list[Disclosure] = field(default_factory=list)
    reference_mismatch: bool = False
    # why the reference or the record was refused, for the staff note
    mismatch_reason: str | None = None


async def bind_order(
    session: AsyncSession,
    installation_id: uuid.UUID,
    order: Order,
    reference: Mapping[str, Any] | None,
    checkout_id: str | None = None,
) -> Binding:
    """Find the order's acceptance, bind it to the order and say whether it is complete."""
    if "lines" in inspect(order).unloaded:
        await session.refresh(order, ["lines"])
    acceptance: Acceptance | None = None
    reason: str | None = None
    if reference is not None:
        acceptance, reason = await _by_reference(session, installation_id, reference)
    elif checkout_id is not None:
        acceptance = await _latest_for_checkout(session, installation_id, checkout_id)
    if acceptance is not None:
        reason = _refusal(acceptance, order, reference, checkout_id)
        if reason is not None:
            acceptance = None

    facts = facts_from_order(order, acceptance.language if acceptance else None)
    required = [
        d for d in disclose(await load_current(session, installation_id), facts, None) if d.required
    ]
    accepted_policies: set[uuid.UUID] = set()
    if acceptance is not None:
        versions = {item.version_id for item in acceptance.items}
        accepted_policies = set(
            await session.scalars(
                select(PolicyVersion.policy_id).where(PolicyVersion.id.in_(versions))
            )
        )
        if acceptance.order_id is None:
            acceptance.order_id = order.id
            acceptance.bound_at = utcnow()
            await session.flush()
    missing = [d for d in required if d.policy_id not in accepted_policies]
    return Binding(
        acceptance=acceptance,
        complete=not missing,
        accepted=list(acceptance.items) if acceptance else [],
        missing=missing,
        reference_mismatch=reason is not None,
        mismatch_reason=reason,
    )


async def accepted_for_order(
    session: AsyncSession, installation_id: uuid.UUID, order_saleor_id: str
) -> list[Acceptance]:
    """The acceptances bound to an order, oldest first, loaded as ``with_full_text`` says.

    Six queries whatever the number of acceptances, items, versions and languages.
    """
    result = await session.scalars(
        select(Acceptance)
        .join(Order, Acceptance.order_id == Order.id)
        .where(Acceptance.installation_id == installation_id, Order.saleor_id == order_saleor_id)
        .order_by(Acceptance.sequence)
        .options(*with_full_text())
    )
    return list(result)


def _refusal(
    acceptance: Acceptance,
    order: Order,
    reference: Mapping[str, Any] | None,
    checkout_id: str | None,
) -> str | None:
    if reference is not None:
        if reference.get("hash") != acceptance.record_hash:
            return "the reference's hash is not the record's"
        versions = reference.get("versions")
        if versions is not None and sorted(map(str, versions)) != sorted(
            str(item.version_id) for item in acceptance.items
        ):
            return "the reference's versions are not the record's"
    if record_hash(acceptance) != acceptance.record_hash:
        return "the record does not match its hash"
    if checkout_id is not None and acceptance.checkout_id != checkout_id:
        return "the acceptance belongs to another checkout"
    if acceptance.order_id is not None and acceptance.order_id != order.id:
        return "the acceptance is bound to another order"
    return None


async def _by_reference(
    session: AsyncSession, installation_id: uuid.UUID, reference: Mapping[str, Any]
) -> tuple[Acceptance | None, str | None]:
    try:
        acceptance_id = uuid.UUID(str(reference.get("id")))
    except ValueError:
        return None, "the reference has no valid id"
    acceptance = await session.scalar(
        select(Acceptance)
        .where(Acceptance.id == acceptance_id, Acceptance.installation_id == installation_id)
        .options(selectinload(Acceptance.items))
    )
    if acceptance is None:
        return None, "no acceptance with the reference's id"
    return acceptance, None


async def _latest_for_checkout(
    session: AsyncSession, installation_id: uuid.UUID, checkout_id: str
) -> Acceptance | None:
    return await session.scalar(
        select(Acceptance)
        .where(Acceptance.installation_id == installation_id, Acceptance.checkout_id == checkout_id)
        .order_by(Acceptance.sequence.desc())
        .limit(1)
        .options(selectinload(Acceptance.items))
    )
