"""A pack of a complete order: every file hashed as evidence.json says, every piece named in
the summary, and verification that fails when a stored record or photo is altered."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight.evidence.models import PackStatus, Provider
from saleor_foresight.evidence.schema import SCHEMA
from saleor_foresight.policies.models import Acceptance
from saleor_foresight.storage import LocalStorage
from tests.evidence.factories import (
    TRACKING,
    build_pack,
    complete_order,
    evidence_of,
    open_zip,
)

acceptances = Acceptance.__table__


@pytest.mark.parametrize("provider", list(Provider))
async def test_every_hash_in_evidence_json_matches_the_bytes_in_the_zip(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage, provider: Provider
) -> None:
    # given a complete order: terms accepted and bound, a tracked parcel with two photos
    shop = await complete_order(sessionmaker, storage)

    # when staff build its pack
    pack = await build_pack(sessionmaker, storage, shop, provider)

    # then it is READY, and the ZIP's own hash is the one recorded
    assert pack.status == PackStatus.READY, pack.error
    assert pack.storage_key is not None
    raw = storage.path_of(pack.storage_key).read_bytes()
    assert (hashlib.sha256(raw).hexdigest(), len(raw)) == (pack.sha256, pack.byte_size)
    archive = open_zip(storage, pack)
    document = evidence_of(archive)
    assert document["schema"] == SCHEMA
    listed = {f["path"]: f for f in document["files"]}
    # every file but evidence.json and SHA256SUMS is listed with its true hash and size
    assert set(archive.namelist()) == {*listed, "evidence.json", "SHA256SUMS"}
    for path, entry in listed.items():
        data = archive.read(path)
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], path
        assert len(data) == entry["byte_size"], path
    # SHA256SUMS covers every other member, evidence.json included
    sums = dict(
        reversed(line.split("  ", 1)) for line in archive.read("SHA256SUMS").decode().splitlines()
    )
    assert set(sums) == set(archive.namelist()) - {"SHA256SUMS"}
    for path, digest in sums.items():
        assert hashlib.sha256(archive.read(path)).hexdigest() == digest
    # each photo as stored, with the hash recorded at upload
    photos = [p for parcel in document["dispatch"]["parcels"] for p in parcel["photos"]]
    assert {p["id"] for p in photos} == {str(p.id) for p in shop.photos}
    for photo in photos:
        assert hashlib.sha256(archive.read(photo["file"])).hexdigest() == photo["sha256"]
    assert document["verification"]["ok"] is True
    provider_files = (document["provider"] or {}).get("files", [])
    for entry in provider_files:
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]


async def test_the_summary_names_every_piece(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage)

    pack = await build_pack(sessionmaker, storage, shop, Provider.PAYPAL)

    archive = open_zip(storage, pack)
    summary = archive.read("summary.html").decode()
    document = evidence_of(archive)
    assert "<script" not in summary.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", summary)  # self-contained
    for file in document["files"]:
        if file["path"] != "summary.html":
            assert file["path"] in summary and file["sha256"] in summary
    for acceptance in document["acceptances"]:
        assert acceptance["id"] in summary and acceptance["record_hash"] in summary
        for item in acceptance["items"]:
            assert item["shown"]["title"] in summary
            assert item["shown"]["consent_label"] in summary
            assert "<strong>unused</strong>" in summary  # the full text, rendered
    for parcel in document["dispatch"]["parcels"]:
        assert parcel["tracking_number"] == TRACKING and TRACKING in summary
        for photo in parcel["photos"]:
            assert photo["id"] in summary and photo["sha256"] in summary
            assert photo["captured_at"] in summary
    assert "DHL Express" in summary
    assert "MERCHANDISE_OR_SERVICE_NOT_RECEIVED" in summary
    assert "Every hash and chain verified." in summary


async def test_verifying_fails_when_a_stored_record_is_altered(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    # given a complete order whose acceptance record is then edited in the database
    shop = await complete_order(sessionmaker, storage)
    async with sessionmaker.begin() as session:
        await session.execute(
            update(acceptances)
            .where(acceptances.c.id == shop.acceptance.id)
            .values(email="someone-else@example.com")
        )

    # when the pack is built
    pack = await build_pack(sessionmaker, storage, shop)

    # then the pack says so and names the record
    document = evidence_of(open_zip(storage, pack))
    verification = document["verification"]
    assert verification["ok"] is False
    assert str(shop.acceptance.id) in verification["acceptance_chain"]["tampered_records"]
    (record,) = verification["acceptance_records"]
    assert record["ok"] is False and record["id"] == str(shop.acceptance.id)
    assert "Verification FAILED" in open_zip(storage, pack).read("summary.html").decode()


async def test_an_altered_photo_fails_verification_and_is_named(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage)
    altered = shop.photos[0]
    storage.path_of(altered.original_key).write_bytes(b"\xff\xd8\xff" + b"\0" * 50)

    pack = await build_pack(sessionmaker, storage, shop)

    checks = {c["id"]: c for c in evidence_of(open_zip(storage, pack))["verification"]["photos"]}
    assert checks[str(altered.id)]["ok"] is False
    assert checks[str(altered.id)]["computed_sha256"] != altered.sha256
    assert checks[str(shop.photos[1].id)]["ok"] is True


async def test_a_photo_missing_from_storage_is_named_and_the_rest_is_packed(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage
) -> None:
    shop = await complete_order(sessionmaker, storage)
    storage.path_of(shop.photos[0].original_key).unlink()

    pack = await build_pack(sessionmaker, storage, shop)

    document = evidence_of(open_zip(storage, pack))
    (check,) = [c for c in document["verification"]["photos"] if not c["ok"]]
    assert check["problem"] == "the original is missing from storage"
    assert pack.status == PackStatus.READY
