"""Saleor webhook signatures and JWTs: the recorded real ones verify, forgeries do not."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from saleor_sdk.crypto.exceptions import CryptoException

from saleor_foresight.errors import SignatureError, UnknownKeyId
from saleor_foresight.plugin import signature as signature_module
from saleor_foresight.plugin.signature import (
    MAX_SIGNATURE_LENGTH,
    key_set_for,
    verify_saleor_jwt,
    verify_webhook_signature,
)
from tests.shared import load_vector, webhook_vector_names

JWKS: dict[str, Any] = load_vector("jwks.json")
KID: str = JWKS["keys"][0]["kid"]
CUSTOMER = load_vector("customer_token.json")
DASHBOARD = load_vector("dashboard_app_token.json")
ISSUER: str = CUSTOMER["claims"]["iss"]
WEBHOOK_NAMES = webhook_vector_names()
DETACHED_HEADER = {"alg": "RS256", "b64": False, "crit": ["b64"], "kid": KID, "typ": "JWT"}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def encode_header(header: dict[str, Any]) -> str:
    return b64url(json.dumps(header, separators=(",", ":")).encode())


def rs256(key: rsa.RSAPrivateKey, signing_input: bytes) -> str:
    return b64url(key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256()))


def detached_jws(key: rsa.RSAPrivateKey, header: dict[str, Any], body: bytes) -> str:
    """A Saleor-style signature: ``b64url(header)..b64url(sig)`` over ``header + "." + body``."""
    protected = encode_header(header)
    return f"{protected}..{rs256(key, protected.encode() + b'.' + body)}"


def jwks_of(key: rsa.RSAPrivateKey, kid: str = KID, **extra: Any) -> dict[str, Any]:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {"keys": [{**public, "kid": kid, "use": "sig", "alg": "RS256", **extra}]}


def recorded_webhook(name: str | None = None) -> tuple[str, bytes]:
    vector = load_vector(name or WEBHOOK_NAMES[0])
    return vector["headers"]["Saleor-Signature"], vector["body"].encode("utf-8")


def recorded_public_pem() -> bytes:
    public = jwt.PyJWK(JWKS["keys"][0]).key
    return bytes(
        public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )


@pytest.fixture(scope="module")
def own_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


# --- webhooks: the recorded deliveries ------------------------------------------------------


def test_the_vectors_hold_webhooks() -> None:
    assert len(WEBHOOK_NAMES) >= 20


@pytest.mark.parametrize("name", WEBHOOK_NAMES)
def test_every_recorded_webhook_verifies_against_the_recorded_jwks(name: str) -> None:
    # Given a delivery exactly as Saleor sent it
    vector = load_vector(name)
    body = vector["body"].encode("utf-8")
    # Then its UTF-8 bytes are the bytes that went over the wire
    assert len(body) == int(vector["headers"]["Content-Length"])
    # When its Saleor-Signature is checked against the JWKS, it verifies (no exception)
    verify_webhook_signature(vector["headers"]["Saleor-Signature"], body, JWKS)


@pytest.mark.parametrize("position", [0, 1, 100, -2, -1])
def test_a_body_changed_by_one_byte_is_refused(position: int) -> None:
    signature, body = recorded_webhook()
    tampered = bytearray(body)
    tampered[position] ^= 0x01
    with pytest.raises(SignatureError):
        verify_webhook_signature(signature, bytes(tampered), JWKS)


def test_a_body_with_a_byte_added_is_refused() -> None:
    signature, body = recorded_webhook()
    with pytest.raises(SignatureError):
        verify_webhook_signature(signature, body + b" ", JWKS)


def test_one_delivery_signature_does_not_verify_another_body() -> None:
    signature, _ = recorded_webhook(WEBHOOK_NAMES[0])
    _, other_body = recorded_webhook(WEBHOOK_NAMES[1])
    with pytest.raises(SignatureError):
        verify_webhook_signature(signature, other_body, JWKS)


@pytest.mark.parametrize("cut", [1, 4, 100, 300, 480])
def test_a_truncated_signature_is_refused(cut: int) -> None:
    signature, body = recorded_webhook()
    with pytest.raises(SignatureError):
        verify_webhook_signature(signature[:-cut], body, JWKS)


@pytest.mark.parametrize("missing", ["", " ", None])
def test_a_missing_signature_is_refused(missing: Any) -> None:
    _, body = recorded_webhook()
    with pytest.raises(SignatureError):
        verify_webhook_signature(missing, body, JWKS)


@pytest.mark.parametrize(
    "garbage",
    ["garbage", "a.b.c", "..", "a..b", "!!!!..!!!!", "e30..AAAA", "bnVsbA..AAAA", "W10..AAAA"],
)
def test_garbage_is_refused(garbage: str) -> None:
    _, body = recorded_webhook()
    with pytest.raises(SignatureError):
        verify_webhook_signature(garbage, body, JWKS)


def test_a_signature_longer_than_the_bound_is_refused_before_parsing() -> None:
    signature, body = recorded_webhook()
    header, _, sig = signature.partition("..")
    with pytest.raises(SignatureError, match="longer than"):
        verify_webhook_signature(f"{header}..{sig}{'A' * MAX_SIGNATURE_LENGTH}", body, JWKS)


def test_the_recorded_signature_with_the_payload_attached_is_refused() -> None:
    signature, body = recorded_webhook()
    header, _, sig = signature.partition("..")
    with pytest.raises(SignatureError, match="not a detached compact JWS"):
        verify_webhook_signature(f"{header}.{b64url(body)}.{sig}", body, JWKS)


# --- webhooks: forgeries built by hand ------------------------------------------------------


def test_the_hand_built_signature_helper_makes_signatures_that_verify(
    own_key: rsa.RSAPrivateKey,
) -> None:
    # Given a JWKS holding our own key (the control for the forgeries below)
    _, body = recorded_webhook()
    # When we sign like Saleor does, then it verifies
    verify_webhook_signature(detached_jws(own_key, DETACHED_HEADER, body), body, jwks_of(own_key))


def test_a_signature_made_with_another_key_under_the_same_kid_is_refused(
    own_key: rsa.RSAPrivateKey,
) -> None:
    _, body = recorded_webhook()
    forged = detached_jws(own_key, DETACHED_HEADER, body)
    with pytest.raises(SignatureError):
        verify_webhook_signature(forged, body, JWKS)


@pytest.mark.parametrize("alg", ["none", "None", "HS256", "RS512", "PS256", "ES256", "rs256"])
def test_a_header_with_any_algorithm_but_rs256_is_refused(
    own_key: rsa.RSAPrivateKey, alg: str
) -> None:
    _, body = recorded_webhook()
    protected = encode_header({**DETACHED_HEADER, "alg": alg})
    signed = rs256(own_key, protected.encode() + b"." + body)
    with pytest.raises(SignatureError, match="algorithm"):
        verify_webhook_signature(f"{protected}..{signed}", body, jwks_of(own_key))
    with pytest.raises(SignatureError):  # unsigned, as "none" would have it
        verify_webhook_signature(f"{protected}..", body, jwks_of(own_key))


@pytest.mark.parametrize(
    "secret", [recorded_public_pem(), json.dumps(JWKS["keys"][0]).encode()], ids=["pem", "jwk"]
)
def test_hs256_keyed_with_the_public_key_is_refused(secret: bytes) -> None:
    # Given the classic confusion attack: HMAC with the published public key as the secret
    _, body = recorded_webhook()
    protected = encode_header({**DETACHED_HEADER, "alg": "HS256"})
    mac = hmac.new(secret, protected.encode() + b"." + body, hashlib.sha256).digest()
    with pytest.raises(SignatureError, match="algorithm"):
        verify_webhook_signature(f"{protected}..{b64url(mac)}", body, JWKS)


def test_an_attached_b64_true_jws_is_refused(own_key: rsa.RSAPrivateKey) -> None:
    # Given a valid ordinary JWS over the body by a trusted key
    _, body = recorded_webhook()
    protected = encode_header({"alg": "RS256", "kid": KID, "typ": "JWT"})
    payload = b64url(body)
    sig = rs256(own_key, f"{protected}.{payload}".encode())
    # Then neither its attached nor its detached form is accepted
    for form in (f"{protected}.{payload}.{sig}", f"{protected}..{sig}"):
        with pytest.raises(SignatureError, match=r"detached|unencoded-payload"):
            verify_webhook_signature(form, body, jwks_of(own_key))


@pytest.mark.parametrize(
    "change",
    [{"b64": True}, {"b64": "false"}, {"crit": []}, {"crit": ["b64", "exp"]}, {"crit": "b64"}],
    ids=["b64-true", "b64-string", "crit-empty", "crit-extra", "crit-string"],
)
def test_a_header_without_the_exact_unencoded_payload_shape_is_refused(
    own_key: rsa.RSAPrivateKey, change: dict[str, Any]
) -> None:
    _, body = recorded_webhook()
    with pytest.raises(SignatureError, match="unencoded-payload"):
        verify_webhook_signature(
            detached_jws(own_key, {**DETACHED_HEADER, **change}, body), body, jwks_of(own_key)
        )


def test_a_header_without_crit_is_refused(own_key: rsa.RSAPrivateKey) -> None:
    _, body = recorded_webhook()
    header = {k: v for k, v in DETACHED_HEADER.items() if k != "crit"}
    with pytest.raises(SignatureError, match="unencoded-payload"):
        verify_webhook_signature(detached_jws(own_key, header, body), body, jwks_of(own_key))


@pytest.mark.parametrize("kid", [7, "", None, ["x"]])
def test_a_header_without_a_string_kid_is_refused(own_key: rsa.RSAPrivateKey, kid: Any) -> None:
    _, body = recorded_webhook()
    header = {**DETACHED_HEADER, "kid": kid}
    with pytest.raises(SignatureError, match="no kid"):
        verify_webhook_signature(detached_jws(own_key, header, body), body, jwks_of(own_key))


def test_an_unknown_kid_raises_unknown_key_id(own_key: rsa.RSAPrivateKey) -> None:
    _, body = recorded_webhook()
    forged = detached_jws(own_key, {**DETACHED_HEADER, "kid": "rotated-key"}, body)
    with pytest.raises(UnknownKeyId) as raised:
        verify_webhook_signature(forged, body, JWKS)
    assert raised.value.kid == "rotated-key"


@pytest.mark.parametrize("kty", ["EC", "oct"])
def test_a_kid_that_names_no_rsa_key_raises_unknown_key_id(kty: str) -> None:
    signature, body = recorded_webhook()
    jwks = {"keys": [{**JWKS["keys"][0], "kty": kty}]}
    with pytest.raises(UnknownKeyId):
        verify_webhook_signature(signature, body, jwks)


@pytest.mark.parametrize(
    "change", [{"alg": "RS512"}, {"alg": "HS256"}, {"use": "enc"}, {"key_ops": ["encrypt"]}]
)
def test_a_jwks_key_not_meant_for_rs256_signatures_is_refused(change: dict[str, Any]) -> None:
    signature, body = recorded_webhook()
    jwks = {"keys": [{**JWKS["keys"][0], **change}]}
    with pytest.raises(SignatureError) as raised:
        verify_webhook_signature(signature, body, jwks)
    assert not isinstance(raised.value, UnknownKeyId)


def test_a_short_rsa_key_is_refused() -> None:
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 on purpose
    _, body = recorded_webhook()
    with pytest.raises(SignatureError, match="not a usable RS256 signing key"):
        verify_webhook_signature(detached_jws(weak, DETACHED_HEADER, body), body, jwks_of(weak))


@pytest.mark.parametrize("jwks", [{}, {"keys": []}, {"keys": "x"}, {"keys": [None, 1]}])
def test_a_jwks_without_usable_keys_knows_no_kid(jwks: dict[str, Any]) -> None:
    signature, body = recorded_webhook()
    with pytest.raises(UnknownKeyId):
        verify_webhook_signature(signature, body, jwks)


@pytest.mark.parametrize("result", [None, b"", False, b"something else"])
def test_an_sdk_result_other_than_the_body_is_a_rejection(
    monkeypatch: pytest.MonkeyPatch, result: Any
) -> None:
    signature, body = recorded_webhook()
    monkeypatch.setattr(signature_module, "decode_webook_payload", lambda *_args: result)
    with pytest.raises(SignatureError):
        verify_webhook_signature(signature, body, JWKS)


@pytest.mark.parametrize(
    "error",
    [CryptoException("x"), jwt.PyJWTError("x"), ValueError(), KeyError("alg"), TypeError()],
)
def test_every_exception_from_the_sdk_becomes_a_signature_error(
    monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    signature, body = recorded_webhook()

    def failing(*_args: Any) -> Any:
        raise error

    monkeypatch.setattr(signature_module, "decode_webook_payload", failing)
    with pytest.raises(SignatureError) as raised:
        verify_webhook_signature(signature, body, JWKS)
    assert raised.value.__cause__ is error


def test_the_key_set_is_built_once_per_jwks_content() -> None:
    assert key_set_for(JWKS) is key_set_for(copy.deepcopy(JWKS))
    assert key_set_for(JWKS) is not key_set_for({"keys": [{**JWKS["keys"][0], "kid": "other"}]})


# --- JWTs: customer and Dashboard tokens ----------------------------------------------------


def verify_customer(token: str = CUSTOMER["access_token"], **overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "issuer": ISSUER,
        "token_type": "access",
        "now": CUSTOMER["claims"]["iat"],
    }
    return verify_saleor_jwt(token, JWKS, **{**arguments, **overrides})


def own_token(key: rsa.RSAPrivateKey, **claims: Any) -> str:
    base = {**CUSTOMER["claims"], **claims}
    return jwt.encode({k: v for k, v in base.items() if v is not None}, key, "RS256", {"kid": KID})


def test_the_recorded_customer_token_verifies_at_its_issue_time() -> None:
    assert CUSTOMER["jwks"] == JWKS
    assert verify_customer() == CUSTOMER["claims"]


def test_the_customer_token_is_valid_until_just_before_exp() -> None:
    exp = CUSTOMER["claims"]["exp"]
    assert verify_customer(now=exp - 1)["type"] == "access"
    with pytest.raises(SignatureError, match="expired"):
        verify_customer(now=exp)
    assert verify_customer(now=exp + 5, leeway=10)["type"] == "access"


def test_the_customer_token_far_in_the_future_is_refused() -> None:
    with pytest.raises(SignatureError, match="expired"):
        verify_customer(now=CUSTOMER["claims"]["exp"] + 365 * 24 * 3600)


def test_the_customer_token_with_the_real_clock_is_refused_as_long_expired() -> None:
    with pytest.raises(SignatureError, match="expired"):
        verify_customer(now=None)


def test_the_customer_token_before_its_issue_time_is_refused() -> None:
    with pytest.raises(SignatureError, match="not valid yet"):
        verify_customer(now=CUSTOMER["claims"]["iat"] - 60)


@pytest.mark.parametrize(
    "issuer", ["http://127.0.0.1:8000/graphql", "https://127.0.0.1:8000/graphql/", "x"]
)
def test_the_customer_token_with_another_issuer_is_refused(issuer: str) -> None:
    with pytest.raises(SignatureError):
        verify_customer(issuer=issuer)


def test_an_empty_issuer_accepts_nothing() -> None:
    with pytest.raises(SignatureError, match="no issuer"):
        verify_customer(issuer="")


def test_a_token_carrying_jws_extensions_is_refused(own_key: rsa.RSAPrivateKey) -> None:
    # Given a well-signed token whose header declares b64 as critical (PyJWT would take it)
    protected = encode_header({"alg": "RS256", "b64": True, "crit": ["b64"], "kid": KID})
    claims = b64url(json.dumps(CUSTOMER["claims"]).encode())
    token = f"{protected}.{claims}.{rs256(own_key, f'{protected}.{claims}'.encode())}"
    with pytest.raises(SignatureError, match="extensions"):
        verify_saleor_jwt(
            token,
            jwks_of(own_key),
            issuer=ISSUER,
            token_type="access",
            now=CUSTOMER["claims"]["iat"],
        )


@pytest.mark.parametrize("token_type", ["thirdparty", "refresh", ["thirdparty"], []])
def test_the_customer_token_of_the_wrong_type_is_refused(token_type: Any) -> None:
    with pytest.raises(SignatureError, match="type"):
        verify_customer(token_type=token_type)


def test_the_refresh_token_is_not_an_access_token() -> None:
    with pytest.raises(SignatureError, match="type"):
        verify_customer(CUSTOMER["refresh_token"])


def dashboard_tokens() -> list[tuple[str, dict[str, Any]]]:
    tokens = [(DASHBOARD["access_token"], DASHBOARD["claims"])]
    tokens += [(s["access_token"], s["claims"]) for s in DASHBOARD["other_staff"].values()]
    return tokens


@pytest.mark.parametrize(("token", "claims"), dashboard_tokens())
def test_every_recorded_dashboard_token_verifies_as_thirdparty(
    token: str, claims: dict[str, Any]
) -> None:
    verified = verify_saleor_jwt(
        token, JWKS, issuer=ISSUER, token_type="thirdparty", now=claims["iat"]
    )
    assert verified == claims
    with pytest.raises(SignatureError, match="type"):
        verify_saleor_jwt(token, JWKS, issuer=ISSUER, token_type="access", now=claims["iat"])
    with pytest.raises(SignatureError, match="expired"):
        verify_saleor_jwt(token, JWKS, issuer=ISSUER, token_type="thirdparty", now=claims["exp"])


def test_a_collection_of_types_accepts_any_of_them() -> None:
    both = {"access", "thirdparty"}
    assert verify_customer(token_type=both)["type"] == "access"
    claims = DASHBOARD["claims"]
    token = DASHBOARD["access_token"]
    assert verify_saleor_jwt(token, JWKS, issuer=ISSUER, token_type=both, now=claims["iat"])


def test_a_token_with_claims_from_another_token_is_refused() -> None:
    header, _, signature = CUSTOMER["access_token"].split(".")
    other_claims = DASHBOARD["access_token"].split(".")[1]
    with pytest.raises(SignatureError):
        verify_customer(f"{header}.{other_claims}.{signature}", token_type="thirdparty")


def test_a_token_signed_by_another_key_under_the_same_kid_is_refused(
    own_key: rsa.RSAPrivateKey,
) -> None:
    token = own_token(own_key)
    assert verify_saleor_jwt(
        token, jwks_of(own_key), issuer=ISSUER, token_type="access", now=CUSTOMER["claims"]["iat"]
    )
    with pytest.raises(SignatureError):
        verify_customer(token)


@pytest.mark.parametrize("claims", [{"exp": None}, {"iss": None}, {"type": None}])
def test_a_token_missing_a_required_claim_is_refused(
    own_key: rsa.RSAPrivateKey, claims: dict[str, Any]
) -> None:
    with pytest.raises(SignatureError):
        verify_saleor_jwt(
            own_token(own_key, **claims),
            jwks_of(own_key),
            issuer=ISSUER,
            token_type="access",
            now=CUSTOMER["claims"]["iat"],
        )


@pytest.mark.parametrize("exp", [float("nan"), float("inf"), "1795664083", True])
def test_a_token_whose_exp_is_not_a_finite_number_is_refused(
    own_key: rsa.RSAPrivateKey, exp: Any
) -> None:
    with pytest.raises(SignatureError):
        verify_saleor_jwt(
            own_token(own_key, exp=exp),
            jwks_of(own_key),
            issuer=ISSUER,
            token_type="access",
            now=CUSTOMER["claims"]["iat"],
        )


@pytest.mark.parametrize("alg", ["none", "HS256"])
def test_a_token_with_another_algorithm_is_refused(alg: str) -> None:
    claims = CUSTOMER["access_token"].split(".")[1]
    forged_header = encode_header({"alg": alg, "kid": KID, "typ": "JWT"})
    mac = hmac.new(recorded_public_pem(), f"{forged_header}.{claims}".encode(), hashlib.sha256)
    with pytest.raises(SignatureError, match="algorithm"):
        verify_customer(f"{forged_header}.{claims}.{b64url(mac.digest())}")
    with pytest.raises(SignatureError):  # unsigned, as "none" would have it
        verify_customer(f"{forged_header}.{claims}.")


def test_a_token_with_an_unknown_kid_raises_unknown_key_id(own_key: rsa.RSAPrivateKey) -> None:
    token = jwt.encode(CUSTOMER["claims"], own_key, "RS256", {"kid": "rotated-key"})
    with pytest.raises(UnknownKeyId):
        verify_customer(token)


@pytest.mark.parametrize("token", ["", "x", "a.b", "a.b.c.d", "a..c", "e30.e30.AAAA"])
def test_a_malformed_token_is_refused(token: str) -> None:
    with pytest.raises(SignatureError):
        verify_customer(token)


def test_refusals_never_repeat_the_token_or_the_signature() -> None:
    token = CUSTOMER["access_token"]
    for overrides in ({"now": 2e9}, {"issuer": "x"}, {"token_type": "refresh"}):
        with pytest.raises(SignatureError) as raised:
            verify_customer(**overrides)
        assert token not in str(raised.value)
        assert token.split(".")[2] not in str(raised.value)
    signature, body = recorded_webhook()
    with pytest.raises(SignatureError) as raised:
        verify_webhook_signature(signature, body + b"x", JWKS)
    assert signature.split("..")[1] not in str(raised.value)
