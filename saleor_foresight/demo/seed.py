"""What the demo starts with: a sandbox installation, sample policies, a checkout to accept,
and the recorded Saleor deliveries replayed through the real webhook intake."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..dispatch import service as dispatch
from ..dispatch.models import DispatchPhoto
from ..dispatch.service import StaffMember
from ..orders.models import Order
from ..photos.images import ImageLimits
from ..plugin import installations
from ..policies import service
from ..policies.content import TranslationInput
from ..policies.models import Policy, PolicyKind
from ..policies.targeting import AttributeRule, Targeting
from ..runtime import AppState
from ..storage.base import Storage
from .sandbox import SandboxSaleor, global_id

logger = logging.getLogger(__name__)

# The recorded deliveries came from this Saleor; the sandbox wears its address so they verify.
RECORDED_API_URL = "http://127.0.0.1:8000/graphql/"
DEMO_CHECKOUT = global_id("Checkout", "d3m0-0000-4000-8000-000000000001")
DEMO_CUSTOMER = global_id("User", 46)

POLICIES: tuple[dict[str, Any], ...] = (
    {
        "kind": PolicyKind.RETURN_TERMS, "name": "Return terms", "days": 30,
        "targeting": Targeting(),
        "translations": [
            ("EN", "Return terms", "You may return unused goods within **30 days** of delivery. "
             "Return shipping is paid by the buyer.", "I have read and accept the return terms"),
            ("DE", "Rückgabebedingungen", "Unbenutzte Ware können Sie innerhalb von **30 Tagen** "
             "zurückgeben. Die Rücksendekosten trägt der Käufer.",
             "Ich habe die Rückgabebedingungen gelesen und akzeptiere sie"),
        ],
    },
    {
        "kind": PolicyKind.COLOUR_DIFFERENCE, "name": "Colour warning", "days": None,
        "targeting": Targeting(attributes=(AttributeRule("colour"),)),
        "translations": [
            ("EN", "Colours may differ", "Screens show colours differently: the fabric may look "
             "*lighter or darker* than in the photos.", "I understand the colour may differ"),
        ],
    },
    {
        "kind": PolicyKind.DELIVERY_TIME, "name": "Delivery time", "days": None,
        "targeting": Targeting(), "required": False,
        "translations": [
            ("EN", "Delivery time", "Parcels arrive in **2 to 5 working days**; we send a photo of "
             "your parcel when it leaves.", "I note the delivery time"),
        ],
    },
)  # fmt: skip


def demo_checkout(api_url: str) -> dict[str, Any]:
    """A checkout as Saleor would answer it: a red silk scarf and an LED torch."""

    def line(n: int, name: str, colour: str | None) -> dict[str, Any]:
        attributes = (
            [{"attribute": {"id": global_id("Attribute", 1), "slug": "colour"},
              "values": [{"slug": colour.lower(), "name": colour}]}]
            if colour else []
        )  # fmt: skip
        return {
            "id": global_id("CheckoutLine", n), "quantity": 1,
            "variant": {
                "id": global_id("ProductVariant", n), "sku": f"DEMO-{n}", "name": name,
                "attributes": attributes,
                "product": {"id": global_id("Product", n), "name": name,
                            "productType": {"id": global_id("ProductType", n)},
                            "category": {"id": global_id("Category", n)},
                            "collections": [], "attributes": []},
            },
        }  # fmt: skip

    return {
        "id": DEMO_CHECKOUT, "updatedAt": "2026-11-26T00:00:00+00:00",
        "email": "buyer@demo.invalid", "languageCode": "EN",
        "channel": {"slug": "default-channel"}, "user": None,
        "shippingAddress": {"country": {"code": "DE"}}, "billingAddress": None,
        "lines": [line(1, "Silk scarf", "Red"), line(2, "LED torch", None)],
    }  # fmt: skip


async def seed(
    state: AppState, sandbox: SandboxSaleor, vectors: list[tuple[str, dict[str, Any]]]
) -> None:
    async with state.sessionmaker.begin() as session:
        installation = await installations.save(
            session,
            state.settings.cipher,
            installations.NewInstallation(
                sandbox.api_url, "demo", "3.23", sandbox.app_id, sandbox.app_token, sandbox.jwks
            ),
        )
        if await session.scalar(select(Policy.id).limit(1)) is None:
            for spec in POLICIES:
                policy = await service.create_policy(
                    session, installation.id, kind=spec["kind"], name=spec["name"],
                    targeting=spec["targeting"], requires_acceptance=spec.get("required", True),
                )  # fmt: skip
                await service.save_draft(
                    session, installation.id, policy.id,
                    [TranslationInput(*t) for t in spec["translations"]],
                    return_window_days=spec["days"],
                )  # fmt: skip
                await service.publish(session, installation.id, policy.id)
    sandbox.checkouts[DEMO_CHECKOUT] = demo_checkout(sandbox.api_url)
    await replay(state, vectors)


def load_vectors(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    return [(p.name, json.loads(p.read_text())) for p in sorted(folder.glob("webhook-*.json"))]


async def photograph_parcels(state: AppState, storage: Storage, sandbox: SandboxSaleor) -> int:
    """A sample dispatch photo for every recorded parcel that has none, made in code."""
    limits = ImageLimits(max_bytes=state.settings.upload_max_bytes)
    staff = StaffMember(user_id=global_id("User", 1), email="staff@demo.invalid")
    taken = 0
    async with state.sessionmaker() as session:
        installation = await installations.get_active(session, sandbox.api_url)
        photographed = set(await session.scalars(select(DispatchPhoto.fulfillment_id)))
        queue = [
            (order.saleor_id, fulfillment.saleor_id, fulfillment.tracking_number)
            for order in await session.scalars(
                select(Order).options(selectinload(Order.fulfillments))
            )
            for fulfillment in order.fulfillments
            if fulfillment.status == "FULFILLED" and fulfillment.id not in photographed
        ]
    for order_id, fulfillment_id, tracking in queue:
        picture = _parcel_picture(tracking)
        async with state.sessionmaker.begin() as session:
            new = await dispatch.create_upload(
                session, storage, installation.id, order_id=order_id,
                fulfillment_id=fulfillment_id, content_type="image/jpeg",
                byte_size=len(picture), staff=staff, limits=limits,
            )  # fmt: skip
        await storage.put(new.ticket.key, picture, content_type="image/jpeg")
        await dispatch.confirm_upload(
            state.sessionmaker.begin, storage, installation.id, new.upload.id, limits=limits
        )
        taken += 1
    return taken


def _parcel_picture(label: str) -> bytes:
    """A brown box with its tracking label, as a JPEG (the demo's stand-in for a photo)."""
    image = Image.new("RGB", (960, 720), (236, 232, 224))
    draw = ImageDraw.Draw(image)
    draw.rectangle((220, 170, 740, 560), fill=(176, 132, 86), outline=(120, 84, 50), width=6)
    draw.rectangle((300, 300, 660, 420), fill=(250, 250, 245), outline=(60, 60, 60), width=3)
    draw.text((320, 320), "DEMO PARCEL", fill=(20, 20, 20))
    draw.text((320, 360), label or "no tracking number", fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


async def replay(state: AppState, vectors: list[tuple[str, dict[str, Any]]]) -> int:
    """Send every recorded delivery through the real intake (signatures verified)."""
    taken = 0
    for name, vector in vectors:
        headers: Mapping[str, str] = {k.lower(): v for k, v in vector["headers"].items()}
        try:
            await state.intake.take(vector["event"], headers, vector["body"].encode())
            taken += 1
        except Exception as exc:  # a delivery we do not subscribe to, for instance
            logger.info("demo: %s not replayed: %s", name, exc)
    return taken
