"""Rows for the report tests, written straight to the tables, and the hand-counted shop.

The shop keeps Europe/Berlin time (UTC+1 in January and February): 23:00 UTC on 31 January
is already 1 February there. ``hand_counted_shop`` builds January and February 2026 in
three channels, with records just outside on both ends; the tests count them by hand.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from saleor_foresight.claims.models import (
    Claim,
    ClaimReason,
    ClaimResolution,
    ClaimSettings,
    GuidanceView,
    ResolutionKind,
    ResolutionStatus,
)
from saleor_foresight.claims.states import ClaimStatus
from saleor_foresight.dispatch.models import DispatchPhoto, DispatchUpload, UploadStatus
from saleor_foresight.orders.models import Fulfillment, Order
from saleor_foresight.rules.models import ChannelRules

R = ClaimReason
S = ClaimStatus
K = ResolutionKind
WAITING = ResolutionStatus.WAITING_FOR_SALEOR
INSTANT = "instant_refund_below"


def utc(month: int, day: int, hour: int = 12, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Records:
    """Writes one installation's rows; numbers its orders, parcels and claims itself."""

    session: AsyncSession
    installation_id: uuid.UUID
    counter: dict[str, int] = field(default_factory=dict)

    def _next(self, kind: str) -> int:
        self.counter[kind] = self.counter.get(kind, 0) + 1
        return self.counter[kind]

    async def settings(self, time_zone: str) -> None:
        self.session.add(
            ClaimSettings(installation_id=self.installation_id, time_zone=time_zone, holidays=[])
        )
        await self.session.flush()

    async def rules(
        self, channel: str, currency: str, tracked_above: int | None, signature_above: int | None
    ) -> None:
        self.session.add(
            ChannelRules(
                installation_id=self.installation_id,
                channel_slug=channel,
                currency=currency,
                tracked_shipping_above=tracked_above,
                signature_above=signature_above,
            )
        )
        await self.session.flush()

    async def order(self, channel: str, currency: str, total: str) -> Order:
        n = self._next("order")
        row = Order(
            installation_id=self.installation_id,
            saleor_id=f"Order:{self.installation_id}:{n}",
            number=str(n),
            channel_slug=channel,
            status="FULFILLED",
            created_at=utc(1, 1, year=2025),
            currency=currency,
            total_gross=Decimal(total),
            foresight_metadata={},
            source_version=utc(1, 1, year=2025),
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def parcel(
        self,
        order: Order,
        created_at: datetime | None,
        *,
        tracking: str = "",
        photo: bool = False,
        hidden_photo: bool = False,
        status: str = "FULFILLED",
        recorded_at: datetime | None = None,
    ) -> Fulfillment:
        n = self._next("parcel")
        row = Fulfillment(
            installation_id=self.installation_id,
            order_id=order.id,
            saleor_id=f"Fulfillment:{self.installation_id}:{n}",
            number=n,
            status=status,
            tracking_number=tracking,
            created_at=created_at,
            lines=[],
            source_version=created_at or recorded_at or utc(1, 1),
            recorded_at=recorded_at or created_at,
        )
        self.session.add(row)
        await self.session.flush()
        if photo:
            await self.photo(row, hidden=False)
        if hidden_photo:
            await self.photo(row, hidden=True)
        return row

    async def photo(self, parcel: Fulfillment, *, hidden: bool) -> None:
        n = self._next("photo")
        key = f"{self.installation_id}/{n}"
        upload = DispatchUpload(
            installation_id=self.installation_id,
            order_id=parcel.order_id,
            fulfillment_id=parcel.id,
            storage_key=f"upload/{key}",
            content_type="image/jpeg",
            byte_size=1000,
            status=UploadStatus.CONFIRMED,
            uploaded_by_id="User:21",
            uploaded_by_email="packer@example.com",
            expires_at=utc(12, 31),
        )
        self.session.add(upload)
        await self.session.flush()
        self.session.add(
            DispatchPhoto(
                installation_id=self.installation_id,
                upload_id=upload.id,
                order_id=parcel.order_id,
                fulfillment_id=parcel.id,
                original_key=f"original/{key}",
                buyer_copy_key=f"copy/{key}",
                thumbnail_key=f"thumb/{key}",
                sha256="0" * 64,
                byte_size=1000,
                format="JPEG",
                width=800,
                height=600,
                buyer_copy_width=800,
                buyer_copy_height=600,
                uploaded_by_id="User:21",
                uploaded_by_email="packer@example.com",
                uploaded_at=parcel.created_at or utc(1, 1),
                hidden=hidden,
            )
        )
        await self.session.flush()

    async def claim(
        self,
        order: Order,
        reason: ClaimReason,
        status: ClaimStatus,
        created_at: datetime,
        *,
        escalated_at: datetime | None = None,
    ) -> Claim:
        row = Claim(
            installation_id=self.installation_id,
            number=self._next("claim"),
            order_id=order.id,
            reason=reason,
            wished_resolution=K.REFUND,
            status=status,
            created_at=created_at,
            escalated_at=escalated_at,
            buyer_escalated=escalated_at is not None,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def view(self, order: Order, reason: ClaimReason, first_shown_at: datetime) -> None:
        self.session.add(
            GuidanceView(
                installation_id=self.installation_id,
                order_id=order.id,
                reason=reason,
                availability="OPEN",
                first_shown_at=first_shown_at,
                last_shown_at=first_shown_at + timedelta(hours=1),
                times=2,
            )
        )
        await self.session.flush()

    async def resolution(
        self,
        claim: Claim,
        kind: ResolutionKind,
        *,
        status: ResolutionStatus = ResolutionStatus.DONE,
        confirmed_at: datetime | None = None,
        granted: str | None = None,
        amount: str | None = None,
        currency: str = "EUR",
        rule: str | None = None,
    ) -> None:
        self.session.add(
            ClaimResolution(
                installation_id=self.installation_id,
                claim_id=claim.id,
                kind=kind,
                status=status,
                lines=[],
                amount=Decimal(amount) if amount is not None else None,
                currency=currency,
                granted_amount=Decimal(granted) if granted is not None else None,
                decided_by_rule=rule,
                confirmed_at=confirmed_at,
            )
        )
        await self.session.flush()


async def hand_counted_shop(session: AsyncSession, installation_id: uuid.UUID) -> None:
    """January and February 2026 in Berlin; what each record adds is counted in the tests."""
    shop = Records(session, installation_id)
    await shop.settings("Europe/Berlin")
    await shop.rules("eu", "EUR", tracked_above=100, signature_above=500)
    await shop.rules("jp", "JPY", tracked_above=10000, signature_above=50000)
    # "us" has no saved rules: no tracking rule, a signature above 750 USD

    # -- channel eu, EUR ---------------------------------------------------------------------
    e1 = await shop.order("eu", "EUR", "250.00")
    await shop.parcel(e1, utc(1, 10), tracking="DHL-1", photo=True)
    e2 = await shop.order("eu", "EUR", "600.00")
    await shop.parcel(e2, utc(1, 12), photo=True)  # no tracking number
    e3 = await shop.order("eu", "EUR", "100.00")  # exactly at the threshold
    await shop.parcel(e3, utc(1, 15))
    e4 = await shop.order("eu", "EUR", "150.00")
    await shop.parcel(e4, utc(1, 31, 23, 30), tracking="DHL-4", hidden_photo=True)  # Feb 00:30
    await shop.parcel(e4, utc(2, 3), tracking="DHL-4b", photo=True)
    e5 = await shop.order("eu", "EUR", "300.00")
    await shop.parcel(e5, utc(1, 5), status="CANCELED")  # not dispatched: never counts
    await shop.parcel(e5, None, recorded_at=utc(1, 20), tracking="UPS-5", photo=True)
    e0 = await shop.order("eu", "EUR", "999.00")  # first parcel in December: not reported
    await shop.parcel(e0, utc(12, 31, 12, year=2025), tracking="DHL-0", photo=True)
    await shop.parcel(e0, utc(1, 3))

    c1 = await shop.claim(e1, R.DAMAGED, S.RESOLVED, utc(1, 11, 10))
    c2 = await shop.claim(e2, R.NOT_RECEIVED, S.ESCALATED, utc(1, 20), escalated_at=utc(1, 25))
    await shop.claim(e3, R.COLOUR_DIFFERENT, S.REJECTED, utc(1, 21))
    await shop.claim(e5, R.DAMAGED, S.WITHDRAWN, utc(1, 25))
    c5 = await shop.claim(
        e4, R.NOT_RECEIVED, S.RESOLVED, utc(1, 31, 23, 30), escalated_at=utc(2, 10)
    )  # 1 February in Berlin; escalated, then resolved
    c6 = await shop.claim(e2, R.DAMAGED, S.WAITING_FOR_BUYER, utc(2, 5))
    await shop.claim(e1, R.OTHER, S.OPEN, utc(12, 31, 22, 30, year=2025))  # 23:30 in Berlin

    await shop.view(e1, R.DAMAGED, utc(1, 11, 8))  # c1 filed two hours later
    await shop.view(e1, R.NOT_RECEIVED, utc(1, 9))  # no claim followed
    await shop.view(e3, R.COLOUR_DIFFERENT, utc(1, 22))  # its claim came the day before
    await shop.view(e2, R.DAMAGED, utc(2, 1, 10))  # c6 followed
    await shop.view(e4, R.NOT_RECEIVED, utc(1, 31, 23))  # midnight in Berlin; c5 followed

    await shop.resolution(c1, K.REFUND, confirmed_at=utc(1, 12), granted="250.00")
    await shop.resolution(c1, K.REFUND, confirmed_at=utc(1, 31, 23, 45), granted="10.00")
    await shop.resolution(c5, K.PARTIAL_REFUND, confirmed_at=utc(2, 2), amount="40.50")
    # not confirmed by Saleor yet; not a refund; confirmed on 1 March in Berlin
    await shop.resolution(c6, K.RETURN_AND_REFUND, status=WAITING, amount="600.00")
    await shop.resolution(c2, K.REPLACEMENT, confirmed_at=utc(1, 22))
    await shop.resolution(c5, K.PARTIAL_REFUND, confirmed_at=utc(2, 28, 23, 30), granted="9.50")

    # -- channel jp, JPY ---------------------------------------------------------------------
    j1 = await shop.order("jp", "JPY", "20000")
    await shop.parcel(j1, utc(1, 8))
    j2 = await shop.order("jp", "JPY", "60000")
    await shop.parcel(j2, utc(2, 10), tracking="JP-2", photo=True)
    j3 = await shop.order("jp", "JPY", "10000")  # exactly at the threshold
    await shop.parcel(j3, utc(2, 11))
    j4 = await shop.order("jp", "JPY", "90000")
    await shop.parcel(j4, utc(2, 28, 23, 30))  # 1 March in Berlin: not reported

    c8 = await shop.claim(j1, R.NOT_RECEIVED, S.RESOLVED, utc(1, 9))
    await shop.claim(j2, R.DAMAGED, S.OFFER_MADE, utc(2, 12, 15))

    await shop.view(j1, R.NOT_RECEIVED, utc(1, 31, 23, 10))  # February; c8 came before it
    await shop.view(j2, R.DAMAGED, utc(2, 12, 9))  # the claim followed at 15:00

    await shop.resolution(
        c8, K.REFUND, confirmed_at=utc(1, 10), granted="20000", currency="JPY", rule=INSTANT
    )

    # -- channel us, USD, without saved rules ------------------------------------------------
    u1 = await shop.order("us", "USD", "800.00")
    await shop.parcel(u1, utc(1, 5))


async def stranger_shop(session: AsyncSession, installation_id: uuid.UUID) -> None:
    """Another Saleor's records in the same months and channel: never in the first's report."""
    shop = Records(session, installation_id)
    await shop.rules("eu", "EUR", tracked_above=10, signature_above=20)
    order = await shop.order("eu", "EUR", "500.00")
    await shop.parcel(order, utc(1, 10))
    claim = await shop.claim(order, R.DAMAGED, S.RESOLVED, utc(1, 11))
    await shop.view(order, R.DAMAGED, utc(1, 10))
    await shop.resolution(claim, K.REFUND, confirmed_at=utc(1, 12), granted="5.00", rule=INSTANT)
