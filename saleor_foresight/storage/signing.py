"""Signed upload forms and download links for the local storage.

An upload form has the fields of an S3 presigned POST: ``key``, ``Content-Type``,
``policy`` (base64 JSON: ``expiration`` and ``conditions``) and, in place of
AWS's signature fields, ``x-foresight-signature``: HMAC-SHA256 of the base64
policy under the signing key. A download link carries ``key``, ``expires``
(Unix seconds), an optional ``filename`` and ``signature``: HMAC-SHA256 of those
values. Each signature is bound to its purpose, so one can never stand in for
the other; they are compared in constant time. Framework-free: ``http.py``
feeds these functions the parsed form and query.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .errors import InvalidTicket

SIGNATURE_FIELD = "x-foresight-signature"
FILE_FIELD = "file"
# fields S3 never asks the policy to name
EXEMPT_FIELDS = frozenset({"policy", SIGNATURE_FIELD, FILE_FIELD})
SUCCESS_STATUSES = {"200": 200, "201": 201, "204": 204}
EXPIRATION_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

_UPLOAD = b"foresight/storage/upload/v1\n"
_DOWNLOAD = b"foresight/storage/download/v1\n"


@dataclass(frozen=True)
class UploadGrant:
    """What a verified form allows: one object under ``key``, of ``content_type``."""

    key: str
    content_type: str
    min_bytes: int
    max_bytes: int
    success_status: int


class Signer:
    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise ValueError("the signing key must be at least 32 bytes")
        self._key = key

    def sign(self, purpose: bytes, message: bytes) -> str:
        digest = hmac.new(self._key, purpose + message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def verify(self, purpose: bytes, message: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.sign(purpose, message).encode(), signature.encode())


def upload_form(
    signer: Signer, key: str, content_type: str, max_bytes: int, expires_at: datetime
) -> dict[str, str]:
    """The form fields a browser posts before the file."""
    document = {
        "expiration": expires_at.astimezone(UTC).strftime(EXPIRATION_FORMAT),
        "conditions": [
            {"key": key},
            {"Content-Type": content_type},
            ["content-length-range", 1, max_bytes],
            ["starts-with", "$success_action_status", ""],
        ],
    }
    policy = base64.b64encode(json.dumps(document).encode()).decode()
    return {
        "key": key,
        "Content-Type": content_type,
        "policy": policy,
        SIGNATURE_FIELD: signer.sign(_UPLOAD, policy.encode()),
    }


def verify_upload(signer: Signer, fields: Mapping[str, str], now: datetime) -> UploadGrant:
    """Check a posted form (field names in any case) against its signed policy."""
    form = {name.lower(): value for name, value in fields.items()}
    policy, signature = form.get("policy"), form.get(SIGNATURE_FIELD)
    if not policy or not signature:
        raise InvalidTicket("the form carries no policy or no signature")
    if not signer.verify(_UPLOAD, policy.encode(), signature):
        raise InvalidTicket("the policy signature does not match")
    document = _decode_policy(policy)
    try:
        expiration = datetime.strptime(document["expiration"], EXPIRATION_FORMAT)
    except (KeyError, TypeError, ValueError):
        raise InvalidTicket("the policy has no valid expiration") from None
    if now >= expiration.replace(tzinfo=UTC):
        raise InvalidTicket("Invalid according to Policy: Policy expired.")
    named: set[str] = set()
    exact: dict[str, str] = {}
    length_range: tuple[int, int] | None = None
    for condition in document.get("conditions", []):
        if isinstance(condition, dict) and len(condition) == 1:
            [(name, expected)] = condition.items()
            exact[name.lower()] = str(expected)
            condition = ["eq", f"${name}", expected]
        match condition:
            case ["content-length-range", int(low), int(high)]:
                length_range = (low, high)
            case [("eq" | "starts-with") as op, str(ref), str(expected)] if ref.startswith("$"):
                name = ref[1:].lower()
                named.add(name)
                value = form.get(name, "")
                holds = value == expected if op == "eq" else value.startswith(expected)
                if not holds:
                    raise InvalidTicket(
                        f"Invalid according to Policy: Policy Condition failed: {ref}"
                    )
            case _:
                raise InvalidTicket("the policy holds a condition this storage does not know")
    extra = sorted(
        n
        for n in form
        if n not in named and n not in EXEMPT_FIELDS and not n.startswith("x-ignore-")
    )
    if extra:
        raise InvalidTicket(f"Invalid according to Policy: Extra input fields: {', '.join(extra)}")
    if "key" not in exact or "content-type" not in exact or length_range is None:
        raise InvalidTicket("the policy must fix the key, the content type and the length range")
    return UploadGrant(
        key=exact["key"],
        content_type=exact["content-type"],
        min_bytes=length_range[0],
        max_bytes=length_range[1],
        success_status=SUCCESS_STATUSES.get(form.get("success_action_status", ""), 204),
    )


def download_query(signer: Signer, key: str, expires: int, filename: str | None) -> dict[str, str]:
    query = {"key": key, "expires": str(expires)}
    if filename is not None:
        query["filename"] = filename
    query["signature"] = signer.sign(_DOWNLOAD, _download_message(key, expires, filename))
    return query


def verify_download(
    signer: Signer, query: Mapping[str, str], now: datetime
) -> tuple[str, str | None]:
    """The key and file name a signed, unexpired link names."""
    key, expires, signature = query.get("key"), query.get("expires", ""), query.get("signature")
    filename = query.get("filename")
    if (
        key is None
        or signature is None
        or not (expires.isascii() and expires.isdigit())
        or len(expires) > 12
    ):
        raise InvalidTicket("the link is incomplete")
    if not signer.verify(_DOWNLOAD, _download_message(key, int(expires), filename), signature):
        raise InvalidTicket("the link signature does not match")
    if now.timestamp() >= int(expires):
        raise InvalidTicket("the link has expired")
    return key, filename


def _download_message(key: str, expires: int, filename: str | None) -> bytes:
    return json.dumps([key, expires, filename], separators=(",", ":")).encode()


def _decode_policy(policy: str) -> dict[str, Any]:
    try:
        document = json.loads(base64.b64decode(policy, validate=True))
    except (binascii.Error, ValueError):
        raise InvalidTicket("the policy is not base64-encoded JSON") from None
    if not isinstance(document, dict):
        raise InvalidTicket("the policy is not a JSON object")
    return document
