"""GraphQL types of the proof of dispatch (translations of the domain's rows).

A photo's buyer-safe fields are open to whoever may read its order; the evidence details
(original, camera, uploader, why it is hidden) need MANAGE_ORDERS and are null, with a
PERMISSION_DENIED error, for anyone else. Buyers never receive hidden photos at all.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import strawberry
from strawberry.relay import PageInfo

from ...claims.guidance import expected_delivery_on
from ...dispatch import errors, models
from ...dispatch.carriers import Carrier, carrier_of, tracking_url
from ...orders.models import Fulfillment, Order
from ...photos.errors import PhotoErrorCode
from ...photos.formats import ImageFormat
from ...rules.fulfillment import DispatchWarning
from ..context import Info
from ..ids import to_global_id
from ..photos.types import error_codes
from .common import MANAGE_ORDERS

# the domain's enums, registered with strawberry under the API's names
DispatchErrorCode = error_codes("DispatchErrorCode", errors.DispatchErrorCode)
DispatchUploadStatus = models.UploadStatus
DispatchPhotoFormat = ImageFormat
strawberry.enum(DispatchUploadStatus, name="DispatchUploadStatus")
strawberry.enum(DispatchPhotoFormat, name="DispatchPhotoFormat")
strawberry.enum(DispatchWarning, name="DispatchWarning")

PHOTO_TYPE = "DispatchPhoto"
UPLOAD_TYPE = "DispatchPhotoUpload"


@strawberry.type(description="An expected failure of a dispatch photo operation.")
class DispatchError:
    field: str | None
    code: StrEnum = strawberry.field(graphql_type=DispatchErrorCode)
    message: str


@strawberry.type(name="DispatchPhoto", description="A photo of a parcel, taken at packing time.")
class DispatchPhotoType:
    row: strawberry.Private[models.DispatchPhoto]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(PHOTO_TYPE, self.row.id))

    @strawberry.field(description="The buyer copy: no metadata, at most 2048 px; short-lived.")
    async def url(self, info: Info) -> str:
        return await info.context.storage.download_url(self.row.buyer_copy_key)

    @strawberry.field(description="A thumbnail of at most 400 px; short-lived.")
    async def thumbnail_url(self, info: Info) -> str:
        return await info.context.storage.download_url(self.row.thumbnail_key)

    @strawberry.field(description="Width of the buyer copy, in pixels.")
    def width(self) -> int:
        return self.row.buyer_copy_width

    @strawberry.field(description="Height of the buyer copy, in pixels.")
    def height(self) -> int:
        return self.row.buyer_copy_height

    @strawberry.field(
        description="When the camera says it took the photo (ISO 8601, from EXIF): the "
        "camera's clock, with a UTC offset only when the camera recorded one."
    )
    def captured_at(self) -> str | None:
        return self.row.captured_at

    @strawberry.field(description="When Foresight received and checked the photo.")
    def uploaded_at(self) -> datetime:
        return self.row.uploaded_at

    @strawberry.field(description="SHA-256 (hex) of the original file, as uploaded.")
    def sha256(self) -> str:
        return self.row.sha256

    @strawberry.field(description="Hidden from the buyer by staff (buyers never see these).")
    def hidden(self) -> bool:
        return self.row.hidden

    @strawberry.field(description="Why staff hid it. Needs MANAGE_ORDERS.")
    def hidden_reason(self, info: Info) -> str | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.hidden_reason

    @strawberry.field(description="When staff hid it. Needs MANAGE_ORDERS.")
    def hidden_at(self, info: Info) -> datetime | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.hidden_at

    @strawberry.field(description="Email of the staff member who hid it. Needs MANAGE_ORDERS.")
    def hidden_by(self, info: Info) -> str | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.hidden_by_email

    @strawberry.field(description="Email of the staff member who uploaded it. Needs MANAGE_ORDERS.")
    def uploaded_by(self, info: Info) -> str | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.uploaded_by_email

    @strawberry.field(
        description="The private original, as uploaded; short-lived. Needs MANAGE_ORDERS."
    )
    async def original_url(self, info: Info) -> str | None:
        info.context.staff(MANAGE_ORDERS)
        return await info.context.storage.download_url(self.row.original_key)

    @strawberry.field(description="The original's format, from its bytes. Needs MANAGE_ORDERS.")
    def format(self, info: Info) -> DispatchPhotoFormat | None:
        info.context.staff(MANAGE_ORDERS)
        return ImageFormat(self.row.format)

    @strawberry.field(description="The original's size in bytes. Needs MANAGE_ORDERS.")
    def byte_size(self, info: Info) -> int | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.byte_size

    @strawberry.field(description="The original's width as stored. Needs MANAGE_ORDERS.")
    def original_width(self, info: Info) -> int | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.width

    @strawberry.field(description="The original's height as stored. Needs MANAGE_ORDERS.")
    def original_height(self, info: Info) -> int | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.height

    @strawberry.field(description="EXIF orientation (1-8) of the original. Needs MANAGE_ORDERS.")
    def orientation(self, info: Info) -> int | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.orientation

    @strawberry.field(description="Camera maker, from EXIF. Needs MANAGE_ORDERS.")
    def camera_make(self, info: Info) -> str | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.camera_make

    @strawberry.field(description="Camera model, from EXIF. Needs MANAGE_ORDERS.")
    def camera_model(self, info: Info) -> str | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.camera_model

    @strawberry.field(
        description="Until when storage keeps the original from deletion (S3 Object Lock); "
        "null without retention. Needs MANAGE_ORDERS."
    )
    def retained_until(self, info: Info) -> datetime | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.retained_until


@strawberry.type(
    name="DispatchFulfillment", description="A parcel of an order, as Saleor shipped it."
)
class DispatchFulfillmentType:
    row: strawberry.Private[Fulfillment]
    # what the order page adds: the order (its shipping method names the carrier and its
    # delivery days)
    order: strawberry.Private[Order | None] = None

    @strawberry.field(description="Saleor's fulfillment ID.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.row.saleor_id)

    @strawberry.field
    def number(self) -> int:
        return self.row.number

    @strawberry.field(description="Saleor's fulfillment status, e.g. FULFILLED.")
    def status(self) -> str:
        return self.row.status

    @strawberry.field(description="The carrier's tracking number; empty when none was given.")
    def tracking_number(self) -> str:
        return self.row.tracking_number

    @strawberry.field
    def created_at(self) -> datetime | None:
        return self.row.created_at

    @strawberry.field(description="The carrier, when the shipping method or the number says.")
    def carrier(self) -> str | None:
        found = self._carrier()
        return found.name if found is not None else None

    @strawberry.field(description="The carrier's tracking page for this parcel, when known.")
    def tracking_url(self) -> str | None:
        return tracking_url(self._carrier(), self.row.tracking_number)

    def _carrier(self) -> Carrier | None:
        method = self.order.shipping_method_name if self.order is not None else None
        return carrier_of(method, self.row.tracking_number)

    @strawberry.field(
        description="The shop's local date the parcel is expected by (shipped parcels only): "
        "the shipping method's maximum delivery days, in business days, after it was shipped."
    )
    async def expected_delivery_on(self, info: Info) -> date | None:
        if self.order is None:
            return None
        context = info.context
        settings = await context.loaders.claim_settings_by_installation_id.load(
            context.installation.id
        )
        return expected_delivery_on(self.row, self.order, settings)

    @strawberry.field(description="Photos of this parcel, oldest first; buyers see no hidden one.")
    async def photos(self, info: Info) -> list[DispatchPhotoType]:
        photos = await info.context.loaders.dispatch_photos_by_fulfillment_id.load(self.row.id)
        return [DispatchPhotoType(row=p) for p in photos]


@strawberry.type(description="An item of an order, as the buyer reads it.")
class OrderItem:
    name: str
    quantity: int


@strawberry.type(description="What the shop can show of an order's dispatch.")
class OrderDispatchProof:
    order_id: strawberry.ID = strawberry.field(description="Saleor's order ID.")
    order_number: str
    items: list[OrderItem] = strawberry.field(description="What was ordered, in order.")
    shipping_method_name: str | None
    fulfillments: list[DispatchFulfillmentType] = strawberry.field(
        description="Every shipped parcel, and any other parcel with a photo."
    )


@strawberry.type(description="Why an upload was refused.")
class DispatchRejection:
    code: StrEnum = strawberry.field(graphql_type=DispatchErrorCode)
    message: str


@strawberry.type(name="DispatchPhotoUpload", description="One upload ticket and how it ended.")
class DispatchPhotoUploadType:
    row: strawberry.Private[models.DispatchUpload]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(UPLOAD_TYPE, self.row.id))

    @strawberry.field
    def status(self) -> DispatchUploadStatus:
        return models.UploadStatus(self.row.status)

    @strawberry.field(description="The content type declared for it (the ticket enforces it).")
    def content_type(self) -> str:
        return self.row.content_type

    @strawberry.field(description="The size declared for it: the most the ticket accepts.")
    def byte_size(self) -> int:
        return self.row.byte_size

    @strawberry.field(description="Email of the staff member who asked for the ticket.")
    def uploaded_by(self) -> str:
        return self.row.uploaded_by_email

    @strawberry.field
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field(description="When the ticket stops accepting the file.")
    def expires_at(self) -> datetime:
        return self.row.expires_at

    @strawberry.field(description="When it was confirmed or rejected.")
    def decided_at(self) -> datetime | None:
        return self.row.decided_at

    @strawberry.field(description="Why it was rejected; null unless REJECTED.")
    def rejection(self) -> DispatchRejection | None:
        if self.row.rejection_code is None:
            return None
        return DispatchRejection(
            code=PhotoErrorCode(self.row.rejection_code),
            message=self.row.rejection_message or "",
        )


@strawberry.type(
    description="An order still to pack, or a shipped parcel still waiting for its proof."
)
class PackingQueueEntry:
    order_id: strawberry.ID = strawberry.field(description="Saleor's order ID.")
    order_number: str
    channel: str = strawberry.field(description="The order's channel slug.")
    shipped: bool = strawberry.field(
        description="False for an order still to pack: it has no parcel (fulfillment) yet, "
        "and takes its photo once Saleor has one."
    )
    fulfillment: DispatchFulfillmentType | None = strawberry.field(
        description="The parcel; null for an order still to pack."
    )
    waiting_since: datetime = strawberry.field(
        description="When the parcel was fulfilled, or the order to pack was placed."
    )
    order_total: Decimal | None = strawberry.field(description="The order's gross total.")
    currency: str | None
    has_photo: bool = strawberry.field(description="A visible dispatch photo is on record.")
    risk: Decimal = strawberry.field(
        description="The order's total times the proofs the parcel lacks (photo, tracking "
        "number): what the queue is ranked by."
    )
    warnings: list[DispatchWarning] = strawberry.field(
        description="What the channel's rules flag: no tracking number, or a shipping "
        "address changed since the order was placed (orders above trackedShippingAbove)."
    )
    signature_required: bool = strawberry.field(
        description="The order is above the channel's signatureAbove: ship with a signature "
        "on delivery."
    )


@strawberry.type
class PackingQueueEdge:
    cursor: str
    node: PackingQueueEntry


@strawberry.type(description="Orders to pack and parcels lacking proof, riskiest first.")
class PackingQueueConnection:
    edges: list[PackingQueueEdge]
    page_info: PageInfo
