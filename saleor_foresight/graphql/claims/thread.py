"""The thread of a claim as the API shows it: messages with their photos, and (for staff)
the hash-chained log entries. Buyers never receive internal notes (``ClaimType.messages``
leaves them out); staff-only fields need MANAGE_ORDERS."""

from __future__ import annotations

from datetime import datetime

import strawberry

from ...claims import models, states
from ..context import Info
from ..ids import to_global_id
from .common import EVENT, MANAGE_ORDERS, PHOTO
from .enums import ClaimAction, ClaimActor, ClaimStatus


@strawberry.type(name="ClaimPhoto", description="A photo sent with a claim.")
class ClaimPhotoType:
    row: strawberry.Private[models.ClaimPhoto]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(PHOTO, self.row.id))

    @strawberry.field(description="A copy without metadata, at most 2048 px; short-lived.")
    async def url(self, info: Info) -> str:
        return await info.context.storage.download_url(self.row.buyer_copy_key or "")

    @strawberry.field(description="A thumbnail of at most 400 px; short-lived.")
    async def thumbnail_url(self, info: Info) -> str:
        return await info.context.storage.download_url(self.row.thumbnail_key or "")

    @strawberry.field(description="SHA-256 (hex) of the file as uploaded.")
    def sha256(self) -> str:
        return self.row.sha256 or ""

    @strawberry.field(description="When the camera says it was taken (EXIF, camera clock).")
    def captured_at(self) -> str | None:
        return self.row.captured_at

    @strawberry.field
    def uploaded_at(self) -> datetime:
        return self.row.decided_at or self.row.created_at

    @strawberry.field(description="The original, as uploaded; short-lived. Needs MANAGE_ORDERS.")
    async def original_url(self, info: Info) -> str | None:
        info.context.staff(MANAGE_ORDERS)
        return await info.context.storage.download_url(self.row.storage_key)


@strawberry.type(description="A message in a claim's thread (or a staff member's note).")
class ClaimMessage:
    row: strawberry.Private[models.ClaimEvent]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(EVENT, self.row.id))

    @strawberry.field(description="The step the message came with.")
    def action(self) -> ClaimAction:
        return states.Action(self.row.action)

    @strawberry.field
    def author(self) -> ClaimActor:
        return states.Actor(self.row.actor)

    @strawberry.field(description="The staff member's or buyer's email. Needs MANAGE_ORDERS.")
    def author_email(self, info: Info) -> str | None:
        info.context.staff(MANAGE_ORDERS)
        return self.row.actor_email

    @strawberry.field
    def body(self) -> str | None:
        return self.row.message

    @strawberry.field(description="A note staff keep for themselves; buyers never see these.")
    def internal(self) -> bool:
        return self.row.internal

    @strawberry.field
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field
    async def photos(self, info: Info) -> list[ClaimPhotoType]:
        rows = await info.context.loaders.claim_photos_by_event_id.load(self.row.id)
        return [ClaimPhotoType(row=r) for r in rows]


@strawberry.type(description="One entry of the hash-chained claim log.")
class ClaimEvent:
    row: strawberry.Private[models.ClaimEvent]

    @strawberry.field
    def sequence(self) -> int:
        return self.row.sequence

    @strawberry.field
    def action(self) -> ClaimAction:
        return states.Action(self.row.action)

    @strawberry.field
    def actor(self) -> ClaimActor:
        return states.Actor(self.row.actor)

    @strawberry.field
    def actor_email(self) -> str | None:
        return self.row.actor_email

    @strawberry.field
    def from_status(self) -> ClaimStatus | None:
        return states.ClaimStatus(self.row.from_status) if self.row.from_status else None

    @strawberry.field
    def to_status(self) -> ClaimStatus:
        return states.ClaimStatus(self.row.to_status)

    @strawberry.field
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field
    def prev_hash(self) -> str:
        return self.row.prev_hash

    @strawberry.field
    def record_hash(self) -> str:
        return self.row.record_hash
