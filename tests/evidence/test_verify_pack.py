"""verify-pack: a pack checked from the ZIP alone, by the CLI and the pure function; any single
input altered fails naming what, and a pack without the inputs is not verifiable."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from saleor_foresight import cli
from saleor_foresight.evidence.models import EvidencePack, Provider
from saleor_foresight.evidence.verify_pack import PackReport, Status, verify_pack
from saleor_foresight.storage import LocalStorage
from tests.evidence.factories import build_pack, complete_order
from tests.evidence.test_claim_section import claim_pack, refunded_claim

Document = dict[str, Any]


def pack_path(storage: LocalStorage, pack: EvidencePack) -> Path:
    assert pack.storage_key is not None, pack.error
    return storage.path_of(pack.storage_key)


def rewrite(
    source: Path,
    target: Path,
    *,
    document: Callable[[Document], None] | None = None,
    member: tuple[str, Callable[[bytes], bytes]] | None = None,
    reseal: bool = True,
) -> Path:
    """A copy of the pack with evidence.json or one member changed; ``reseal`` also rewrites
    files[] and SHA256SUMS to match, as a forger would, so only the deeper checks can tell."""
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    evidence: Document = json.loads(members["evidence.json"])
    if member is not None:
        name, change = member
        members[name] = change(members[name])
    if document is not None:
        document(evidence)
    if reseal:
        for entry in evidence["files"]:
            data = members[entry["path"]]
            entry["sha256"], entry["byte_size"] = hashlib.sha256(data).hexdigest(), len(data)
    members["evidence.json"] = json.dumps(evidence, indent=2).encode()
    if reseal:
        members["SHA256SUMS"] = "".join(
            f"{hashlib.sha256(data).hexdigest()}  {name}\n"
            for name, data in members.items()
            if name != "SHA256SUMS"
        ).encode()
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def failed(report: PackReport) -> dict[str, str]:
    """The failed rows, by what they name (a record's or version's id left out)."""
    return {c.what.split(" (")[0]: c.detail for c in report.checks if c.status is Status.FAIL}


def first_photo(evidence: Document) -> Document:
    photo: Document = evidence["dispatch"]["parcels"][0]["photos"][0]
    return photo


@pytest.fixture
async def two_orders(sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage) -> Path:
    """The pack of the first of two orders of one shop: its record has a link either side."""
    shop = await complete_order(sessionmaker, storage)
    await complete_order(sessionmaker, storage, number=2, installation_id=shop.installation_id)
    return pack_path(storage, await build_pack(sessionmaker, storage, shop, Provider.PAYPAL))


async def test_a_pack_built_by_foresight_verifies_through_the_cli(
    two_orders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # when an auditor runs the command on the pack, with no database and no settings
    code = cli.main(["verify-pack", str(two_orders)])

    # then every row is OK (or INFO), the exit code is 0, and each kind of check is there
    table = capsys.readouterr().out
    assert code == 0, table
    assert "FAIL" not in table and "NOT VERIFIABLE" not in table
    for row in (
        "acceptance record #1",
        "acceptance chain",
        "policy version Returns v1",
        "dispatch photo",
        "file evidence.json",
        "file paypal/files/dispatch-photo-1.jpg",
        "shop's acceptance chain",
    ):
        assert row in table, row
    assert table.rstrip().splitlines()[-1].startswith("pack verified")


async def test_the_pure_function_checks_every_member_and_both_sides_of_the_chain(
    two_orders: Path,
) -> None:
    report = verify_pack(two_orders)

    assert report.exit_code == 0 and report.ok
    with zipfile.ZipFile(two_orders) as archive:
        members = set(archive.namelist()) - {"SHA256SUMS"}
    checked = {c.what.removeprefix("file ") for c in report.checks if c.what.startswith("file ")}
    assert checked == members
    chain = next(c for c in report.checks if c.what == "acceptance chain")
    assert "head #2" in chain.detail


@pytest.mark.parametrize(
    ("tamper", "named"),
    [
        pytest.param(
            {"document": lambda e: e["acceptances"][0].update(email="someone@example.com")},
            "acceptance record #1",
            id="an acceptance field",
        ),
        pytest.param(
            {"document": lambda e: e["acceptances"][0].update(cart_fingerprint="0" * 64)},
            "acceptance record #1",
            id="the cart fingerprint",
        ),
        pytest.param(
            {
                "document": lambda e: e["acceptances"][0]["items"][0]["full_text"][0].update(
                    body_markdown="Returns within 60 days."
                )
            },
            "policy version Returns v1",
            id="a version text",
        ),
        pytest.param(
            {
                "document": lambda e: e["acceptances"][0]["items"][0]["version"].update(
                    fallback_language="DE"
                )
            },
            "policy version Returns v1",
            id="the fallback language",
        ),
        pytest.param(
            {
                "document": lambda e: e["verification"]["acceptance_chain"]["links"][-1].update(
                    prev_hash="f" * 64
                )
            },
            "acceptance chain",
            id="a chain link",
        ),
        pytest.param(
            {
                "document": lambda e: e["verification"]["acceptance_chain"]["head"].update(
                    sequence=1
                )
            },
            "acceptance chain",
            id="the chain head",
        ),
    ],
)
async def test_tampering_one_input_fails_naming_what(
    two_orders: Path, tmp_path: Path, tamper: dict[str, Any], named: str
) -> None:
    # given the pack with one input changed, files[] and SHA256SUMS resealed to match
    forged = rewrite(two_orders, tmp_path / "forged.zip", **tamper)

    # when it is checked
    report = verify_pack(forged)

    # then it fails, and the row that fails names what was altered
    assert report.exit_code == 1
    assert named in failed(report), failed(report)


async def test_a_byte_of_a_photo_changed_fails_that_photo(
    two_orders: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(two_orders) as archive:
        evidence = json.loads(archive.read("evidence.json"))
    photo = first_photo(evidence)

    def flip(data: bytes) -> bytes:
        return data[:-3] + bytes([data[-3] ^ 0xFF]) + data[-2:]

    forged = rewrite(two_orders, tmp_path / "forged.zip", member=(photo["file"], flip))

    assert cli.main(["verify-pack", str(forged)]) == 1
    table = capsys.readouterr().out
    row = next(line for line in table.splitlines() if line.startswith("dispatch photo"))
    assert "FAIL" in row and photo["file"] in row and "recorded at upload" in row


async def test_a_member_changed_without_resealing_fails_its_checksums(
    two_orders: Path, tmp_path: Path
) -> None:
    forged = rewrite(
        two_orders,
        tmp_path / "forged.zip",
        member=("summary.html", lambda data: data.replace(b"</html>", b"<p>x</p></html>")),
        reseal=False,
    )

    problems = failed(verify_pack(forged))

    assert "SHA256SUMS" in problems["file summary.html"]
    assert "files[]" in problems["file summary.html"]


async def test_a_member_nobody_lists_fails(two_orders: Path, tmp_path: Path) -> None:
    forged = tmp_path / "forged.zip"
    shutil.copyfile(two_orders, forged)
    with zipfile.ZipFile(forged, "a") as archive:
        archive.writestr("photos/extra.jpg", b"\xff\xd8not listed")

    assert "file photos/extra.jpg" in failed(verify_pack(forged))


async def test_a_pack_without_the_hash_inputs_is_not_verifiable(
    two_orders: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a pack as Foresight wrote them before every input was carried
    def before(evidence: Document) -> None:
        for acceptance in evidence["acceptances"]:
            for key in ("installation_id", "cart_fingerprint", "idempotency_key"):
                del acceptance[key]
            for item in acceptance["items"]:
                del item["translation_id"], item["version"]["fallback_language"]
        chain = evidence["verification"]["acceptance_chain"]
        del chain["links"], chain["head"]

    old = rewrite(two_orders, tmp_path / "old.zip", document=before)

    # when it is checked, it is neither OK nor a forgery: it cannot be verified
    assert cli.main(["verify-pack", str(old)]) == 2
    table = capsys.readouterr().out
    proofs = [
        line
        for line in table.splitlines()
        if line.startswith(("acceptance record", "policy version", "acceptance chain"))
    ]
    assert len(proofs) == 5  # one record, three versions, the chain
    assert all("NOT VERIFIABLE" in line for line in proofs), proofs
    assert "installation_id" in table and "translation_id" in table
    assert "fallback_language" in table and "no chain links" in table
    assert table.rstrip().splitlines()[-1].startswith("pack NOT VERIFIABLE")


async def test_a_claim_pack_recomputes_the_thread_and_its_log(
    sessionmaker: async_sessionmaker[AsyncSession], storage: LocalStorage, tmp_path: Path
) -> None:
    refunded = await refunded_claim(sessionmaker, storage)
    path = pack_path(storage, await claim_pack(sessionmaker, storage, refunded, Provider.STRIPE))

    report = verify_pack(path)

    assert report.exit_code == 0, failed(report)
    events = [c for c in report.checks if c.what.startswith("claim event #")]
    assert events and all(c.status is Status.OK for c in events)
    assert any(c.what == "claim log" and c.status is Status.OK for c in report.checks)

    # a message of the thread altered fails its event
    def reword(evidence: Document) -> None:
        message = evidence["claim"]["messages"][0]
        message["message"] = message["text"] = "It arrived fine."

    forged = verify_pack(rewrite(path, tmp_path / "forged.zip", document=reword))
    assert any(what.startswith("claim event #") for what in failed(forged)), failed(forged)


def test_what_is_not_a_zip_fails(tmp_path: Path) -> None:
    path = tmp_path / "pack.zip"
    path.write_bytes(b"not a zip")

    report = verify_pack(path)

    assert report.exit_code == 1 and "pack" in failed(report)
    assert verify_pack(io.BytesIO(b"")).exit_code == 1


def test_checking_a_pack_loads_no_database_code() -> None:
    probe = (
        "import sys, saleor_foresight.evidence.verify_pack; "
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'saleor_foresight.'))))"
    )
    loaded = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout

    assert "sqlalchemy" not in loaded and "saleor_foresight.db" not in loaded
    assert "saleor_foresight.settings" not in loaded
