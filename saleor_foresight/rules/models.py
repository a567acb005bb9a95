"""The ``channel_rules`` table: one row per installation and channel.

Every amount is in the row's ``currency`` (the channel's); a threshold left empty is no rule.
``currency`` is empty only on a row that sets no amount (its checkout fallback alone).
The checkout fallback says what the storefront widget does when Foresight cannot be reached:
``HOLD`` the pay button, or ``RELEASE`` it after ``release_after_seconds`` with the shop's
``unreachable_message`` (empty: the widget's neutral wording).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, installation_fk, timestamp, uuid_pk


class ChannelRules(Base):
    __tablename__ = "channel_rules"
    __table_args__ = (UniqueConstraint("installation_id", "channel_slug"),)

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    channel_slug: Mapped[str] = mapped_column(String(255))
    currency: Mapped[str | None] = mapped_column(String(3))
    instant_refund_below: Mapped[Decimal | None] = mapped_column(Numeric(20, 4))
    tracked_shipping_above: Mapped[Decimal | None] = mapped_column(Numeric(20, 4))
    signature_above: Mapped[Decimal | None] = mapped_column(Numeric(20, 4))
    when_unreachable: Mapped[str] = mapped_column(String(8), default="RELEASE")
    release_after_seconds: Mapped[int] = mapped_column(Integer, default=4)
    unreachable_message: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[timestamp]
    updated_by: Mapped[str | None] = mapped_column(String(320))
