"""The shop's claim rules as the API shows and takes them (``claims/config.py``)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from ...claims import config
from ...claims.models import ClaimSettings


@strawberry.type(name="ClaimSettings", description="How claims run in this shop.")
class ClaimSettingsType:
    response_days: int = strawberry.field(
        description="Business days staff have to answer; restarts on each buyer step."
    )
    time_zone: str = strawberry.field(description="IANA zone business days are counted in.")
    default_delivery_days: int = strawberry.field(
        description="Business days a parcel takes when the shipping method names none."
    )
    grace_days: int = strawberry.field(
        description='Business days after the expected delivery before "not received" opens.'
    )
    return_days: int = strawberry.field(
        description="Days after delivery returns are open when no return terms were accepted."
    )
    block_before_open: bool = strawberry.field(
        description='Refuse a "not received" claim before it opens (else: warn, and let the '
        "buyer confirm)."
    )
    holidays: list[date] = strawberry.field(description="Days that are not business days.")
    updated_at: datetime | None
    updated_by: str | None

    @classmethod
    def of(cls, row: ClaimSettings) -> ClaimSettingsType:
        return cls(
            response_days=row.response_days,
            time_zone=row.time_zone,
            default_delivery_days=row.default_delivery_days,
            grace_days=row.grace_days,
            return_days=row.return_days,
            block_before_open=row.block_before_open,
            holidays=[date.fromisoformat(d) for d in row.holidays or ()],
            updated_at=row.updated_at,
            updated_by=row.updated_by,
        )


@strawberry.input(description="What to change; a field left out keeps its value.")
class ClaimSettingsInput:
    response_days: int | None = None
    time_zone: str | None = None
    default_delivery_days: int | None = None
    grace_days: int | None = None
    return_days: int | None = None
    block_before_open: bool | None = None
    holidays: list[date] | None = None

    def to_domain(self) -> config.SettingsChange:
        return config.SettingsChange(
            response_days=self.response_days,
            time_zone=self.time_zone,
            default_delivery_days=self.default_delivery_days,
            grace_days=self.grace_days,
            return_days=self.return_days,
            block_before_open=self.block_before_open,
            holidays=self.holidays,
        )
