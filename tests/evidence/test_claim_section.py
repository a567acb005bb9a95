"""The claim section of a pack: the claim, its thread, its resolution and its log's check, and
a claim pack built from it (evidence.json, summary.html, PayPal and Stripe)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.claims import carry_out, quantities, service, staff
from saleor_foresight.claims.log import Who
from saleor_foresight.claims.models import (
    Claim,
    ClaimEvent,
    ClaimReason,
    ClaimResolution,
    ResolutionKind,
    ResolutionStatus,
)
from saleor_foresight.claims.resolution import ResolutionRequest
from saleor_foresight.claims.states import Actor
from saleor_foresight.evidence import service as evidence_service
from saleor_foresight.evidence.claim import gather_claim
from saleor_foresight.evidence.errors import EvidenceError, EvidenceErrorCode
from saleor_foresight.evidence.models import DisputeReason, EvidencePack, Provider
from saleor_foresight.orders import record
from saleor_foresight.storage import LocalStorage, Storage
from tests.evidence.factories import (
    STAFF_EMAIL,
    STAFF_ID,
    Shop,
    complete_order,
    evidence_of,
    open_zip,
)
from tests.factories import at

BUYER = Who(Actor.BUYER, "VXNlcjo0Ng==", "buyer@example.com")
STAFF = Who(Actor.STAFF, STAFF_ID, STAFF_EMAIL)
GRANTED = "R3JhbnRlZFJlZnVuZDox"
FILED = at(61) + timedelta(days=3)


@dataclass(frozen=True)
class Refunded:
    shop: Shop
    claim_id: uuid.UUID
    resolution_id: uuid.UUID


async def refunded_claim(
    sessionmaker: async_sessionmaker[AsyncSession], storage: Storage, shop: Shop | None = None
) -> Refunded:
    """A claim filed on the fixture order, a staff note, a refund Saleor confirmed."""
    if shop is None:
        shop = await complete_order(sessionmaker, storage)
    async with sessionmaker.begin() as session:
        order = await record.get_order(session, shop.installation_id, shop.saleor_order_id)
        assert order is not None
        claim = await service.file_claim(
            session,
            order,
            reason=ClaimReason.DAMAGED,
            wished_resolution=ResolutionKind.REFUND,
            lines=[quantities.LineRequest("L1", 1)],
            message="The seam is torn.",
            who=BUYER,
            now=FILED,
            confirm_early=True,
        )
        await staff.note(session, shop.installation_id, claim.id, STAFF, FILED, "Internal only.")
        claim = await staff.resolve(
            session,
            shop.installation_id,
            claim.id,
            STAFF,
            FILED + timedelta(hours=1),
            ResolutionRequest(ResolutionKind.REFUND),
            "We refund the shirt; keep it.",
        )
        (resolution,) = claim.resolutions
        # Saleor granted the refund and was asked to pay it out (the job's part)
        resolution.granted_refund_id = GRANTED
        resolution.status = ResolutionStatus.WAITING_FOR_SALEOR
        resolution.refund_requested_at = FILED + timedelta(hours=1)
        claim_id, resolution_id = claim.id, resolution.id
    await carry_out.finish(
        sessionmaker.begin, shop.installation_id, resolution_id, FILED + timedelta(hours=2), None
    )
    return Refunded(shop, claim_id, resolution_id)


async def claim_pack(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: LocalStorage,
    refunded: Refunded,
    provider: Provider,
    reason: DisputeReason | None = None,
) -> EvidencePack:
    async with sessionmaker.begin() as session:
        pack = await evidence_service.request_pack(
            session,
            refunded.shop.installation_id,
            order_id=None,
            claim_id=refunded.claim_id,
            provider=provider,
            reason=reason,
            staff_id=STAFF_ID,
            staff_email=STAFF_EMAIL,
        )
        assert pack.order_id == refunded.shop.order_id
    return await evidence_service.build(
        sessionmaker.begin, storage, refunded.shop.installation_id, pack.id
    )


async def test_a_claim_pack_carries_the_thread_resolution_and_log_check(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage)

    async with sessionmaker.begin() as session:
        claim = Claim(
            installation_id=shop.installation_id,
            number=1,
            order_id=shop.order_id,
            reason="NOT_RECEIVED",
            wished_resolution="REFUND",
            status="OPEN",
        )
        session.add(claim)
        await session.flush()
        section = await gather_claim(session, shop.installation_id, claim.id)

    assert section.claim_id == claim.id and section.log["ok"] is True
    assert section.order_id == shop.order_id
    assert section.messages == [] and section.resolutions == [] and section.refund_ids == []


async def test_the_section_shows_the_buyer_thread_and_the_confirmed_refund(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    refunded = await refunded_claim(sessionmaker, storage)

    async with sessionmaker() as session:
        section = await gather_claim(session, refunded.shop.installation_id, refunded.claim_id)

    # the staff note is not in the thread the buyer saw
    assert [m.action for m in section.messages] == ["FILE", "RESOLVE", "CONFIRM_RESOLUTION"]
    assert section.messages[0].text == "The seam is torn."
    assert section.messages[1].text == "We refund the shirt; keep it."
    assert all(len(m.record_hash) == 64 for m in section.messages)
    assert section.lines == [
        {
            "order_line_id": "L1",
            "product_name": "Linen shirt",
            "variant_name": "Rust / M",
            "sku": "SHIRT-RUST-M",
            "quantity": 1,
        }
    ]
    (resolution,) = section.resolutions
    assert (resolution.kind, resolution.status) == ("REFUND", "DONE")
    assert resolution.refund_ids == (GRANTED,) and resolution.confirmed_at is not None
    assert "Linen shirt" in resolution.text and GRANTED in resolution.text
    assert section.refund_ids == [GRANTED]
    assert section.status == "RESOLVED"
    # every event of the installation, the note too, is checked
    assert section.log["ok"] is True and section.log["events_checked"] == 4


async def test_a_changed_claim_event_fails_the_log_check(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    refunded = await refunded_claim(sessionmaker, storage)
    async with sessionmaker.begin() as session:
        await session.execute(
            update(ClaimEvent)
            .where(ClaimEvent.claim_id == refunded.claim_id, ClaimEvent.action == "FILE")
            .values(message="Nothing wrong.")
        )

    async with sessionmaker() as session:
        section = await gather_claim(session, refunded.shop.installation_id, refunded.claim_id)

    assert section.log["ok"] is False and len(section.log["tampered"]) == 1


async def test_an_unknown_claim_is_not_found(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage)

    async with sessionmaker() as session:
        with pytest.raises(EvidenceError) as raised:
            await gather_claim(session, shop.installation_id, uuid.uuid4())

    assert (raised.value.code, raised.value.field) == (EvidenceErrorCode.NOT_FOUND, "claim_id")


async def test_a_claim_pack_shows_the_thread_in_evidence_and_summary(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    refunded = await refunded_claim(sessionmaker, storage)

    pack = await claim_pack(sessionmaker, storage, refunded, Provider.GENERIC)

    assert pack.status == "READY", pack.last_error
    archive = open_zip(storage, pack)
    evidence = evidence_of(archive)
    claim = evidence["claim"]
    assert claim["id"] == str(refunded.claim_id)
    assert [m["action"] for m in claim["messages"]] == ["FILE", "RESOLVE", "CONFIRM_RESOLUTION"]
    assert claim["resolutions"][0]["refund_ids"] == [GRANTED]
    assert evidence["verification"]["claim_log"]["ok"] is True
    summary = archive.read("summary.html").decode()
    assert "The seam is torn." in summary and "Internal only." not in summary
    assert "Internal only." not in json.dumps(evidence)


def body(archive: Any, path: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(archive.read(path))
    return loaded


async def test_a_paypal_claim_pack_proves_the_refund(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    refunded = await refunded_claim(sessionmaker, storage)

    pack = await claim_pack(sessionmaker, storage, refunded, Provider.PAYPAL)

    archive = open_zip(storage, pack)
    credit = body(archive, "paypal/CREDIT_NOT_PROCESSED.json")
    (proof,) = [e for e in credit["evidences"] if e["evidence_type"] == "PROOF_OF_REFUND"]
    assert proof["evidence_info"] == {"refund_ids": [{"refund_id": GRANTED}]}


async def test_a_paypal_claim_pack_without_a_confirmed_refund_claims_none(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    refunded = await refunded_claim(sessionmaker, storage)
    async with sessionmaker.begin() as session:
        await session.execute(
            update(ClaimResolution)
            .where(ClaimResolution.id == refunded.resolution_id)
            .values(status=ResolutionStatus.WAITING_FOR_SALEOR)
        )

    pack = await claim_pack(sessionmaker, storage, refunded, Provider.PAYPAL)

    archive = open_zip(storage, pack)
    credit = body(archive, "paypal/CREDIT_NOT_PROCESSED.json")
    assert "PROOF_OF_REFUND" not in [e["evidence_type"] for e in credit["evidences"]]


async def test_a_stripe_claim_pack_sends_the_thread_as_customer_communication(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    refunded = await refunded_claim(sessionmaker, storage)

    pack = await claim_pack(sessionmaker, storage, refunded, Provider.STRIPE)

    archive = open_zip(storage, pack)
    sent = body(archive, "stripe/dispute-evidence.json")
    assert sent["evidence"]["customer_communication"] is not None
    archive.getinfo("stripe/files/customer-communication.pdf")
