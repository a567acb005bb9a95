"""Check an evidence pack from the pack alone: every hash, chain link and file recomputed.

``verify_pack`` opens the ZIP and, with no database and no settings, checks (one row each):

- every member against ``SHA256SUMS``, and every file ``evidence.json`` lists (``files[]``,
  ``provider.files[]``) against its bytes and size; a member nobody lists fails;
- each dispatch photo's bytes against the SHA-256 recorded at upload;
- each accepted policy version: its content hash recomputed from its full text, kind,
  return window and fallback language;
- each acceptance record: its hash recomputed from its fields; each item's content hash is
  its version's, and the text shown is that version's text in the language recorded;
- the acceptance chain around the order's records: each record follows the link before it
  and is followed by the link after it (or is the head), by ``canonical.links_up``;
- for a claim pack, each event of the thread recomputed, and the claim log around it;
- what the pack says Foresight checked that the pack cannot show (the shop's whole chain
  holds other buyers' records): reported as INFO, or FAIL when the pack says it failed.

The hashes are computed by ``saleor_foresight.ledger.canonical``, the code the app writes them
with. A pack made before it carried every input (an older ``foresight.evidence/1`` pack) is NOT
VERIFIABLE, never OK. The algorithm is in EVIDENCE_SCHEMA.md ("Hashes").
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from ..ledger.canonical import (
    EVENT_KEYS,
    GENESIS_HASH,
    RECORD_ITEM_KEYS,
    RECORD_KEYS,
    START,
    TRANSLATION_KEYS,
    content_document,
    event_document,
    links_up,
    missing_keys,
    record_document,
    sha256_hex,
)

SCHEMA = "foresight.evidence/1"
EVIDENCE = "evidence.json"
SUMS = "SHA256SUMS"
# evidence.json and SHA256SUMS are read whole: a larger one is refused
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024
_MALFORMED = (KeyError, TypeError, ValueError, AttributeError, IndexError)


class Status(StrEnum):
    OK = "OK"
    FAIL = "FAIL"
    UNVERIFIABLE = "NOT VERIFIABLE"
    INFO = "INFO"


@dataclass(frozen=True)
class Check:
    what: str
    status: Status
    detail: str


@dataclass
class PackReport:
    checks: list[Check] = field(default_factory=list)

    def add(self, what: str, status: Status, detail: str) -> None:
        self.checks.append(Check(what, status, detail))

    def expect(self, what: str, problems: list[str], detail: str) -> None:
        """OK with ``detail`` when there are no problems, else FAIL naming them."""
        if problems:
            self.add(what, Status.FAIL, "; ".join(problems))
        else:
            self.add(what, Status.OK, detail)

    def count(self, status: Status) -> int:
        return sum(1 for c in self.checks if c.status is status)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def exit_code(self) -> int:
        """0: everything verified; 1: something failed; 2: something cannot be verified."""
        if self.count(Status.FAIL):
            return 1
        return 2 if self.count(Status.UNVERIFIABLE) else 0


def verify_pack(source: str | Path | IO[bytes]) -> PackReport:
    """Every check of the pack at ``source`` (a path or a binary file)."""
    report = PackReport()
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        report.add("pack", Status.FAIL, f"not a readable ZIP: {exc}")
        return report
    with archive:
        _check_archive(archive, report)
    return report


def render(report: PackReport) -> str:
    """The report as a table, one check a line, and a closing count."""
    width = max((len(c.what) for c in report.checks), default=0)
    lines = [
        f"{c.what.ljust(width)}  {c.status.value.ljust(14)}  {c.detail}" for c in report.checks
    ]
    counts = ", ".join(f"{report.count(s)} {s.value}" for s in Status if report.count(s))
    verdict = {0: "pack verified", 1: "pack FAILED", 2: "pack NOT VERIFIABLE"}[report.exit_code]
    lines.append(f"{verdict}: {counts}")
    return "\n".join(lines) + "\n"


def _check_archive(archive: zipfile.ZipFile, report: PackReport) -> None:
    names = archive.namelist()
    if len(names) != len(set(names)):
        doubled = sorted({n for n in names if names.count(n) > 1})
        report.add("pack", Status.FAIL, f"members named twice: {', '.join(doubled)}")
    digests = {name: _digest(archive, name) for name in set(names) if not name.endswith("/")}
    evidence = _document(archive, report)
    if evidence is None:
        return
    sections: list[tuple[str, Callable[[], None]]] = [
        ("files", lambda: _files(archive, evidence, digests, report)),
        ("photos", lambda: _photos(evidence, digests, report)),
        ("policy versions", lambda: _versions(evidence, report)),
        ("acceptance records", lambda: _records(evidence, report)),
        ("claim log", lambda: _claim(evidence, report)),
        ("build-time checks", lambda: _reported(evidence, report)),
    ]
    for name, section in sections:
        try:
            section()
        except _MALFORMED as exc:
            report.add(name, Status.FAIL, f"evidence.json is malformed here: {exc!r}")


def _digest(archive: zipfile.ZipFile, name: str) -> tuple[str, int] | str:
    """(sha256, size) of a member, read in chunks; or why it cannot be read."""
    digest, size = hashlib.sha256(), 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except (OSError, zipfile.BadZipFile, NotImplementedError, EOFError) as exc:
        return f"cannot be read: {exc}"
    return digest.hexdigest(), size


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes | str:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return "missing from the ZIP"
    if info.file_size > MAX_DOCUMENT_BYTES:
        return f"{info.file_size} bytes; at most {MAX_DOCUMENT_BYTES} are read"
    try:
        with archive.open(info) as member:
            return member.read(MAX_DOCUMENT_BYTES + 1)
    except (OSError, zipfile.BadZipFile, NotImplementedError, EOFError) as exc:
        return f"cannot be read: {exc}"


def _document(archive: zipfile.ZipFile, report: PackReport) -> dict[str, Any] | None:
    raw = _read_small(archive, EVIDENCE)
    if isinstance(raw, str):
        report.add(EVIDENCE, Status.FAIL, raw)
        return None
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        report.add(EVIDENCE, Status.FAIL, f"not JSON: {exc}")
        return None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        found = document.get("schema") if isinstance(document, dict) else None
        report.add(EVIDENCE, Status.FAIL, f"schema {found!r}; this check reads {SCHEMA}")
        return None
    pack = document.get("pack") or {}
    report.add(
        EVIDENCE,
        Status.INFO,
        f"pack {pack.get('id')} ({pack.get('provider')}) built {pack.get('generated_at')}",
    )
    return document


def _files(
    archive: zipfile.ZipFile,
    evidence: dict[str, Any],
    digests: dict[str, tuple[str, int] | str],
    report: PackReport,
) -> None:
    """Every member against every list that names it: SHA256SUMS, files[], provider.files[]."""
    listed: dict[str, list[tuple[str, str, int | None]]] = {}
    raw = _read_small(archive, SUMS)
    if isinstance(raw, str):
        report.add(SUMS, Status.FAIL, raw)
    else:
        for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), 1):
            digest, separator, path = line.partition("  ")
            if not separator or len(digest) != 64:
                report.add(SUMS, Status.FAIL, f"line {number} is not '<sha256>  <path>'")
                continue
            listed.setdefault(path, []).append((SUMS, digest, None))
    provider = evidence.get("provider") or {}
    for where, entries in (
        ("files[]", evidence["files"]),
        ("provider.files[]", provider.get("files", [])),
    ):
        for entry in entries:
            listed.setdefault(entry["path"], []).append(
                (where, entry["sha256"], entry["byte_size"])
            )
    for path in sorted(set(digests) | set(listed)):
        if path == SUMS:
            continue
        found, claims = digests.get(path), listed.get(path, [])
        what = f"file {path}"
        if found is None:
            report.add(what, Status.FAIL, f"listed in {_names(claims)} but not in the ZIP")
            continue
        if isinstance(found, str):
            report.add(what, Status.FAIL, found)
            continue
        if not any(where == SUMS for where, _, _ in claims):
            report.add(what, Status.FAIL, "in the ZIP but not listed in SHA256SUMS")
            continue
        problems = [
            f"{where} says sha256 {digest[:12]}…, the bytes hash to {found[0][:12]}…"
            for where, digest, _ in claims
            if digest != found[0]
        ] + [
            f"{where} says {size} bytes, the file has {found[1]}"
            for where, _, size in claims
            if size is not None and size != found[1]
        ]
        report.expect(what, problems, f"sha256 {found[0][:16]}… as {_names(claims)} say")


def _names(claims: list[tuple[str, str, int | None]]) -> str:
    return ", ".join(dict.fromkeys(where for where, _, _ in claims)) or "nothing"


def _photos(
    evidence: dict[str, Any], digests: dict[str, tuple[str, int] | str], report: PackReport
) -> None:
    for parcel in evidence["dispatch"]["parcels"]:
        for photo in parcel["photos"]:
            what = f"dispatch photo {str(photo['id'])[:8]}"
            path = photo.get("file")
            found = digests.get(path) if path else None
            if not isinstance(found, tuple):
                report.add(what, Status.FAIL, f"its original is not in the pack ({path})")
                continue
            problems = []
            if found[0] != photo["sha256"]:
                problems.append(
                    f"{path} hashes to {found[0][:12]}…, recorded at upload {photo['sha256'][:12]}…"
                )
            if photo.get("byte_size") is not None and found[1] != photo["byte_size"]:
                problems.append(f"{path} has {found[1]} bytes, recorded {photo['byte_size']}")
            report.expect(what, problems, f"{path} is the original recorded at upload")


def _items(evidence: dict[str, Any]) -> Iterable[tuple[dict[str, Any], dict[str, Any]]]:
    for acceptance in evidence["acceptances"]:
        for item in acceptance["items"]:
            yield acceptance, item


def _versions(evidence: dict[str, Any], report: PackReport) -> None:
    seen: set[str] = set()
    for _, item in _items(evidence):
        version, policy = item["version"], item["policy"]
        if version["id"] in seen:
            continue
        seen.add(version["id"])
        what = f"policy version {policy['name']} v{version['number']} ({version['id'][:8]})"
        missing = missing_keys(version, ("fallback_language", "content_hash")) + [
            f"full_text[].{key}"
            for key in TRANSLATION_KEYS
            if any(key not in t for t in item["full_text"])
        ]
        if missing:
            report.add(what, Status.UNVERIFIABLE, f"the pack lacks {', '.join(missing)}")
            continue
        recomputed = sha256_hex(
            content_document(
                policy["kind"],
                version["return_window_days"],
                version["fallback_language"],
                item["full_text"],
            )
        )
        problems = []
        if recomputed != version["content_hash"]:
            problems.append(
                f"content hash recomputes to {recomputed[:12]}…, "
                f"the pack says {str(version['content_hash'])[:12]}…"
            )
        languages = len(item["full_text"])
        report.expect(what, problems, f"content hash recomputed from {languages} language(s)")


def _records(evidence: dict[str, Any], report: PackReport) -> None:
    records: list[tuple[int, str, str, str]] = []
    for acceptance in evidence["acceptances"]:
        what = f"acceptance record #{acceptance.get('sequence')} ({str(acceptance['id'])[:8]})"
        missing = missing_keys(acceptance, (*RECORD_KEYS, "record_hash"))
        for item in acceptance["items"]:
            missing += [f"items[].{k}" for k in missing_keys(item, RECORD_ITEM_KEYS)]
            missing += [
                f"items[].full_text[].{k}"
                for k in ("id",)
                if any(k not in t for t in item["full_text"])
            ]
        if missing:
            names = ", ".join(dict.fromkeys(missing))
            report.add(what, Status.UNVERIFIABLE, f"the pack lacks {names}")
            continue
        recomputed = sha256_hex(record_document(acceptance))
        problems = _record_hash_problems(recomputed, acceptance["record_hash"])
        for item in acceptance["items"]:
            problems += _item_problems(item)
        report.expect(
            what,
            problems,
            f"record hash recomputed; {len(acceptance['items'])} item(s) match their versions "
            "and the text shown",
        )
        records.append(
            (
                acceptance["sequence"],
                acceptance["id"],
                acceptance["prev_hash"],
                acceptance["record_hash"],
            )
        )
    if evidence["acceptances"]:
        chain = evidence["verification"]["acceptance_chain"]
        _excerpt("acceptance chain", records, chain, report)


def _item_problems(item: dict[str, Any]) -> list[str]:
    where = f"item {item['position']}"
    problems = []
    if item["content_hash"] != item["version"]["content_hash"]:
        problems.append(
            f"{where} accepted content hash {item['content_hash'][:12]}…, not its version's"
        )
    if item["version_id"] != item["version"]["id"]:
        problems.append(
            f"{where} names version {item['version_id']}, shows {item['version']['id']}"
        )
    texts = [t for t in item["full_text"] if t["id"] == item["translation_id"]]
    if not texts:
        problems.append(f"{where}: translation {item['translation_id']} is not in its version")
        return problems
    text, shown = texts[0], item["shown"]
    if text["language"] != item["language"]:
        problems.append(
            f"{where} records language {item['language']}, its text is {text['language']}"
        )
    for key in TRANSLATION_KEYS:
        if shown.get(key) != text[key]:
            problems.append(f"{where}: shown.{key} is not the version's text")
    for key in ("title", "consent_label"):
        if item[key] != text[key]:
            problems.append(f"{where}: the recorded {key} is not the version's")
    return problems


def _excerpt(
    name: str,
    records: list[tuple[int, str, str, str]],
    section: dict[str, Any],
    report: PackReport,
) -> None:
    """The chain around ``records`` (sequence, id, prev_hash, record_hash), from the links
    and head the pack carries."""
    if "links" not in section or "head" not in section:
        report.add(name, Status.UNVERIFIABLE, "the pack carries no chain links or head")
        return
    links = {int(link["sequence"]): link for link in section["links"]}
    head = (int(section["head"]["sequence"]), str(section["head"]["hash"]))
    problems = []
    for sequence, link in sorted(links.items()):
        if sequence == 1 and link["prev_hash"] != GENESIS_HASH:
            problems.append("link #1 does not start from the genesis hash")
        before = links.get(sequence - 1)
        if before is not None and not links_up(
            (sequence - 1, before["record_hash"]), sequence, link["prev_hash"]
        ):
            problems.append(f"link #{sequence} does not follow link #{sequence - 1}")
        if sequence > head[0]:
            problems.append(f"link #{sequence} is past the head #{head[0]}")
    if head[0] in links and links[head[0]]["record_hash"] != head[1]:
        problems.append(f"the head #{head[0]} is not link #{head[0]}'s hash")
    for sequence, record_id, prev_hash, record_hash in records:
        own = links.get(sequence)
        if own is None or (own["id"], own["prev_hash"], own["record_hash"]) != (
            record_id,
            prev_hash,
            record_hash,
        ):
            problems.append(f"#{sequence} is not the chain's link #{sequence}")
        before = START if sequence == 1 else None
        if sequence > 1 and sequence - 1 in links:
            before = (sequence - 1, links[sequence - 1]["record_hash"])
        if before is None:
            problems.append(f"the pack lacks link #{sequence - 1}")
        elif not links_up(before, sequence, prev_hash):
            problems.append(f"#{sequence} does not follow #{sequence - 1}")
        after = links.get(sequence + 1)
        if after is not None:
            if not links_up((sequence, record_hash), sequence + 1, after["prev_hash"]):
                problems.append(f"#{sequence + 1} does not follow #{sequence}")
        elif head != (sequence, record_hash):
            problems.append(f"the pack lacks link #{sequence + 1}, and #{sequence} is not the head")
    report.expect(
        name,
        problems,
        f"{len(records)} record(s) linked to the records either side ({len(links)} links); "
        f"head #{head[0]}",
    )


def _claim(evidence: dict[str, Any], report: PackReport) -> None:
    claim = evidence.get("claim")
    if claim is None:
        return
    records: list[tuple[int, str, str, str]] = []
    for message in claim["messages"]:
        what = f"claim event #{message.get('sequence')} ({message['action']})"
        missing = missing_keys(message, (*EVENT_KEYS, "record_hash"))
        if missing:
            report.add(what, Status.UNVERIFIABLE, f"the pack lacks {', '.join(missing)}")
            continue
        recomputed = sha256_hex(event_document(message))
        problems = _record_hash_problems(recomputed, message["record_hash"])
        if message["event_id"] != message["id"]:
            problems.append(f"event_id {message['event_id']} is not its id {message['id']}")
        if message["message"] and message["text"] != message["message"]:
            problems.append("the text shown is not the message recorded")
        report.expect(what, problems, "record hash recomputed")
        records.append(
            (message["sequence"], message["id"], message["prev_hash"], message["record_hash"])
        )
    if claim["messages"]:
        _excerpt("claim log", records, evidence["verification"]["claim_log"] or {}, report)


def _reported(evidence: dict[str, Any], report: PackReport) -> None:
    """What Foresight checked when it built the pack and the pack cannot show."""
    verification = evidence["verification"]
    chain = verification["acceptance_chain"]
    status = Status.INFO if chain["ok"] else Status.FAIL
    report.add(
        "shop's acceptance chain",
        status,
        f"Foresight recomputed {chain['records_checked']} record(s) and "
        f"{chain['versions_checked']} version(s) at build: {'ok' if chain['ok'] else 'FAILED'} "
        "(other buyers' records are not in the pack)",
    )
    log = verification.get("claim_log")
    if log is not None:
        report.add(
            "shop's claim log",
            Status.INFO if log["ok"] else Status.FAIL,
            f"Foresight recomputed {log['events_checked']} event(s) at build: "
            f"{'ok' if log['ok'] else 'FAILED'} (other claims' events are not in the pack)",
        )
    if not verification["ok"]:
        report.add("build-time verification", Status.FAIL, "the pack says its own checks failed")


def _record_hash_problems(recomputed: str, stated: object) -> list[str]:
    """What is wrong with a record's stated hash: nothing, or that it does not recompute."""
    if recomputed == stated:
        return []
    return [f"record hash recomputes to {recomputed[:12]}…, the pack says {str(stated)[:12]}…"]
