"""Canonical JSON (one byte string per value, whatever the key order or Unicode form), the
documents hashed and the chain rule."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saleor_foresight.ledger import canonical
from saleor_foresight.ledger.canonical import (
    GENESIS_HASH,
    START,
    canonical_json,
    content_document,
    links_up,
    record_document,
    sha256_hex,
)


def test_keys_are_sorted_and_there_is_no_whitespace() -> None:
    # given an object whose keys are out of order
    value = {"b": [1, True, None], "a": "ü"}

    # when it is serialised
    data = canonical_json(value)

    # then keys are sorted, separators are bare and text stays UTF-8
    assert data == '{"a":"ü","b":[1,true,null]}'.encode()
    assert sha256_hex(value) == hashlib.sha256(data).hexdigest()


@given(st.text())
def test_a_string_hashes_the_same_in_every_normalisation_form(text: str) -> None:
    # given one text composed and decomposed, then when both are hashed, they agree
    assert sha256_hex({"t": unicodedata.normalize("NFD", text)}) == sha256_hex(
        {"t": unicodedata.normalize("NFC", text)}
    )


def test_floats_have_no_canonical_form() -> None:
    with pytest.raises(TypeError):
        canonical_json({"x": 1.5})


def test_the_worked_example_of_evidence_schema_hashes_as_documented() -> None:
    # given the version and the record of the worked example in EVIDENCE_SCHEMA.md
    text = {
        "language": "EN",
        "title": "Returns",
        "body_markdown": "Return within **30 days**.",
        "consent_label": "I accept the return terms",
    }
    version = content_document("RETURN_TERMS", 30, "EN", [text])
    record = {
        "id": "0b7e6a52-3c1d-4f8e-9a61-2f0c5d9e8b14",
        "installation_id": "5d2f1c3a-7e4b-4a9d-8c6f-1b2e3d4c5a69",
        "sequence": 2,
        "prev_hash": "1f" * 32,
        "checkout_id": "Q2hlY2tvdXQ6MQ==",
        "channel": "default-channel",
        "country": "DE",
        "customer_user_id": None,
        "email": "buyer@example.com",
        "ip": "203.0.113.7",
        "user_agent": "Mozilla/5.0",
        "language": "EN",
        "accepted_at": "2026-11-20T12:00:00.000000Z",
        "cart_fingerprint": "a3" * 32,
        "idempotency_key": "b4" * 32,
        "record_hash": "not hashed",
        "items": [
            {
                "position": 0,
                "version_id": "9c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f",
                "translation_id": "7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b",
                "language": "EN",
                "content_hash": sha256_hex(version),
                "title": "Returns",
                "consent_label": "I accept the return terms",
                "required": True,
                "line_ids": ["Q2hlY2tvdXRMaW5lOjE="],
                "shown": {"how": "not hashed"},
            }
        ],
    }
    package = Path(canonical.__file__).parents[1]
    documented = (package / "evidence" / "EVIDENCE_SCHEMA.md").read_text()

    # then both hash to what the schema says, and the canonical bytes are the ones it shows
    assert sha256_hex(version) == "95c1b742fab9248a9f22526d446ed23d051c0ad5c52927ea8b0fc3faf901a92c"
    assert (
        sha256_hex(record_document(record))
        == "71749adcde3c55f970d71cf805ff75fa0d5fb7bab1f7c405c6a30c915f651484"
    )
    assert canonical_json(version).decode() in documented
    assert canonical_json(record_document(record)).decode() in documented


def test_the_chain_rule_links_a_record_to_the_one_before() -> None:
    assert links_up(START, 1, GENESIS_HASH)
    assert not links_up(START, 2, GENESIS_HASH)
    assert links_up((4, "ab" * 32), 5, "ab" * 32)
    assert not links_up((4, "ab" * 32), 5, "cd" * 32)
