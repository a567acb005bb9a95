"""Provider mappings: PayPal's provide-evidence bodies and Stripe's evidence object, and each
provider's limits enforced (types, bytes a file, bytes in all, text)."""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

import pytest
from PIL import ExifTags, Image
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.evidence import pack as pack_module
from saleor_foresight.evidence import view as view_module
from saleor_foresight.evidence.models import DisputeReason, Provider
from saleor_foresight.evidence.pdf import Document
from saleor_foresight.evidence.providers import limits, paypal
from saleor_foresight.evidence.providers import stripe as stripe_module
from saleor_foresight.storage import LocalStorage
from tests.evidence.factories import (
    TRACKING,
    build_pack,
    complete_order,
    evidence_of,
    noise_jpeg,
    open_zip,
)


def body(archive: Any, path: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(archive.read(path))
    return loaded


async def test_paypal_not_received_is_proof_of_fulfillment_with_carrier_and_tracking(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage)

    pack = await build_pack(sessionmaker, storage, shop, Provider.PAYPAL)

    archive = open_zip(storage, pack)
    sent = body(archive, "paypal/MERCHANDISE_OR_SERVICE_NOT_RECEIVED.json")
    (evidence,) = sent["evidences"]
    assert evidence["evidence_type"] == "PROOF_OF_FULFILLMENT"
    assert evidence["evidence_info"] == {
        "tracking_info": [{"carrier_name": "DHL", "tracking_number": TRACKING}]
    }
    names = {d["name"] for d in evidence["documents"]}
    assert {"dispatch-photo-1.jpg", "dispatch-photo-2.jpg", "disclosures.pdf"} <= names
    for name in names:
        archive.getinfo(f"paypal/files/{name}")  # every document named is in the pack
    assert "Delivery" in evidence["notes"] or "delivery" in evidence["notes"].lower()
    assert len(evidence["notes"]) <= 2000

    described = body(archive, "paypal/MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED.json")
    types = [e["evidence_type"] for e in described["evidences"]]
    assert types == ["ITEM_DESCRIPTION", "RETURN_POLICY"]
    assert described["evidences"][1]["documents"] == [{"name": "return-policy.pdf"}]
    credit = body(archive, "paypal/CREDIT_NOT_PROCESSED.json")
    assert [e["evidence_type"] for e in credit["evidences"]] == ["RETURN_POLICY"]


async def test_paypal_without_a_carrier_leaves_proof_of_fulfillment_out_and_says_why(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage, shipping_method=None)

    pack = await build_pack(
        sessionmaker, storage, shop, Provider.PAYPAL, DisputeReason.NOT_RECEIVED
    )

    archive = open_zip(storage, pack)
    assert archive.namelist().count("paypal/MERCHANDISE_OR_SERVICE_NOT_RECEIVED.json") == 1
    assert "paypal/CREDIT_NOT_PROCESSED.json" not in archive.namelist()
    assert body(archive, "paypal/MERCHANDISE_OR_SERVICE_NOT_RECEIVED.json") == {"evidences": []}
    (left,) = evidence_of(archive)["provider"]["left_out"]
    assert "carrier" in left["reason"]


def test_paypal_carriers_are_its_enum_or_other_with_the_name() -> None:
    assert paypal.carrier("UPS Standard") == {"carrier_name": "UPS"}
    assert paypal.carrier("Hermes Paket") == {
        "carrier_name": "OTHER",
        "carrier_name_other": "Hermes Paket",
    }


async def test_stripe_evidence_is_written_from_the_acceptance_record(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage)

    pack = await build_pack(sessionmaker, storage, shop, Provider.STRIPE)

    archive = open_zip(storage, pack)
    sent = body(archive, "stripe/dispute-evidence.json")
    evidence = sent["evidence"]
    assert evidence["shipping_carrier"] == "DHL Express"
    assert evidence["shipping_tracking_number"] == TRACKING
    assert evidence["shipping_date"] == "2026-11-20"
    disclosure = evidence["refund_policy_disclosure"]
    accepted = shop.acceptance
    assert "I accept the return terms (EN)" in disclosure  # the consent control's wording
    assert accepted.accepted_at.strftime("%Y-%m-%d %H:%M:%S") in disclosure
    assert accepted.record_hash in disclosure and "203.0.113.7" in disclosure
    assert "Linen shirt" in evidence["product_description"]
    assert evidence["customer_purchase_ip"] == "203.0.113.7"
    for field in ("refund_policy", "shipping_documentation", "uncategorized_file"):
        archive.getinfo(evidence[field])
    assert {u["field"] for u in sent["files"]} == {
        "refund_policy",
        "shipping_documentation",
        "uncategorized_file",
    }
    assert all(u["purpose"] == "dispute_evidence" for u in sent["files"])
    text = sum(len(v) for k, v in evidence.items() if k not in stripe_module.FILE_FIELDS.values())
    assert text <= 150_000


async def test_stripe_text_over_its_limit_is_cut_and_named(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: LocalStorage,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small = limits.Limits("STRIPE", limits.STRIPE.content_types, 5 * limits.MB, None, 900)
    monkeypatch.setattr(stripe_module, "STRIPE", small)
    shop = await complete_order(sessionmaker, storage)

    pack = await build_pack(sessionmaker, storage, shop, Provider.STRIPE)

    archive = open_zip(storage, pack)
    evidence = body(archive, "stripe/dispute-evidence.json")["evidence"]
    text = sum(len(v) for k, v in evidence.items() if k not in stripe_module.FILE_FIELDS.values())
    assert text <= 900
    adjusted = evidence_of(archive)["provider"]["adjusted"]
    assert any(a["actions"] == ["TRUNCATED"] for a in adjusted)


async def test_paypal_files_are_fitted_to_a_file_and_a_total_limit(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: LocalStorage,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given PayPal limits scaled down (40 kB a file, 100 kB in all) and four 60 kB photos
    small = limits.Limits("PAYPAL", limits.PAYPAL.content_types, 40_000, 100_000, None, 2000)
    monkeypatch.setattr(pack_module, "PAYPAL", small)
    monkeypatch.setattr(view_module, "PAYPAL", small)
    shop = await complete_order(
        sessionmaker, storage, photos=4, photo=lambda i: noise_jpeg(60_000, i)
    )

    pack = await build_pack(sessionmaker, storage, shop, Provider.PAYPAL)

    # then every provider file is within a file's limit, all together within the total,
    # and each downscaled photo is named
    provider = evidence_of(open_zip(storage, pack))["provider"]
    sizes = [f["byte_size"] for f in provider["files"]]
    assert max(sizes) <= 40_000 and sum(sizes) <= 100_000
    photos = [f for f in provider["files"] if f["role"] == "dispatch-photo"]
    assert len(photos) + len(provider["left_out"]) == 4
    assert len(provider["adjusted"]) == len(photos)
    assert all("DOWNSCALED" in a["actions"] or "RECOMPRESSED" in a["actions"]
               for a in provider["adjusted"])  # fmt: skip


async def test_stripe_photos_go_into_one_shipping_pdf_within_5_mb(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(
        sessionmaker, storage, photos=3, photo=lambda i: noise_jpeg(2_500_000, i)
    )

    pack = await build_pack(sessionmaker, storage, shop, Provider.STRIPE)

    archive = open_zip(storage, pack)
    shipping = archive.read("stripe/files/shipping-documentation.pdf")
    assert shipping.startswith(b"%PDF") and len(shipping) <= 5_000_000
    provider = evidence_of(archive)["provider"]
    assert all(f["byte_size"] <= 5_000_000 for f in provider["files"])
    assert all(f["content_type"] in {"application/pdf", "image/jpeg", "image/png"}
               for f in provider["files"])  # fmt: skip
    assert len(provider["adjusted"]) == 3  # each photo scaled down to share the 5 MB


def phone_photo(seed: int = 0) -> bytes:
    """A JPEG as a phone writes it at the packing station: GPS in its EXIF, and stored on its
    side (landscape pixels, red left half) with Orientation 6 (turn 90 degrees clockwise)."""
    image = Image.new("RGB", (1200, 800), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 600, 800))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Phone"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 31.0, 12.0 + seed),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (13.0, 24.0, 36.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def assert_clean_and_upright(data: bytes) -> None:
    assert b"Exif" not in data and b"GPS" not in data
    with Image.open(io.BytesIO(data)) as copy:
        assert copy.format == "JPEG" and not copy.getexif()
        assert "exif" not in copy.info and "icc_profile" not in copy.info
        # upright: portrait, the stored left half on top
        assert copy.size == (800, 1200)
        top, bottom = copy.getpixel((400, 100)), copy.getpixel((400, 1100))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 200 and top[2] < 60 and bottom[2] > 200 and bottom[0] < 60


async def test_paypal_photos_are_clean_upright_copies_and_the_pack_keeps_the_original(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    # given a parcel photographed with GPS in the EXIF and an orientation tag
    original = phone_photo()
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    shop = await complete_order(sessionmaker, storage, photos=1, photo=lambda i: original)

    # when a PayPal pack is built
    archive = open_zip(storage, await build_pack(sessionmaker, storage, shop, Provider.PAYPAL))

    # then the file for PayPal has no EXIF or GPS, is upright, and fits PayPal's limit
    sent = archive.read("paypal/files/dispatch-photo-1.jpg")
    assert_clean_and_upright(sent)
    assert len(sent) <= limits.PAYPAL.max_file_bytes
    evidence = evidence_of(archive)
    (entry,) = [f for f in evidence["provider"]["files"] if f["role"] == "dispatch-photo"]
    assert entry["sha256"] == hashlib.sha256(sent).hexdigest()
    (adjusted,) = evidence["provider"]["adjusted"]
    assert "GPS" in adjusted["detail"] and adjusted["file"] == entry["path"]
    # and evidence.json still lists the original, which the pack holds byte for byte
    (photo,) = evidence["dispatch"]["parcels"][0]["photos"]
    assert photo["sha256"] == hashlib.sha256(original).hexdigest() != entry["sha256"]
    assert archive.read(photo["file"]) == original


async def test_stripe_shipping_pdf_embeds_clean_copies_not_the_originals(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage, photos=2, photo=phone_photo)

    archive = open_zip(storage, await build_pack(sessionmaker, storage, shop, Provider.STRIPE))

    shipping = archive.read("stripe/files/shipping-documentation.pdf")
    assert b"Exif" not in shipping and b"GPS" not in shipping
    assert len(shipping) <= limits.STRIPE.max_file_bytes


def test_a_clean_copy_is_made_even_when_the_original_would_fit() -> None:
    original = phone_photo()

    fitted = limits.fit_image(original, limits.PAYPAL.content_types, 10 * limits.MB)

    assert fitted is not None and fitted.data != original
    assert_clean_and_upright(fitted.data)
    assert (fitted.width, fitted.height) == (800, 1200)
    assert fitted.actions == ("RECOMPRESSED",)


def test_an_image_type_a_provider_does_not_take_is_converted() -> None:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 200, 30)).save(out, "WEBP")

    fitted = limits.fit_image(out.getvalue(), limits.STRIPE.content_types, 5 * limits.MB)

    assert fitted is not None and fitted.content_type == "image/jpeg"
    assert fitted.actions == ("CONVERTED",)
    assert fitted.data.startswith(b"\xff\xd8")


def test_what_cannot_fit_is_none() -> None:
    assert limits.fit_image(noise_jpeg(200_000), frozenset({limits.JPEG}), 500) is None


def test_text_the_pdf_fonts_cannot_show_is_folded_and_said() -> None:
    document = Document("Zwrot w ci\u0105gu 14 dni \u2013 \u201ebez podania przyczyny\u201d")

    assert document.output().startswith(b"%PDF") and document.folded
