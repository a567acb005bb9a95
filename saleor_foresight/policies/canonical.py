"""Canonical JSON and its SHA-256: the one serialisation every Foresight hash is taken over.

The canonical form of a value is ``json.dumps(value, sort_keys=True,
separators=(",", ":"), ensure_ascii=False)`` after every string (keys included) has been
put in Unicode normalisation form NFC, encoded as UTF-8. Values are JSON's own: objects,
arrays, strings, integers, booleans and null (no floats). The hash is the lowercase hex
SHA-256 of those bytes. In Python::

    hashlib.sha256(json.dumps(nfc(value), sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False).encode("utf-8")).hexdigest()
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from typing import Any


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
