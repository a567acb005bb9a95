"""Verification of Saleor's webhook signatures and JWTs, free of any web framework.

Saleor signs each webhook with a detached JWS (RFC 7797: ``b64: false``,
``crit: ["b64"]``, RS256, ``kid`` naming a key of the installation's JWKS) over
the raw body bytes, and issues RS256 JWTs to customers (``type: "access"``) and to
Dashboard app iframes (``type: "thirdparty"``).

saleor-sdk-python's helpers take the algorithm from the token's own, unverified
header, so nothing reaches them before this module has checked the header's shape,
pinned the algorithm to RS256 and found an RS256 key for the ``kid``. Every failure
is a :class:`SignatureError`; a ``kid`` the JWKS lacks is :class:`UnknownKeyId`,
so the caller can refetch the JWKS once. Messages never repeat a token or a signature.
"""

from __future__ import annotations

import base64
import json
import math
import re
import time
from collections.abc import Collection, Mapping
from functools import lru_cache
from typing import Any

import jwt
from saleor_sdk.crypto.utils import decode_webook_payload

from saleor_foresight.errors import SignatureError, UnknownKeyId

ALGORITHM = "RS256"
MIN_RSA_KEY_BITS = 2048
MAX_SIGNATURE_LENGTH = 8 * 1024
MAX_TOKEN_LENGTH = 16 * 1024
_SEGMENT = re.compile(r"[A-Za-z0-9_-]+")


class KeySet:
    """One JWKS, parsed once: the usable RS256 keys by ``kid``, and their PyJWKSet."""

    def __init__(self, jwks: Mapping[str, Any]) -> None:
        keys = jwks.get("keys")
        candidates: dict[str, dict[str, Any]] = {}
        for key in keys if isinstance(keys, list) else []:
            kid = key.get("kid") if isinstance(key, dict) else None
            if isinstance(kid, str) and key.get("kty") == "RSA" and kid not in candidates:
                candidates[kid] = key  # the first key for a kid wins, as in PyJWKSet
        self.keys: dict[str, jwt.PyJWK] = {}
        for kid, key in candidates.items():
            if not _declares_rs256_signing(key):
                continue
            try:
                pyjwk = jwt.PyJWK(key, ALGORITHM)
            except (jwt.PyJWTError, ValueError, TypeError, KeyError):
                continue  # a malformed key is as good as no key
            if getattr(pyjwk.key, "key_size", 0) >= MIN_RSA_KEY_BITS:
                self.keys[kid] = pyjwk
        self.unusable = frozenset(candidates) - frozenset(self.keys)
        # The SDK is handed exactly the keys checked here, and nothing else.
        self.key_set = jwt.PyJWKSet([candidates[kid] for kid in self.keys]) if self.keys else None

    def key(self, kid: str) -> jwt.PyJWK:
        """The RS256 key for ``kid``; UnknownKeyId when the JWKS has no RSA key by that id."""
        if kid in self.unusable:
            raise SignatureError("the JWKS key for this kid is not a usable RS256 signing key")
        try:
            return self.keys[kid]
        except KeyError:
            raise UnknownKeyId(kid) from None


def _declares_rs256_signing(key: Mapping[str, Any]) -> bool:
    alg, use, ops = key.get("alg"), key.get("use"), key.get("key_ops")
    return (
        alg in (None, ALGORITHM)
        and use in (None, "sig")
        and (ops is None or (isinstance(ops, list) and "verify" in ops))
    )


@lru_cache(maxsize=64)
def _cached_key_set(canonical_jwks: str) -> KeySet:
    return KeySet(json.loads(canonical_jwks))


def key_set_for(jwks: Mapping[str, Any]) -> KeySet:
    """The KeySet of a JWKS, built once per distinct JWKS content."""
    try:
        canonical = json.dumps(dict(jwks), sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise SignatureError("the JWKS is not a JSON object") from exc
    return _cached_key_set(canonical)


def _segments(value: object, max_length: int, what: str) -> list[str]:
    if not isinstance(value, str) or not value:
        raise SignatureError(f"the {what} is missing")
    if len(value) > max_length:
        raise SignatureError(f"the {what} is longer than {max_length} characters")
    return value.split(".")


def _protected_header(segment: str, what: str) -> tuple[dict[str, Any], str]:
    """The decoded JOSE header with its algorithm pinned, and its ``kid``."""
    try:
        if not _SEGMENT.fullmatch(segment):
            raise ValueError("not base64url")
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, RecursionError) as exc:  # binascii and Unicode errors are ValueErrors
        raise SignatureError(f"the {what} header is not base64url JSON") from exc
    if not isinstance(header, dict):
        raise SignatureError(f"the {what} header is not a JSON object")
    if header.get("alg") != ALGORITHM:  # "none", HS256, RS512 and all others are refused
        raise SignatureError(f"the {what} algorithm is not {ALGORITHM}")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise SignatureError(f"the {what} header has no kid")
    return header, kid


def verify_webhook_signature(signature: str, body: bytes, jwks: Mapping[str, Any]) -> None:
    """Check a ``Saleor-Signature`` header against the raw request ``body``.

    Returns when the signature verifies; raises SignatureError (UnknownKeyId for a
    ``kid`` the JWKS lacks) otherwise.
    """
    parts = _segments(signature, MAX_SIGNATURE_LENGTH, "signature")
    if len(parts) != 3 or parts[1] != "" or not _SEGMENT.fullmatch(parts[2]):
        raise SignatureError("the signature is not a detached compact JWS (header..signature)")
    header, kid = _protected_header(parts[0], "signature")
    if header.get("b64") is not False or header.get("crit") != ["b64"]:
        raise SignatureError("the signature is not an unencoded-payload JWS (b64 false, crit b64)")
    if not isinstance(body, bytes):
        raise SignatureError("the signed body must be bytes")
    key_set = key_set_for(jwks)
    key_set.key(kid)
    try:
        verified = decode_webook_payload(signature, key_set.key_set, body)
    except Exception as exc:  # the SDK and PyJWT raise many kinds; all of them are a refusal
        raise SignatureError(f"the signature does not verify ({type(exc).__name__})") from exc
    if not verified or verified != body:
        raise SignatureError("the signature does not verify")


def verify_saleor_jwt(
    token: str,
    jwks: Mapping[str, Any],
    *,
    issuer: str,
    token_type: str | Collection[str],
    now: float | None = None,
    leeway: float = 0,
) -> dict[str, Any]:
    """Verify a Saleor-issued JWT and return its claims.

    RS256 only, signed by the JWKS key its ``kid`` names, ``exp`` required and later
    than ``now`` (default: the current time) less ``leeway``, ``iat``/``nbf`` (when
    present) not after ``now`` plus ``leeway``, ``iss`` equal to ``issuer``, and
    ``type`` one of ``token_type``.
    """
    parts = _segments(token, MAX_TOKEN_LENGTH, "token")
    if len(parts) != 3 or not all(_SEGMENT.fullmatch(part) for part in parts):
        raise SignatureError("the token is not a compact JWT")
    header, kid = _protected_header(parts[0], "token")
    if "b64" in header or "crit" in header:
        raise SignatureError("the token header carries JWS extensions a JWT must not have")
    if not issuer:
        raise SignatureError("no issuer to check the token against")
    key = key_set_for(jwks).key(kid)
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key=key,
            algorithms=[ALGORITHM],
            issuer=issuer,
            options={
                "require": ["exp", "iss"],
                "verify_exp": False,  # checked below against the injectable clock
                "verify_iat": False,
                "verify_nbf": False,
                "enforce_minimum_key_length": True,
            },
        )
    except Exception as exc:  # every PyJWT failure, and anything else, is a refusal
        raise SignatureError(f"the token does not verify ({type(exc).__name__})") from exc
    moment = time.time() if now is None else now
    if not _is_number(claims.get("exp")) or claims["exp"] <= moment - leeway:
        raise SignatureError("the token has expired")
    for claim in ("iat", "nbf"):
        if claim in claims and (not _is_number(claims[claim]) or claims[claim] > moment + leeway):
            raise SignatureError(f"the token is not valid yet ({claim})")
    allowed = {token_type} if isinstance(token_type, str) else set(token_type)
    if not isinstance(claims.get("type"), str) or claims["type"] not in allowed:
        raise SignatureError("the token is not of the expected type")
    return claims


def check_unverified_claims(
    token: str, *, issuer: str, token_type: str | Collection[str], now: float | None = None
) -> None:
    """Whether a token *could* be one Saleor issued to us: its claims, read without checking
    the signature, name ``issuer``, an allowed ``type`` and an ``exp`` still ahead. Only such a
    token may make us refetch the JWKS for a ``kid`` we do not hold; SignatureError if not."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except Exception as exc:  # every PyJWT failure is a refusal
        raise SignatureError(f"the token is not a JWT ({type(exc).__name__})") from exc
    allowed = {token_type} if isinstance(token_type, str) else set(token_type)
    moment = time.time() if now is None else now
    if (
        claims.get("iss") != issuer
        or claims.get("type") not in allowed
        or not _is_number(claims.get("exp"))
        or claims["exp"] <= moment
    ):
        raise SignatureError("the token cannot be one this Saleor issued to us")


def _is_number(value: object) -> bool:  # Python's JSON reader lets NaN and Infinity in
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
