"""A complete fixture order for evidence packs: terms accepted before payment and bound to the
order, a parcel shipped with a carrier and a tracking number, and photos of it in storage."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.dispatch.models import DispatchPhoto, DispatchUpload, UploadStatus
from saleor_foresight.evidence import service
from saleor_foresight.evidence.models import DisputeReason, EvidencePack, Provider
from saleor_foresight.orders import record
from saleor_foresight.orders.models import Order
from saleor_foresight.policies.acceptance import accept, reference
from saleor_foresight.policies.binding import bind_order
from saleor_foresight.policies.disclosure import disclosures_for
from saleor_foresight.policies.models import Acceptance, PolicyKind
from saleor_foresight.storage import LocalStorage, Storage, new_key
from tests.factories import at, make_installation
from tests.policies.factories import BUYER, CHECKOUT_ID, checkout, line, make_policy

TRACKING = "00340434161094042557"
STAFF_ID, STAFF_EMAIL = "VXNlcjoyMQ==", "packer@example.com"


@dataclass(frozen=True)
class Shop:
    installation_id: uuid.UUID
    order_id: uuid.UUID  # Foresight's
    saleor_order_id: str
    acceptance: Acceptance
    photos: list[DispatchPhoto]


def small_jpeg(seed: int, size: tuple[int, int] = (96, 64)) -> bytes:
    image = Image.new("RGB", size, (20 + seed % 200, 90, 200))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def noise_jpeg(target_bytes: int, seed: int = 0) -> bytes:
    """A JPEG of random pixels of about ``target_bytes`` (noise does not compress)."""
    side = int((target_bytes / 1.2) ** 0.5)
    image = Image.frombytes("RGB", (side, side), _noise(side * side * 3, seed))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def _noise(count: int, seed: int) -> bytes:
    out, block = bytearray(), hashlib.sha256(seed.to_bytes(8, "big")).digest()
    while len(out) < count:
        block = hashlib.sha256(block).digest()
        out += block * 64
    return bytes(out[:count])


async def complete_order(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    *,
    photos: int = 2,
    photo: Callable[[int], bytes] = small_jpeg,
    shipping_method: str | None = "DHL Express",
    tracking: str = TRACKING,
    number: int = 1,
    installation_id: uuid.UUID | None = None,
) -> Shop:
    async with sessionmaker.begin() as session:
        if installation_id is None:
            installation_id = (await make_installation(session)).id
        if number == 1:
            await policies(session, installation_id)
        checkout_id = f"{CHECKOUT_ID}-{number}"
        facts = checkout(line(), checkout_id=checkout_id)
        shown = await disclosures_for(session, installation_id, facts, "EN")
        acceptance = await accept(
            session, installation_id, facts, [d.version_id for d in shown], BUYER, "EN"
        )
        order = await record.apply_snapshot(
            session, installation_id, _snapshot(number, shipping_method, tracking), at(number)
        )
        await bind_order(session, installation_id, order, reference(acceptance), checkout_id)
        stored = [await _photo(session, storage, order, photo(i), i) for i in range(photos)]
    return Shop(installation_id, order.id, order.saleor_id, acceptance, stored)


async def policies(session: AsyncSession, installation_id: uuid.UUID) -> None:
    """Return terms (English and German), delivery times and a colour warning, all required."""
    await make_policy(session, installation_id, name="Returns", languages=("EN", "DE"))
    await make_policy(session, installation_id, kind=PolicyKind.DELIVERY_TIME, name="Delivery")
    await make_policy(session, installation_id, kind=PolicyKind.COLOUR_DIFFERENCE, name="Colour")


def _snapshot(number: int, shipping_method: str | None, tracking: str) -> record.OrderSnapshot:
    parcel = record.FulfillmentSnapshot(
        saleor_id=f"RnVsZmlsbG1lbnQ6{number}",
        number=1,
        status="FULFILLED",
        tracking_number=tracking,
        created_at=at(number + 60),
        lines=(record.FulfillmentLineSnapshot("L1", 1),),
    )
    return record.OrderSnapshot(
        saleor_id=f"T3JkZXI6{number}",
        number=str(100 + number),
        channel_slug="default-channel",
        status="FULFILLED",
        created_at=at(number),
        user_email="buyer@example.com",
        checkout_id=f"{CHECKOUT_ID}-{number}",
        currency="EUR",
        shipping_method_name=shipping_method,
        shipping_country="DE",
        lines=(
            record.LineSnapshot(
                saleor_id="L1",
                product_name="Linen shirt",
                variant_name="Rust / M",
                sku="SHIRT-RUST-M",
                quantity=1,
                product_id="P1",
                product_type_id="PT1",
                category_id="C1",
                attributes=(record.AttributeSnapshot("colour", ("rust",), ("Rust",)),),
            ),
        ),
        fulfillments=(parcel,),
    )


async def _photo(
    session: AsyncSession, storage: Storage, order: Order, data: bytes, index: int
) -> DispatchPhoto:
    fulfillment = order.fulfillments[0]
    key = new_key(order.installation_id, "dispatch-photo")
    await storage.put(key, data, content_type="image/jpeg")
    upload = DispatchUpload(
        installation_id=order.installation_id,
        order_id=order.id,
        fulfillment_id=fulfillment.id,
        storage_key=key,
        content_type="image/jpeg",
        byte_size=len(data),
        status=UploadStatus.CONFIRMED,
        uploaded_by_id=STAFF_ID,
        uploaded_by_email=STAFF_EMAIL,
        expires_at=at(90),
    )
    session.add(upload)
    await session.flush()
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    photo = DispatchPhoto(
        installation_id=order.installation_id,
        upload_id=upload.id,
        order_id=order.id,
        fulfillment_id=fulfillment.id,
        original_key=key,
        buyer_copy_key=new_key(order.installation_id, "dispatch-buyer"),
        thumbnail_key=new_key(order.installation_id, "dispatch-thumb"),
        sha256=hashlib.sha256(data).hexdigest(),
        byte_size=len(data),
        format="JPEG",
        width=width,
        height=height,
        buyer_copy_width=width,
        buyer_copy_height=height,
        captured_at="2026-11-20T09:15:00+01:00",
        uploaded_by_id=STAFF_ID,
        uploaded_by_email=STAFF_EMAIL,
        uploaded_at=at(70) + timedelta(seconds=index),
    )
    session.add(photo)
    await session.flush()
    return photo


async def build_pack(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    shop: Shop,
    provider: Provider = Provider.GENERIC,
    reason: DisputeReason | None = None,
) -> EvidencePack:
    async with sessionmaker.begin() as session:
        pack = await service.request_pack(
            session,
            shop.installation_id,
            order_id=shop.saleor_order_id,
            claim_id=None,
            provider=provider,
            reason=reason,
            staff_id=STAFF_ID,
            staff_email=STAFF_EMAIL,
        )
    return await service.build(sessionmaker.begin, storage, shop.installation_id, pack.id)


def open_zip(storage: LocalStorage, pack: EvidencePack) -> zipfile.ZipFile:
    assert pack.storage_key is not None
    return zipfile.ZipFile(storage.path_of(pack.storage_key))


def evidence_of(archive: zipfile.ZipFile) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(archive.read("evidence.json"))
    return document
