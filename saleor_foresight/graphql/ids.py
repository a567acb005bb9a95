"""Saleor-style global IDs: base64 of ``"<Type>:<uuid>"``."""

from __future__ import annotations

import base64
import binascii
import uuid

from .errors import InvalidId


def to_global_id(type_name: str, pk: uuid.UUID) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def from_global_id(value: str, expected_type: str) -> uuid.UUID:
    """The uuid inside a global ID of ``expected_type``, or InvalidId."""
    try:
        decoded = base64.b64decode(value.encode(), validate=True).decode()
        type_name, _, raw = decoded.partition(":")
        if type_name != expected_type:
            raise ValueError(type_name)
        return uuid.UUID(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidId(f"Not a {expected_type} ID: {value[:80]!r}.") from None
