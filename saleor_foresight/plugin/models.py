"""Installations of the app in a Saleor, and the webhook deliveries they sent."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, LargeBinary, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, JSONValue, installation_fk, json_data, timestamp, utcnow, uuid_pk


class InstallationStatus(StrEnum):
    ACTIVE = "ACTIVE"
    REMOVED = "REMOVED"


class Installation(Base):
    """One Saleor that installed the app. Every other row belongs to one."""

    __tablename__ = "installation"

    id: Mapped[uuid_pk]
    saleor_api_url: Mapped[str] = mapped_column(String(2048), unique=True)
    saleor_domain: Mapped[str] = mapped_column(String(255), default="")
    schema_version: Mapped[str] = mapped_column(String(32), default="")
    app_id: Mapped[str] = mapped_column(String(255))
    token_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    jwks: Mapped[json_data]
    jwks_fetched_at: Mapped[timestamp]
    # last time an unknown key id made us refetch the JWKS (rate limit, shared by workers)
    jwks_refetched_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default=InstallationStatus.ACTIVE)
    installed_at: Mapped[timestamp]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    removed_at: Mapped[datetime | None]
    # origins whose browsers may call /graphql/ for this shop (CORS), normalised: see origins.py
    storefront_origins: Mapped[list[str]] = mapped_column(
        JSONValue, default=list, server_default=text("'[]'")
    )
    # every query Saleor keeps for our webhooks selects ``recipient``: a delivery without one
    # is refused (webhooks/binding.py). False for shops installed before the queries did,
    # until the webhook sync has brought Saleor's copies in step ("exposed" in ``check``).
    webhooks_bound: Mapped[bool] = mapped_column(Boolean, default=True, server_default=false())

    @property
    def active(self) -> bool:
        return self.status == InstallationStatus.ACTIVE


class WebhookDelivery(Base):
    """A delivery we took: kept for idempotency (same event, same body) and as a record."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (UniqueConstraint("installation_id", "event", "body_sha256"),)

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    event: Mapped[str] = mapped_column(String(64))
    body_sha256: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime | None]
    received_at: Mapped[timestamp]
    payload: Mapped[json_data]


class CheckoutCache(Base):
    """Saleor's answer about a checkout, kept until the checkout changes (see checkout_cache)."""

    __tablename__ = "checkout_cache"
    __table_args__ = (UniqueConstraint("installation_id", "checkout_id"),)

    id: Mapped[uuid_pk]
    installation_id: Mapped[installation_fk]
    checkout_id: Mapped[str] = mapped_column(String(255))
    checkout: Mapped[json_data]
    saleor_updated_at: Mapped[datetime | None]
    fetched_at: Mapped[timestamp]
