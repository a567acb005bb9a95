"""An installation's claim settings: read with defaults, changed by staff.

Defaults, chosen for a small shop: staff answer within 3 business days (UTC until the shop
names its zone); a shipping method without a maximum delivery time is taken to deliver in
7 business days; a "not received" claim opens 2 business days after the expected delivery
(carriers run late; a buyer told "wait until Thursday" rarely goes to PayPal on Tuesday);
returns are open for 14 days after the expected delivery when the buyer accepted no return
terms (the EU withdrawal period); and an early claim only warns, never blocks: a buyer who
cannot file in the shop files with PayPal. A change applies to deadlines set from then on;
running deadlines keep their date.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from ..db import utcnow
from .deadlines import Calendar, calendar
from .errors import invalid
from .models import ClaimSettings

DEFAULTS = {
    "response_days": 3,
    "time_zone": "UTC",
    "default_delivery_days": 7,
    "grace_days": 2,
    "return_days": 14,
    "block_before_open": False,
}
LIMITS = {
    "response_days": (1, 30),
    "default_delivery_days": (1, 120),
    "grace_days": (0, 60),
    "return_days": (0, 365),
}
MAX_HOLIDAYS = 400


@dataclass(frozen=True)
class SettingsChange:
    """What staff change; None leaves a setting as it is."""

    response_days: int | None = None
    time_zone: str | None = None
    default_delivery_days: int | None = None
    grace_days: int | None = None
    return_days: int | None = None
    block_before_open: bool | None = None
    holidays: list[date] | None = None


async def get(session: AsyncSession, installation_id: uuid.UUID) -> ClaimSettings:
    """The installation's settings; an unsaved row of defaults when it has none."""
    row = await session.get(ClaimSettings, installation_id)
    if row is None:
        row = ClaimSettings(installation_id=installation_id, holidays=[], **DEFAULTS)
    return row


def calendar_of(settings: ClaimSettings) -> Calendar:
    return calendar(settings.time_zone, settings.holidays or ())


async def update(
    session: AsyncSession, installation_id: uuid.UUID, change: SettingsChange, by: str
) -> ClaimSettings:
    row = await session.get(ClaimSettings, installation_id, with_for_update=True)
    if row is None:
        row = ClaimSettings(installation_id=installation_id, holidays=[], **DEFAULTS)
        session.add(row)
    for name, (low, high) in LIMITS.items():
        value = getattr(change, name)
        if value is not None:
            if not low <= value <= high:
                raise invalid(name, f"{name} must be between {low} and {high}.")
            setattr(row, name, value)
    if change.time_zone is not None:
        try:
            calendar(change.time_zone)
        except ValueError as exc:
            raise invalid("time_zone", str(exc)) from None
        row.time_zone = change.time_zone
    if change.block_before_open is not None:
        row.block_before_open = change.block_before_open
    if change.holidays is not None:
        if len(change.holidays) > MAX_HOLIDAYS:
            raise invalid("holidays", f"At most {MAX_HOLIDAYS} holidays.")
        row.holidays = sorted({d.isoformat() for d in change.holidays})
    row.updated_at = utcnow()
    row.updated_by = by
    await session.flush()
    return row
