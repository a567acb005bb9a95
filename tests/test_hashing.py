"""Canonical JSON: one byte string per value, whatever the key order or Unicode form."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saleor_foresight.hashing import canonical_json, sha256_hex


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
