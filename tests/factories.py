"""Small builders for rows and snapshots the tests need."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, MultiFernet
from sqlalchemy.ext.asyncio import AsyncSession

from saleor_foresight.orders import record
from saleor_foresight.plugin import installations
from saleor_foresight.plugin.models import Installation

if TYPE_CHECKING:
    from saleor_foresight.runtime import AppState
    from tests.saleor_double import SaleorDouble

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


async def install_double(state: AppState, saleor: SaleorDouble) -> SaleorDouble:
    """Foresight installed in the double's Saleor (stored directly; registration tests post)."""
    async with state.sessionmaker.begin() as session:
        await installations.save(
            session,
            state.settings.cipher,
            installations.NewInstallation(
                saleor.api_url, urlsplit(saleor.api_url).hostname or "", "3.23", saleor.app_id,
                saleor.app_token, saleor.jwks,
            ),
        )  # fmt: skip
    return saleor


async def make_installation(
    session: AsyncSession, api_url: str = "https://saleor.test/graphql/"
) -> Installation:
    cipher = MultiFernet([Fernet(Fernet.generate_key())])
    return await installations.save(
        session,
        cipher,
        installations.NewInstallation(
            saleor_api_url=api_url,
            saleor_domain="saleor.test",
            schema_version="3.23",
            app_id="QXBwOjE=",
            token="app-token",
            jwks={"keys": []},
        ),
    )


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def order_snapshot(
    *,
    status: str = "UNFULFILLED",
    fulfillments: tuple[record.FulfillmentSnapshot, ...] = (),
    quantity: int = 2,
) -> record.OrderSnapshot:
    return record.OrderSnapshot(
        saleor_id="T3JkZXI6MQ==",
        number="25",
        channel_slug="default-channel",
        status=status,
        created_at=T0,
        user_email="buyer@example.com",
        currency="USD",
        lines=(
            record.LineSnapshot(
                saleor_id="T3JkZXJMaW5lOjE=",
                product_name="LED torch",
                variant_name="Red",
                sku="TORCH-RED",
                quantity=quantity,
                attributes=(record.AttributeSnapshot("colour", ("red",), ("Red",)),),
            ),
        ),
        fulfillments=fulfillments,
    )


def fulfillment(tracking: str = "", status: str = "FULFILLED") -> record.FulfillmentSnapshot:
    return record.FulfillmentSnapshot(
        saleor_id="RnVsZmlsbG1lbnQ6MQ==",
        number=1,
        status=status,
        tracking_number=tracking,
        created_at=at(5),
        lines=(record.FulfillmentLineSnapshot("T3JkZXJMaW5lOjE=", 2),),
    )
