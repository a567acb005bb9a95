"""Foresight's own record of a shop's orders and fulfillments, kept from Saleor's webhooks
(and read from Saleor for the orders placed before the install: ``orders/backfill.py``).

Each row remembers ``source_version``: the ``issuedAt`` of the delivery whose
snapshot it holds. Deliveries arrive out of order; a snapshot older than the
one we hold never overwrites it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, installation_fk, json_data, saleor_id, timestamp, utcnow, uuid_pk


class Order(Base):
    __tablename__ = "order_record"
    __table_args__ = (UniqueConstraint("installation_id", "saleor_id"),)

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    saleor_id: Mapped[saleor_id]
    number: Mapped[str] = mapped_column(String(64))
    checkout_id: Mapped[str | None] = mapped_column(String(255))
    channel_slug: Mapped[str] = mapped_column(String(255), index=True)
    user_id: Mapped[str | None] = mapped_column(String(255), index=True)
    user_email: Mapped[str | None] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    currency: Mapped[str | None] = mapped_column(String(3))
    total_gross: Mapped[Decimal | None] = mapped_column(Numeric(20, 4))
    shipping_method_id: Mapped[str | None] = mapped_column(String(255))
    shipping_method_name: Mapped[str | None] = mapped_column(String(255))
    min_delivery_days: Mapped[int | None] = mapped_column(Integer)
    max_delivery_days: Mapped[int | None] = mapped_column(Integer)
    shipping_country: Mapped[str | None] = mapped_column(String(2))
    # a digest of the shipping address (never the address): as the order was placed (from
    # ORDER_CREATED) and as it is now; None when the delivery did not carry the address
    placed_address_digest: Mapped[str | None] = mapped_column(String(64))
    shipping_address_digest: Mapped[str | None] = mapped_column(String(64))
    foresight_metadata: Mapped[json_data]
    # what binding found on ORDER_CREATED: COMPLETE, MISSING or NOT_REQUIRED (None: not yet)
    acceptance_status: Mapped[str | None] = mapped_column(String(16), index=True)
    # why an order came without acceptance, when known: FORESIGHT_UNREACHABLE (the storefront
    # widget could not reach Foresight and let the buyer pay, as the channel's fallback allows)
    unaccepted_reason: Mapped[str | None] = mapped_column(String(32))
    source_version: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.position"
    )
    fulfillments: Mapped[list[Fulfillment]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="Fulfillment.number"
    )


class OrderLine(Base):
    __tablename__ = "order_line_record"
    __table_args__ = (UniqueConstraint("order_id", "saleor_id"),)

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("order_record.id", ondelete="CASCADE"), index=True
    )
    saleor_id: Mapped[saleor_id]
    position: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[str | None] = mapped_column(String(255))
    product_name: Mapped[str] = mapped_column(String(512))
    variant_id: Mapped[str | None] = mapped_column(String(255))
    variant_name: Mapped[str] = mapped_column(String(512))
    sku: Mapped[str | None] = mapped_column(String(255))
    quantity: Mapped[int] = mapped_column(Integer)
    product_type_id: Mapped[str | None] = mapped_column(String(255))
    category_id: Mapped[str | None] = mapped_column(String(255))
    collection_ids: Mapped[json_data]
    # [{"attribute": slug, "values": [slug, ...], "names": [name, ...]}, ...]
    attributes: Mapped[json_data]

    order: Mapped[Order] = relationship(back_populates="lines")


class Fulfillment(Base):
    __tablename__ = "fulfillment_record"
    __table_args__ = (UniqueConstraint("installation_id", "saleor_id"),)

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("order_record.id", ondelete="CASCADE"), index=True
    )
    saleor_id: Mapped[saleor_id]
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32))
    tracking_number: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime | None]
    # [{"order_line_id": saleor id, "quantity": n}, ...]
    lines: Mapped[json_data]
    source_version: Mapped[datetime]
    recorded_at: Mapped[timestamp]

    order: Mapped[Order] = relationship(back_populates="fulfillments")


class GuestAttempt(Base):
    """A wrong email a guest gave for an order (``orders/guest_access.py`` counts them)."""

    __tablename__ = "guest_attempt"
    __table_args__ = (
        Index("ix_guest_attempt_order", "installation_id", "order_key", "created_at"),
        Index("ix_guest_attempt_client", "installation_id", "client", "created_at"),
    )

    id: Mapped[uuid_pk]
    installation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("installation.id", ondelete="CASCADE")
    )
    order_key: Mapped[str] = mapped_column(String(255))  # Saleor's order ID, as asked for
    client: Mapped[str] = mapped_column(String(64))  # the client address (client_address.py)
    created_at: Mapped[timestamp]


class OrderBackfill(Base):
    """Bringing in the orders a shop placed before it installed Foresight
    (``orders/backfill.py``): one row per installation, updated after each page."""

    __tablename__ = "order_backfill"
    __table_args__ = (UniqueConstraint("installation_id"),)

    id: Mapped[uuid_pk]
    installation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("installation.id", ondelete="CASCADE")
    )
    since: Mapped[datetime]  # orders created from then on are brought in
    # Saleor's cursor after the last page recorded; None: from the first page
    cursor: Mapped[str | None] = mapped_column(Text)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    orders: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[timestamp]
    updated_at: Mapped[timestamp]
