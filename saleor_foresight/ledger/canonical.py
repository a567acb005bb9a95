"""Every hash Foresight's proofs rest on: canonical JSON, the documents hashed, the chain rule.

The canonical form of a value is ``json.dumps(value, sort_keys=True,
separators=(",", ":"), ensure_ascii=False)`` after every string (keys included) has been
put in Unicode normalisation form NFC, encoded as UTF-8. Values are JSON's own: objects,
arrays, strings, integers, booleans and null (no floats). A hash is the lowercase hex
SHA-256 of those bytes::

    hashlib.sha256(json.dumps(nfc(value), sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False).encode("utf-8")).hexdigest()

The documents hashed are built from plain fields by the functions below, which both the app
(writing) and ``evidence.verify_pack`` (an auditor's check of a pack, with no database) use:

- a policy version's content: ``content_document`` (kind, return window, fallback language,
  every translation's language, title, Markdown body and consent label, by language);
- an acceptance record: ``record_document`` (``RECORD_KEYS`` and, per item in position
  order, ``RECORD_ITEM_KEYS``);
- a claim event: ``event_document`` (``EVENT_KEYS``).

The chain rule (acceptances and claim events, each one chain per installation): record
``n`` holds ``sequence`` ``n`` and ``prev_hash``, the hash of record ``n - 1``; record 1
holds ``GENESIS_HASH`` (64 zeros). ``links_up`` is the rule. Times inside hashed documents
are UTC with microseconds (``utc_micro``: ``2026-11-20T12:00:00.000000Z``).

No database, no settings: importing this module touches nothing but the standard library.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64
# the link before a chain's first record: (sequence, record_hash)
START = (0, GENESIS_HASH)

TRANSLATION_KEYS = ("language", "title", "body_markdown", "consent_label")
RECORD_KEYS = (
    "id",
    "installation_id",
    "sequence",
    "prev_hash",
    "checkout_id",
    "channel",
    "country",
    "customer_user_id",
    "email",
    "ip",
    "user_agent",
    "language",
    "accepted_at",
    "cart_fingerprint",
    "idempotency_key",
)
RECORD_ITEM_KEYS = (
    "position",
    "version_id",
    "translation_id",
    "language",
    "content_hash",
    "title",
    "consent_label",
    "required",
    "line_ids",
)
EVENT_KEYS = (
    "id",
    "installation_id",
    "claim_id",
    "sequence",
    "prev_hash",
    "action",
    "actor",
    "actor_id",
    "actor_email",
    "from_status",
    "to_status",
    "message",
    "internal",
    "data",
    "created_at",
)


def nfc(value: Any) -> Any:
    """``value`` with every string, keys included, in NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [nfc(v) for v in value]
    if isinstance(value, bool | int) or value is None:
        return value
    raise TypeError(f"{type(value).__name__} has no canonical JSON form")


def canonical_json(value: Any) -> bytes:
    return json.dumps(nfc(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def sha256_hex(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def utc_micro(moment: datetime) -> str:
    """A time as hashed documents hold it: UTC, microseconds, ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def content_document(
    kind: str,
    return_window_days: int | None,
    fallback_language: str,
    translations: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    """The object a policy version's content hash is taken over."""
    return {
        "kind": str(kind),
        "return_window_days": return_window_days,
        "fallback_language": fallback_language,
        "translations": sorted(
            ({key: t[key] for key in TRANSLATION_KEYS} for t in translations),
            key=lambda t: str(t["language"]),
        ),
    }


def record_document(record: Mapping[str, Any]) -> dict[str, Any]:
    """The object an acceptance record's hash is taken over; other keys of ``record`` are
    ignored, a missing one is a ``KeyError``."""
    document = {key: record[key] for key in RECORD_KEYS}
    document["items"] = [
        {key: item[key] for key in RECORD_ITEM_KEYS}
        for item in sorted(record["items"], key=lambda item: int(item["position"]))
    ]
    return document


def event_document(event: Mapping[str, Any]) -> dict[str, Any]:
    """The object a claim event's hash is taken over (other keys are ignored)."""
    return {key: event[key] for key in EVENT_KEYS}


def missing_keys(value: Mapping[str, Any], keys: Iterable[str]) -> list[str]:
    return [key for key in keys if key not in value]


def links_up(previous: tuple[int, str], sequence: int, prev_hash: str) -> bool:
    """The chain rule: a record at ``sequence`` holding ``prev_hash`` follows ``previous``
    (its sequence and record hash; ``START`` before the first record)."""
    return sequence == previous[0] + 1 and prev_hash == previous[1]


@dataclass(frozen=True)
class Link:
    """One record's place in a chain: what a pack carries of records it does not hold."""

    sequence: int
    id: str
    prev_hash: str
    record_hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "id": self.id,
            "prev_hash": self.prev_hash,
            "record_hash": self.record_hash,
        }


def neighbourhood(sequences: Iterable[int]) -> set[int]:
    """The sequences a pack carries links for: each record's, and those either side of it."""
    return {n for s in sequences for n in (s - 1, s, s + 1) if n >= 1}
