"""A sandbox Saleor for the demo: answers the operations Foresight sends, by name, from memory.

It is not a Saleor: it knows a handful of checkouts and orders the demo seeds, keeps what
Foresight writes (private metadata, order notes, confirmations, refunds) so the demo pages can
show it, signs buyer and staff tokens with its own RSA key, and publishes that key in its JWKS
beside the keys of the recorded Saleor whose deliveries the demo replays.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from ..plugin.webhooks import WEBHOOKS

JSON = dict[str, Any]


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def global_id(type_name: str, pk: object) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


@dataclass
class SandboxSaleor:
    api_url: str
    app_token: str
    app_id: str = global_id("App", 1)
    extra_jwks: Sequence[Mapping[str, Any]] = ()
    checkouts: dict[str, JSON] = field(default_factory=dict)
    orders: dict[str, JSON] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    metadata: dict[str, dict[str, str]] = field(default_factory=dict)
    calls: list[tuple[str, JSON]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = self._key.public_key().public_numbers()
        n, e = _b64(numbers.n), _b64(numbers.e)
        thumb = json.dumps({"e": e, "kty": "RSA", "n": n}, separators=(",", ":")).encode()
        kid = base64.urlsafe_b64encode(hashlib.sha256(thumb).digest()).rstrip(b"=").decode()
        self.kid = kid
        self.jwk: JSON = {"kty": "RSA", "n": n, "e": e, "kid": kid, "alg": "RS256", "use": "sig"}

    @property
    def jwks(self) -> JSON:
        return {"keys": [self.jwk, *self.extra_jwks]}

    # -- tokens the demo pages use -------------------------------------------------------

    def token(self, claims: Mapping[str, Any], ttl: int = 3600) -> str:
        now = int(time.time())
        body = {"iat": now, "exp": now + ttl, "iss": self.api_url, "owner": "saleor", **claims}
        return jwt.encode(body, self._key, algorithm="RS256", headers={"kid": self.kid})

    def staff_token(self, permissions: Sequence[str] = ("MANAGE_ORDERS", "MANAGE_SETTINGS")) -> str:
        return self.token({
            "type": "thirdparty", "app": self.app_id, "user_id": global_id("User", 1),
            "email": "staff@demo.invalid", "is_staff": True,
            "permissions": ["MANAGE_ORDERS"], "user_permissions": list(permissions),
        })  # fmt: skip

    def sign_webhook(self, body: bytes) -> str:
        """Sign a delivery as Saleor does: a detached JWS (RFC 7797, unencoded payload)."""
        header = {"alg": "RS256", "b64": False, "crit": ["b64"], "kid": self.kid, "typ": "JWT"}
        encoded = base64.urlsafe_b64encode(
            json.dumps(header, separators=(",", ":")).encode()
        ).rstrip(b"=")
        signature = self._key.sign(encoded + b"." + body, padding.PKCS1v15(), hashes.SHA256())
        return f"{encoded.decode()}..{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"

    # -- the wire --------------------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/.well-known/jwks.json"):
            return httpx.Response(200, json=self.jwks)
        if request.headers.get("authorization") != f"Bearer {self.app_token}":
            return httpx.Response(401, json={"errors": [{"message": "invalid token"}]})
        body = json.loads(request.content)
        name, variables = body.get("operationName", ""), body.get("variables") or {}
        self.calls.append((name, variables))
        answer = getattr(self, f"_op_{name}", None)
        if answer is None:
            return httpx.Response(400, json={"errors": [{"message": f"sandbox: {name}?"}]})
        return httpx.Response(200, json={"data": answer(variables)})

    def _op_AppId(self, variables: JSON) -> JSON:
        return {"app": {"id": self.app_id}}

    def _op_CheckoutForDisclosure(self, variables: JSON) -> JSON:
        return {"checkout": self.checkouts.get(variables["id"])}

    def _op_UpdatePrivateMetadata(self, variables: JSON) -> JSON:
        held = self.metadata.setdefault(variables["id"], {})
        held.update({item["key"]: item["value"] for item in variables["input"]})
        return {"updatePrivateMetadata": {"item": {"__typename": "Node", "id": variables["id"]},
                                          "errors": []}}  # fmt: skip

    def _op_OrderHistory(self, variables: JSON) -> JSON:
        """What a note or confirm job reads first: the notes added, the order's status."""
        order = self.orders.get(variables["id"], {})
        events = [{"id": global_id("OrderEvent", n), "type": "NOTE_ADDED", "message": message}
                  for n, message in enumerate(self.notes.get(variables["id"], []), 1)]  # fmt: skip
        status = order.get("status", "UNFULFILLED")
        return {"order": {"id": variables["id"], "status": status, "events": events}}

    def _op_OrderNoteAdd(self, variables: JSON) -> JSON:
        self.notes.setdefault(variables["orderId"], []).append(variables["message"])
        event = {"id": global_id("OrderEvent", uuid.uuid4()), "type": "NOTE_ADDED",
                 "message": variables["message"], "date": _now()}  # fmt: skip
        return {"orderNoteAdd": {"event": event, "errors": []}}

    def _op_OrderConfirm(self, variables: JSON) -> JSON:
        order = self.orders.get(variables["id"], {"id": variables["id"]})
        order["status"] = "UNFULFILLED"
        return {"orderConfirm": {"order": {"id": variables["id"], "status": "UNFULFILLED"},
                                 "errors": []}}  # fmt: skip

    def _op_OrderGrantRefundCreate(self, variables: JSON) -> JSON:
        grant = variables["input"]
        refund = {"id": global_id("OrderGrantedRefund", uuid.uuid4()), "status": "NONE",
                  "amount": {"amount": float(grant.get("amount") or 0), "currency": "USD"},
                  "transaction": {"id": grant["transactionId"]}}  # fmt: skip
        return {"orderGrantRefundCreate": {"grantedRefund": refund, "errors": []}}

    def _op_TransactionRequestRefundForGrantedRefund(self, variables: JSON) -> JSON:
        transaction = {"id": variables["transactionId"]}
        return {"transactionRequestRefundForGrantedRefund": {"transaction": transaction,
                                                              "errors": []}}  # fmt: skip

    def _op_OrderFulfillmentReturnProducts(self, variables: JSON) -> JSON:
        return {"orderFulfillmentReturnProducts": {
            "order": {"id": variables["orderId"]}, "returnFulfillment": None,
            "replaceFulfillment": None, "replaceOrder": None, "errors": [],
        }}  # fmt: skip

    def _op_AppWebhooks(self, variables: JSON) -> JSON:
        """The manifest's webhooks as installed: the start-up webhook sync finds them current."""
        webhooks = [
            {"id": global_id("Webhook", n), "name": w.name, "isActive": True, "targetUrl": w.path,
             "asyncEvents": [{"eventType": w.event}], "syncEvents": [],
             "subscriptionQuery": w.subscription}
            for n, w in enumerate(WEBHOOKS, 1)
        ]  # fmt: skip
        return {"app": {"id": self.app_id, "webhooks": webhooks}}


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
