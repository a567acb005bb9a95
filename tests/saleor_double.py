"""A Saleor test double: its own RSA key and JWKS, and a GraphQL endpoint that executes every
request against Saleor 3.23.28's real schema, so its answers are schema-valid by construction.

    saleor = SaleorDouble()
    http = httpx.AsyncClient(transport=saleor.transport())
    order = saleor.add_order([(saleor.add_product(), 2)], status="UNCONFIRMED")

Fixtures are plain dicts keyed by GraphQL field names (``__typename`` included, so abstract
types resolve); the double serves what a query selects and nothing more. Permission rules
follow Saleor's: a wrong or missing app token is a ``PermissionDenied`` GraphQL error (HTTP
200), a document that does not validate is HTTP 400.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from typing import Any

import httpx
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLResolveInfo,
    GraphQLSchema,
    build_schema,
    execute_sync,
    parse,
    validate,
)

from tests.shared import saleor_schema_sdl

DEFAULT_API_URL = "https://saleor.test/graphql/"
SALEOR_VERSION = "3.23.28"
APP_PERMISSIONS = frozenset({"MANAGE_ORDERS", "MANAGE_CHECKOUTS", "HANDLE_PAYMENTS"})
ANSWER = "answer"  # lose_answer_to: this one is answered as usual

Obj = dict[str, Any]
Info = GraphQLResolveInfo["_Context"]
Resolver = Callable[[Info, dict[str, Any]], Any]

# Fields Saleor guards with permissions (any one suffices), as its schema describes them.
FIELD_PERMISSIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Checkout", "user"): ("MANAGE_USERS", "HANDLE_PAYMENTS"),
    ("Channel", "orderSettings"): ("MANAGE_CHANNELS", "MANAGE_ORDERS"),
    ("Order", "events"): ("MANAGE_ORDERS",),
    ("Order", "grantedRefunds"): ("MANAGE_ORDERS",),
    ("Order", "transactions"): ("MANAGE_ORDERS", "HANDLE_PAYMENTS"),
}
PRIVATE_METADATA_PERMISSION = {"Checkout": "MANAGE_CHECKOUTS", "Order": "MANAGE_ORDERS"}
PRIVATE_METADATA_FIELDS = frozenset({"privateMetadata", "privateMetafield", "privateMetafields"})


@cache
def saleor_schema() -> GraphQLSchema:
    """Saleor 3.23.28's schema, built once per process (it takes about a second)."""
    return build_schema(saleor_schema_sdl())


@cache
def _rsa_key(slot: int) -> rsa.RSAPrivateKey:
    """One 2048-bit key per slot per process: generating keys is slow."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _compact_json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _int_b64url(number: int) -> str:
    return b64url(number.to_bytes((number.bit_length() + 7) // 8, "big"))


def global_id(type_name: str, pk: object) -> str:
    """Saleor's (graphene's) global ID: base64 of ``Type:pk``."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode("ascii")


def decode_global_id(value: str) -> tuple[str, str]:
    try:
        type_name, _, pk = base64.b64decode(value, validate=True).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        type_name = pk = ""
    if not type_name or not pk:
        raise GraphQLError(f"Couldn't resolve id: {value}.")
    return type_name, pk


def money(amount: Decimal | float | str, currency: str = "USD") -> Obj:
    value = Decimal(str(amount))
    return {
        "currency": currency,
        "amount": float(value),
        "fractionalAmount": int(value * 100),
        "fractionDigits": 2,
    }


def taxed(amount: Decimal | float | str, currency: str = "USD") -> Obj:
    return {
        "currency": currency,
        "gross": money(amount, currency),
        "net": money(amount, currency),
        "tax": money(0, currency),
    }


def metadata_items(values: Mapping[str, str] | None) -> list[Obj]:
    return [{"key": k, "value": v} for k, v in (values or {}).items()]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


class PermissionDenied(Exception):
    """Named like Saleor's, so the error's ``extensions.exception.code`` matches."""

    def __init__(self, permissions: Iterable[str] = (), *, field: bool = False) -> None:
        names = ", ".join(permissions)
        if not names:
            message = "You do not have permission to perform this action"
        elif field:
            message = f"To access this path, you need one of the following permissions: {names}"
        else:
            message = f"You need one of the following permissions: {names}"
        super().__init__(message)


@dataclass(frozen=True)
class SaleorCall:
    """A root field the double resolved: ``name`` is the field, ``args`` its arguments."""

    name: str
    args: dict[str, Any]


@dataclass(frozen=True)
class WebhookDelivery:
    """A delivery as Saleor would POST it: raw body and headers (signature included)."""

    event: str
    body: bytes
    headers: dict[str, str]

    @property
    def payload(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class _Context:
    app: bool
    permissions: frozenset[str]


class WorkerDied(BaseException):
    """Raised by the double after it carried a request out (``lose_answer_to(..., "die")``):
    the worker process stopped there, before it could record anything."""


@dataclass
class _Canned:
    status: int = 503
    content: bytes = b""
    content_type: str = "text/plain"
    timeout: bool = False


def _require(info: Info, permissions: Sequence[str], *, field: bool = False) -> None:
    context = info.context
    if not context.app or (permissions and not context.permissions.intersection(permissions)):
        raise PermissionDenied(permissions, field=field)


def _resolve_field(source: Any, info: Info, **args: Any) -> Any:
    """Dict lookups by field name, Saleor's field permissions, and the metafield helpers."""
    parent, name = info.parent_type.name, info.field_name
    if (parent, name) in FIELD_PERMISSIONS:
        _require(info, FIELD_PERMISSIONS[(parent, name)], field=True)
    if name in PRIVATE_METADATA_FIELDS and parent in PRIVATE_METADATA_PERMISSION:
        _require(info, (PRIVATE_METADATA_PERMISSION[parent],), field=True)
    if not isinstance(source, Mapping):
        return getattr(source, name, None)
    if name in ("metafield", "privateMetafield", "metafields", "privateMetafields"):
        items = source.get("privateMetadata" if name.startswith("private") else "metadata") or []
        values = {item["key"]: item["value"] for item in items}
        if name.endswith("s"):
            keys = args.get("keys")
            return {k: v for k, v in values.items() if keys is None or k in keys}
        return values.get(args["key"])
    value = source.get(name)
    return value(info, args) if callable(value) else value


def _format_error(error: GraphQLError) -> Obj:
    formatted = dict(error.formatted)
    original = error.original_error
    code = type(original).__name__ if original is not None else "GraphQLError"
    formatted["extensions"] = {"exception": {"code": code}}
    return formatted


def _amount(money_value: Mapping[str, Any]) -> Decimal:
    return Decimal(str(money_value["amount"]))


class _Refused(Exception):
    """A mutation answering ``errors: [{field, code, message}]`` (its other fields null)."""

    def __init__(self, field_name: str | None, code: str, message: str) -> None:
        super().__init__(message)
        self.error = {"field": field_name, "code": code, "message": message}


class SaleorDouble:
    """One Saleor: identity and keys, an HTTP transport, in-memory data and test knobs."""

    def __init__(
        self, api_url: str = DEFAULT_API_URL, *, permissions: Iterable[str] = APP_PERMISSIONS
    ) -> None:
        url = httpx.URL(api_url)
        self.api_url = api_url
        self.origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        self.app_token = secrets.token_urlsafe(22)
        self.app_id = global_id("App", 1)
        self.permissions = set(permissions)
        self.app: Obj = {
            "__typename": "App",
            "id": self.app_id,
            "name": "Foresight",
            "identifier": "saleor.foresight",
            "isActive": True,
            "type": "THIRDPARTY",
            "permissions": [{"code": p, "name": p} for p in sorted(self.permissions)],
            "metadata": [],
            "privateMetadata": [],
            "extensions": [],
            "breakerState": "CLOSED",
            "webhooks": [],
        }
        self.calls: list[SaleorCall] = []
        self.installed_webhooks: dict[str, Obj] = {}  # event -> the Webhook delivering it
        self.requests: list[httpx.Request] = []
        self.objects: dict[str, Obj] = {}
        self._key_slot = 0
        self._token_refused = False
        self._canned: list[_Canned] = []
        self._lose: dict[str, list[str]] = {}  # root field -> how to lose its next answers
        self._prices: dict[str, Decimal] = {}
        self._channels: dict[str, Obj] = {}
        self._pks = itertools.count(1)
        self._order_numbers = itertools.count(1)
        self._app_pks = itertools.count(2)
        self._root: dict[str, Resolver] = {
            "app": self._app,
            "channels": self._channels_list,
            "checkout": self._checkout,
            "order": self._order,
            "orders": self._orders,
            "updatePrivateMetadata": self._update_private_metadata,
            "orderConfirm": self._order_confirm,
            "orderNoteAdd": self._order_note_add,
            "orderGrantRefundCreate": self._order_grant_refund_create,
            "transactionRequestRefundForGrantedRefund": self._request_refund,
            "orderFulfillmentReturnProducts": self._return_products,
            "webhookUpdate": self._webhook_update,
        }

    # -- keys and signatures -------------------------------------------------------------

    @property
    def private_key(self) -> rsa.RSAPrivateKey:
        return _rsa_key(self._key_slot)

    @property
    def jwk(self) -> Obj:
        numbers = self.private_key.public_key().public_numbers()
        n, e = _int_b64url(numbers.n), _int_b64url(numbers.e)
        # RFC 7638 thumbprint, as Saleor derives its kid
        thumbprint = b64url(hashlib.sha256(_compact_json({"e": e, "kty": "RSA", "n": n})).digest())
        return {"kty": "RSA", "key_ops": ["verify"], "n": n, "e": e, "use": "sig",
                "kid": thumbprint, "alg": "RS256"}  # fmt: skip

    @property
    def kid(self) -> str:
        return str(self.jwk["kid"])

    @property
    def jwks(self) -> Obj:
        return {"keys": [self.jwk]}

    def rotate_key(self) -> None:
        """Sign with a new key from now on; the JWKS then holds only the new key."""
        self._key_slot += 1

    def _rs256(self, signing_input: bytes) -> str:
        return b64url(self.private_key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256()))

    def sign_webhook(self, body: bytes) -> str:
        """``Saleor-Signature``: detached JWS with an unencoded payload (RFC 7797)."""
        header = {"alg": "RS256", "b64": False, "crit": ["b64"], "kid": self.kid, "typ": "JWT"}
        protected = b64url(_compact_json(header))
        return f"{protected}..{self._rs256(protected.encode('ascii') + b'.' + body)}"

    def issue_jwt(self, claims: Mapping[str, Any]) -> str:
        """An RS256 JWT signed with this Saleor's key, claims taken as given."""
        header = b64url(_compact_json({"alg": "RS256", "kid": self.kid, "typ": "JWT"}))
        payload = b64url(_compact_json(dict(claims)))
        return f"{header}.{payload}.{self._rs256(f'{header}.{payload}'.encode('ascii'))}"

    def customer_token(
        self, *, user_id: str | None = None, email: str = "buyer@example.com", ttl: int = 300
    ) -> str:
        """A customer access token shaped like the recorded ``tokenCreate`` one."""
        issued = int(time.time())
        return self.issue_jwt({
            "iat": issued, "owner": "saleor", "iss": self.api_url, "exp": issued + ttl,
            "token": secrets.token_urlsafe(9), "email": email, "type": "access",
            "user_id": user_id or global_id("User", 46), "is_staff": False,
        })  # fmt: skip

    def staff_token(
        self,
        *,
        user_permissions: Iterable[str] = ("MANAGE_ORDERS",),
        email: str = "staff@example.com",
        app_id: str | None = None,
        ttl: int = 300,
    ) -> str:
        """A Dashboard app token (``type: thirdparty``) as app-bridge hands it to our iframe."""
        issued = int(time.time())
        held = sorted(set(user_permissions))
        return self.issue_jwt({
            "iat": issued, "owner": "saleor", "iss": self.api_url, "exp": issued + ttl,
            "token": secrets.token_urlsafe(9), "email": email, "type": "thirdparty",
            "user_id": global_id("User", 21), "is_staff": True, "app": app_id or self.app_id,
            "permissions": sorted(self.permissions.intersection(held)),
            "user_permissions": held,
        })  # fmt: skip

    # -- HTTP ----------------------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        """Serves ``GET <origin>/.well-known/jwks.json`` and ``POST <api_url>``."""
        return httpx.MockTransport(self._handle)

    def fail_next(self, n: int = 1, status: int = 503) -> None:
        """Answer the next ``n`` requests (of any kind) with ``status`` and a text body."""
        body = f"{status} from the Saleor double".encode()
        self._canned.extend(_Canned(status, body) for _ in range(n))

    def timeout_next(self, n: int = 1) -> None:
        """Let the next ``n`` requests time out (``httpx.ReadTimeout``)."""
        self._canned.extend(_Canned(timeout=True) for _ in range(n))

    def respond_next(
        self, status: int, content: bytes | str, *, content_type: str = "application/json"
    ) -> None:
        """Answer the next request with exactly this."""
        raw = content.encode() if isinstance(content, str) else content
        self._canned.append(_Canned(status, raw, content_type))

    def lose_answer_to(
        self, field_name: str, how: str = "502", n: int = 1, *, after: int = 0
    ) -> None:
        """Carry out the next ``n`` requests resolving the root field ``field_name`` (past the
        ``after`` next ones, answered as usual), then lose the answer: ``"502"`` (a proxy's
        bad gateway), ``"timeout"`` (``ReadTimeout``), ``"drop"`` (the connection closes
        without an answer) or ``"die"`` (``WorkerDied``: the caller's process stops there)."""
        if how not in ("502", "timeout", "drop", "die"):
            raise ValueError(f"no way to lose an answer called {how!r}")
        self._lose.setdefault(field_name, []).extend([ANSWER] * after + [how] * n)

    def refuse_token(self) -> None:
        """Treat the app token as unknown from now on (as after the app is removed)."""
        self._token_refused = True

    def rotate_app_token(self) -> str:
        """Issue a new app token (as a reinstall does); the old one is refused from now on."""
        self.app_token = secrets.token_urlsafe(22)
        self._token_refused = False
        return self.app_token

    def new_app(self) -> str:
        """Become another app of this Saleor (as a second install creates one): a new app id
        and token; the old token is refused from now on. Returns the new token."""
        self.app_id = global_id("App", next(self._app_pks))
        self.app["id"] = self.app_id
        return self.rotate_app_token()

    def calls_to(self, name: str) -> list[dict[str, Any]]:
        return [call.args for call in self.calls if call.name == name]

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if f"{request.url.scheme}://{request.url.netloc.decode('ascii')}" != self.origin:
            raise httpx.ConnectError(f"no Saleor at {request.url.host}", request=request)
        if self._canned:
            canned = self._canned.pop(0)
            if canned.timeout:
                raise httpx.ReadTimeout("timed out", request=request)
            headers = {"Content-Type": canned.content_type}
            return httpx.Response(canned.status, content=canned.content, headers=headers)
        path = request.url.path
        if request.method == "GET" and path == "/.well-known/jwks.json":
            return httpx.Response(200, json=self.jwks)
        if path == httpx.URL(self.api_url).path:
            if request.method != "POST":
                return httpx.Response(405, headers={"Allow": "OPTIONS, POST"})
            performed = len(self.calls)
            response = self._graphql_http(request)
            for call in self.calls[performed:]:
                how = self._lose[call.name].pop(0) if self._lose.get(call.name) else ANSWER
                if how != ANSWER:
                    return self._lost(request, how)
            return response
        return httpx.Response(404, text="Not Found")

    def _lost(self, request: httpx.Request, how: str) -> httpx.Response:
        if how == "timeout":
            raise httpx.ReadTimeout("timed out", request=request)
        if how == "drop":
            message = "Server disconnected without sending a response."
            raise httpx.RemoteProtocolError(message, request=request)
        if how == "die":
            raise WorkerDied("the worker died after Saleor carried the request out")
        return httpx.Response(502, text="502 Bad Gateway", headers={"Content-Type": "text/plain"})

    def _authenticated(self, request: httpx.Request) -> bool:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or self._token_refused:
            return False
        return secrets.compare_digest(token.strip(), self.app_token)

    def _graphql_http(self, request: httpx.Request) -> httpx.Response:
        try:
            body = json.loads(request.content)
            query, variables = body["query"], body.get("variables")
        except (ValueError, KeyError, TypeError):
            return httpx.Response(400, json={"errors": [{"message": "Unable to parse query."}]})
        authenticated = self._authenticated(request)
        status, answer = self._run(query, variables, body.get("operationName"), authenticated)
        return httpx.Response(status, json=answer)

    def _run(
        self, query: str, variables: Any, operation_name: str | None, authenticated: bool
    ) -> tuple[int, Obj]:
        try:
            document = parse(query)
        except GraphQLError as exc:
            return 400, {"errors": [_format_error(exc)]}
        invalid = validate(saleor_schema(), document)
        if invalid:
            return 400, {"errors": [_format_error(e) for e in invalid]}
        result = self.execute_document(
            document, variables, operation_name, authenticated=authenticated
        )
        if result.errors and result.data is None:  # variables that do not coerce
            return 400, {"errors": [_format_error(e) for e in result.errors]}
        answer: Obj = {"data": result.data}
        if result.errors:
            answer["errors"] = [_format_error(e) for e in result.errors]
        return 200, answer

    def execute_document(
        self,
        document: DocumentNode,
        variables: Mapping[str, Any] | None = None,
        operation_name: str | None = None,
        *,
        authenticated: bool = True,
        root: Mapping[str, Any] | None = None,
    ) -> ExecutionResult:
        """Execute a parsed document against the schema and this double's data, as our app
        (``authenticated``) or as an anonymous caller."""
        return execute_sync(
            saleor_schema(),
            document,
            root_value=root if root is not None else self._recording_root(),
            context_value=_Context(authenticated, frozenset(self.permissions)),
            variable_values=dict(variables) if variables is not None else None,
            operation_name=operation_name,
            field_resolver=_resolve_field,
        )

    def _recording_root(self) -> dict[str, Resolver]:
        def recorded(name: str, resolver: Resolver) -> Resolver:
            def resolve(info: Info, args: dict[str, Any]) -> Any:
                self.calls.append(SaleorCall(name, args))
                try:
                    return resolver(info, args)
                except _Refused as refused:
                    return {"errors": [refused.error]}

            return resolve

        return {name: recorded(name, resolver) for name, resolver in self._root.items()}

    # -- webhooks ------------------------------------------------------------------------

    def webhook(
        self,
        event: str,
        subscription: str,
        *,
        issuing_principal: Obj | None = None,
        issued_at: datetime | None = None,
        **subject: Any,
    ) -> WebhookDelivery:
        """Build and sign a delivery for ``event`` (e.g. ``ORDER_CREATED``) the way Saleor does:
        run our subscription query on the event, e.g. ``webhook(..., order=order)``."""
        type_name = "".join(part.capitalize() for part in event.split("_"))
        issued = (issued_at or datetime.now(UTC)).isoformat()
        root = {"event": {"__typename": type_name, "issuedAt": issued, "version": SALEOR_VERSION,
                          "issuingPrincipal": issuing_principal, "recipient": self.app,
                          "notifyCustomer": True, **subject}}  # fmt: skip
        document = parse(subscription)
        invalid = validate(saleor_schema(), document)
        if invalid:
            raise AssertionError(f"subscription does not validate on Saleor's schema: {invalid}")
        result = self.execute_document(document, root=root)
        if result.errors or not result.data:
            raise AssertionError(f"subscription failed on the double's data: {result.errors}")
        body = json.dumps(result.data["event"]).encode()
        signature = self.sign_webhook(body)
        domain = httpx.URL(self.api_url).netloc.decode("ascii")
        headers = {
            "Content-Type": "application/json",
            "X-Saleor-Event": event.lower(),
            "X-Saleor-Domain": domain,
            "X-Saleor-Signature": signature,
            "Saleor-Event": event.lower(),
            "Saleor-Domain": domain,
            "Saleor-Signature": signature,
            "Saleor-Api-Url": self.api_url,
        }
        return WebhookDelivery(event, body, headers)

    async def install(self, app: httpx.AsyncClient, manifest_url: str) -> Obj:
        """Install an app as the Dashboard's "Install external app" does: GET the manifest,
        then POST the app token to its tokenTargetUrl. Keeps the manifest's webhooks."""
        got = await app.get(
            manifest_url, headers={"User-Agent": "Saleor/3.23", "Saleor-Schema-Version": "3.23"}
        )
        got.raise_for_status()
        manifest: Obj = got.json()
        domain = httpx.URL(self.api_url).netloc.decode("ascii")
        posted = await app.post(
            manifest["tokenTargetUrl"],
            content=json.dumps({"auth_token": self.app_token}),
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Saleor/3.23",
                "Saleor-Domain": domain,
                "Saleor-Api-Url": self.api_url,
                "Saleor-Schema-Version": "3.23",
            },
        )
        if posted.status_code != 200:
            raise AssertionError(f"install refused: {posted.status_code} {posted.text}")
        self.app["webhooks"] = [self._register({
            "__typename": "Webhook", "id": global_id("Webhook", self._pk()),
            "name": webhook["name"], "identifier": None, "targetUrl": webhook["targetUrl"],
            "isActive": webhook.get("isActive", True), "subscriptionQuery": webhook["query"],
            "asyncEvents": [{"name": e, "eventType": e} for e in webhook["asyncEvents"]],
            "syncEvents": [], "app": self.app, "customHeaders": None,
        }) for webhook in manifest["webhooks"]]  # fmt: skip
        self.installed_webhooks = {
            event["eventType"]: webhook
            for webhook in self.app["webhooks"]
            for event in webhook["asyncEvents"]
        }
        return manifest

    async def deliver(self, app: httpx.AsyncClient, event: str, **subject: Any) -> httpx.Response:
        """Send ``event`` to the installed app as Saleor would: the installed webhook's
        subscription query (the manifest's, unless changed since) decides the payload, its
        targetUrl the address."""
        webhook = self.installed_webhooks[event]
        delivery = self.webhook(event, webhook["subscriptionQuery"], **subject)
        return await app.post(webhook["targetUrl"], content=delivery.body, headers=delivery.headers)

    # -- fixtures ------------------------------------------------------------------------

    def _register(self, obj: Obj) -> Obj:
        self.objects[obj["id"]] = obj
        return obj

    def _pk(self) -> int:
        return next(self._pks)

    def channel(self, slug: str = "default-channel", currency: str = "USD") -> Obj:
        if slug not in self._channels:
            self._channels[slug] = self._register({
                "__typename": "Channel", "id": global_id("Channel", self._pk()), "slug": slug,
                "name": slug.replace("-", " ").title(), "isActive": True, "currencyCode": currency,
                "hasOrders": True, "defaultCountry": {"code": "US", "country": "United States"},
                "warehouses": [], "metadata": [], "privateMetadata": [],
                # Saleor's default; strict mode wants it off (confirms_automatically)
                "orderSettings": {"automaticallyConfirmAllNewOrders": True},
            })  # fmt: skip
        return self._channels[slug]

    def confirms_automatically(self, slug: str = "default-channel", value: bool = True) -> None:
        """Set the channel's "Automatically confirm all new orders"."""
        self.channel(slug)["orderSettings"]["automaticallyConfirmAllNewOrders"] = value

    def _named(self, type_name: str, name: str, **extra: Any) -> Obj:
        return self._register({"__typename": type_name, "id": global_id(type_name, self._pk()),
                               "name": name, "slug": slugify(name), "metadata": [],
                               "privateMetadata": [], **extra})  # fmt: skip

    def _selected_attributes(self, attributes: Mapping[str, Sequence[str]] | None) -> list[Obj]:
        selected = []
        for slug, values in (attributes or {}).items():
            attribute = self._named("Attribute", slug, type="PRODUCT_TYPE", valueRequired=False,
                                    visibleInStorefront=True, filterableInStorefront=True,
                                    filterableInDashboard=True, availableInGrid=True,
                                    storefrontSearchPosition=0, withChoices=True)  # fmt: skip
            attribute["slug"] = slug
            selected.append({"attribute": attribute, "values": [
                self._named("AttributeValue", value) for value in values
            ]})  # fmt: skip
        return selected

    def add_product(
        self,
        name: str = "Linen shirt",
        *,
        price: Decimal | str = "20.00",
        sku: str | None = None,
        variant_name: str = "M",
        product_type: str = "Shirt",
        category: str = "Shirts",
        collections: Sequence[str] = (),
        attributes: Mapping[str, Sequence[str]] | None = None,
        product_attributes: Mapping[str, Sequence[str]] | None = None,
    ) -> Obj:
        """A product with one variant; returns the variant. ``attributes`` are the variant's,
        slug -> value names, e.g. ``{"colour": ["Navy"]}``."""
        stamp = now_iso()
        product = self._named(
            "Product", name, created=stamp, updatedAt=stamp, chargeTaxes=True,
            productType=self._named("ProductType", product_type, hasVariants=True,
                                    isShippingRequired=True, isDigital=False, kind="NORMAL"),
            category=self._named("Category", category, level=0, updatedAt=stamp),
            collections=[self._named("Collection", c) for c in collections],
            attributes=self._selected_attributes(product_attributes), assignedAttributes=[],
        )  # fmt: skip
        pk = self._pk()
        variant = self._register({
            "__typename": "ProductVariant", "id": global_id("ProductVariant", pk),
            "name": variant_name, "sku": sku or f"SKU-{pk:05d}", "product": product,
            "attributes": self._selected_attributes(attributes), "assignedAttributes": [],
            "trackInventory": True, "created": stamp, "updatedAt": stamp,
            "metadata": [], "privateMetadata": [],
        })  # fmt: skip
        self._prices[variant["id"]] = Decimal(str(price))
        return variant

    def _address(self, country: str) -> Obj:
        return {"__typename": "Address", "id": global_id("Address", self._pk()),
                "firstName": "Ada", "lastName": "Buyer", "companyName": "",
                "streetAddress1": "1 Main Street", "streetAddress2": "", "city": "Springfield",
                "cityArea": "", "postalCode": "12345", "countryArea": "", "phone": None,
                "country": {"code": country, "country": country},
                "metadata": [], "privateMetadata": []}  # fmt: skip

    def _user(self, user_id: str | None, email: str) -> Obj | None:
        if user_id is None:
            return None
        stamp = now_iso()
        return {"__typename": "User", "id": user_id, "email": email, "firstName": "Ada",
                "lastName": "Buyer", "isStaff": False, "isActive": True, "isConfirmed": True,
                "addresses": [], "restrictedAccessToChannels": False, "languageCode": "EN",
                "dateJoined": stamp, "updatedAt": stamp, "metadata": [],
                "privateMetadata": []}  # fmt: skip

    def add_checkout(
        self,
        lines: Sequence[tuple[Obj, int]] = (),
        *,
        email: str | None = "buyer@example.com",
        channel: str = "default-channel",
        country: str = "US",
        user_id: str | None = None,
        language: str = "EN",
        metadata: Mapping[str, str] | None = None,
        private_metadata: Mapping[str, str] | None = None,
    ) -> Obj:
        """A checkout holding ``(variant, quantity)`` lines."""
        currency = self.channel(channel)["currencyCode"]
        token, stamp = str(uuid.uuid4()), now_iso()
        checkout_lines = []
        for variant, quantity in lines:
            unit = self._prices[variant["id"]]
            checkout_lines.append(self._register({
                "__typename": "CheckoutLine", "id": global_id("CheckoutLine", uuid.uuid4()),
                "variant": variant, "quantity": quantity, "requiresShipping": True,
                "unitPrice": taxed(unit, currency), "undiscountedUnitPrice": money(unit, currency),
                "totalPrice": taxed(unit * quantity, currency),
                "undiscountedTotalPrice": money(unit * quantity, currency),
                "metadata": [], "privateMetadata": [],
            }))  # fmt: skip
        total = sum((self._prices[v["id"]] * q for v, q in lines), Decimal(0))
        return self._register({
            "__typename": "Checkout", "id": global_id("Checkout", token), "token": token,
            "email": email, "channel": self.channel(channel),
            "user": self._user(user_id, email or ""),
            "shippingAddress": self._address(country), "billingAddress": self._address(country),
            "languageCode": language, "lines": checkout_lines,
            "quantity": sum(q for _, q in lines), "created": stamp, "updatedAt": stamp,
            "lastChange": stamp, "customerNote": "", "note": "", "isShippingRequired": True,
            "availableShippingMethods": [], "shippingMethods": [],
            "availableCollectionPoints": [], "availablePaymentGateways": [], "giftCards": [],
            "shippingPrice": taxed(0, currency), "subtotalPrice": taxed(total, currency),
            "totalPrice": taxed(total, currency), "totalBalance": money(-total, currency),
            "taxExemption": False, "displayGrossPrices": True, "authorizeStatus": "NONE",
            "chargeStatus": "NONE", "transactions": [],
            "metadata": metadata_items(metadata),
            "privateMetadata": metadata_items(private_metadata),
        })  # fmt: skip

    def add_order(
        self,
        lines: Sequence[tuple[Obj, int]] = (),
        *,
        checkout: Obj | None = None,
        status: str = "UNFULFILLED",
        email: str = "buyer@example.com",
        user_id: str | None = None,
        channel: str = "default-channel",
        country: str = "US",
        paid: bool = True,
        delivery_days: tuple[int, int] | None = (2, 5),
        shipping_method: str = "Standard",
        metadata: Mapping[str, str] | None = None,
        private_metadata: Mapping[str, str] | None = None,
    ) -> Obj:
        """An order with ``(variant, quantity)`` lines, paid through one transaction.

        From a ``checkout``, lines, email, channel and both metadata are copied, as Saleor does
        at checkout completion. ``delivery_days`` (min, max) sets a shipping method."""
        if checkout is not None:
            lines = [(line["variant"], line["quantity"]) for line in checkout["lines"]]
            email, channel = checkout["email"] or email, checkout["channel"]["slug"]
            metadata = {i["key"]: i["value"] for i in checkout["metadata"]}
            private_metadata = {i["key"]: i["value"] for i in checkout["privateMetadata"]}
            user_id = (checkout["user"] or {}).get("id", user_id)
        currency = self.channel(channel)["currencyCode"]
        token, stamp = uuid.uuid4(), now_iso()
        order_lines = [self._order_line(v, q, currency) for v, q in lines]
        total = sum((self._prices[v["id"]] * q for v, q in lines), Decimal(0))
        charged = total if paid else Decimal(0)
        transaction = self._register({
            "__typename": "TransactionItem", "id": global_id("TransactionItem", uuid.uuid4()),
            "token": str(uuid.uuid4()), "name": "Credit card", "message": "",
            "pspReference": f"psp-{self._pk()}", "createdAt": stamp, "modifiedAt": stamp,
            "actions": ["REFUND"] if paid else ["CHARGE"], "events": [], "externalUrl": "",
            "authorizedAmount": money(0, currency), "authorizePendingAmount": money(0, currency),
            "chargedAmount": money(charged, currency), "chargePendingAmount": money(0, currency),
            "refundedAmount": money(0, currency), "refundPendingAmount": money(0, currency),
            "canceledAmount": money(0, currency), "cancelPendingAmount": money(0, currency),
            "metadata": [], "privateMetadata": [],
        })  # fmt: skip
        method = None
        if delivery_days is not None:
            method = self._named("ShippingMethod", shipping_method, price=money(0, currency),
                                 active=True, minimumDeliveryDays=delivery_days[0],
                                 maximumDeliveryDays=delivery_days[1], type="PRICE")  # fmt: skip
        zero = money(0, currency)
        return self._register({
            "__typename": "Order", "id": global_id("Order", token), "token": str(token),
            "number": str(next(self._order_numbers)), "created": stamp, "updatedAt": stamp,
            "status": status, "origin": "CHECKOUT", "userEmail": email,
            "user": self._user(user_id, email), "channel": self.channel(channel),
            "checkoutId": checkout["id"] if checkout else None,
            "lines": order_lines, "fulfillments": [], "events": [], "grantedRefunds": [],
            "transactions": [transaction], "payments": [],
            "shippingAddress": self._address(country), "billingAddress": self._address(country),
            "deliveryMethod": method, "shippingMethod": method,
            "shippingMethodName": method and method["name"], "shippingMethods": [],
            "total": taxed(total, currency), "subtotal": taxed(total, currency),
            "undiscountedTotal": taxed(total, currency), "shippingPrice": taxed(0, currency),
            "undiscountedShippingPrice": zero, "shippingTaxRate": 0.0,
            "isPaid": paid, "paymentStatus": "FULLY_CHARGED" if paid else "NOT_CHARGED",
            "paymentStatusDisplay": "Fully charged" if paid else "Not charged",
            "authorizeStatus": "FULL", "chargeStatus": "FULL" if paid else "NONE",
            "totalCharged": money(charged, currency), "totalCaptured": money(charged, currency),
            "totalAuthorized": zero, "totalCanceled": zero, "totalRefunded": zero,
            "totalBalance": money(charged - total, currency), "totalGrantedRefund": zero,
            "totalRefundPending": zero, "totalAuthorizePending": zero,
            "totalChargePending": zero, "totalCancelPending": zero,
            "totalRemainingGrant": money(charged, currency),
            "languageCode": "en", "languageCodeEnum": "EN", "isShippingRequired": True,
            "customerNote": "", "trackingClientId": "", "weight": {"unit": "KG", "value": 0.0},
            "canFinalize": True, "statusDisplay": status.title(), "displayGrossPrices": True,
            "taxExemption": False, "giftCards": [], "invoices": [], "discounts": [],
            "errors": [], "actions": [], "availableCollectionPoints": [],
            "shippingTaxClassMetadata": [], "shippingTaxClassPrivateMetadata": [],
            "metadata": metadata_items(metadata),
            "privateMetadata": metadata_items(private_metadata),
        })  # fmt: skip

    def _order_line(self, variant: Obj, quantity: int, currency: str) -> Obj:
        unit, product = self._prices[variant["id"]], variant["product"]
        return self._register({
            "__typename": "OrderLine", "id": global_id("OrderLine", uuid.uuid4()),
            "productName": product["name"], "variantName": variant["name"],
            "translatedProductName": product["name"], "translatedVariantName": variant["name"],
            "productSku": variant["sku"], "productVariantId": variant["id"], "variant": variant,
            "quantity": quantity, "quantityFulfilled": 0, "quantityToFulfill": quantity,
            "isShippingRequired": True, "taxRate": 0.0, "unitPrice": taxed(unit, currency),
            "undiscountedUnitPrice": taxed(unit, currency), "unitDiscount": money(0, currency),
            "unitDiscountValue": 0, "totalPrice": taxed(unit * quantity, currency),
            "undiscountedTotalPrice": taxed(unit * quantity, currency),
            "metadata": [], "privateMetadata": [], "taxClassMetadata": [],
            "taxClassPrivateMetadata": [],
        })  # fmt: skip

    def add_fulfillment(
        self,
        order: Obj,
        lines: Mapping[str, int] | None = None,
        *,
        tracking_number: str = "",
        status: str = "FULFILLED",
    ) -> Obj:
        """Ship order lines (order line id -> quantity; default: all still to fulfil)."""
        by_id = {line["id"]: line for line in order["lines"]}
        wanted = dict(lines) if lines is not None else {
            line_id: line["quantityToFulfill"] for line_id, line in by_id.items()
            if line["quantityToFulfill"]
        }  # fmt: skip
        fulfillment_lines = []
        for line_id, quantity in wanted.items():
            line = by_id[line_id]
            line["quantityFulfilled"] += quantity
            line["quantityToFulfill"] -= quantity
            fulfillment_lines.append(self._fulfillment_line(line, quantity))
        fulfillment = self._new_fulfillment(order, fulfillment_lines, status)
        fulfillment["trackingNumber"] = tracking_number
        left = any(line["quantityToFulfill"] for line in order["lines"])
        order["status"] = "PARTIALLY_FULFILLED" if left else "FULFILLED"
        return fulfillment

    def _new_fulfillment(self, order: Obj, lines: list[Obj], status: str) -> Obj:
        fulfillment = self._register({
            "__typename": "Fulfillment", "id": global_id("Fulfillment", self._pk()),
            "fulfillmentOrder": len(order["fulfillments"]) + 1, "status": status,
            "statusDisplay": status.title(), "trackingNumber": "", "created": now_iso(),
            "lines": lines, "warehouse": None, "metadata": [], "privateMetadata": [],
        })  # fmt: skip
        order["fulfillments"].append(fulfillment)
        return fulfillment

    def complete_refund(self, granted_refund_id: str, *, success: bool = True) -> None:
        """What the payment app reports later: the requested refund went through (or not)."""
        granted = self.objects[granted_refund_id]
        transaction = granted["transaction"]
        amount, currency = _amount(granted["amount"]), granted["amount"]["currency"]
        pending = _amount(transaction["refundPendingAmount"]) - amount
        transaction["refundPendingAmount"] = money(pending, currency)
        if success:
            refunded = _amount(transaction["refundedAmount"]) + amount
            transaction["refundedAmount"] = money(refunded, currency)
        granted["status"] = "SUCCESS" if success else "FAILURE"

    def private_metadata(self, object_id: str) -> dict[str, str]:
        return {i["key"]: i["value"] for i in self.objects[object_id]["privateMetadata"]}

    # -- root fields ---------------------------------------------------------------------

    def _lookup(self, object_id: Any, type_name: str) -> Obj | None:
        found = self.objects.get(str(object_id))
        return found if found is not None and found["__typename"] == type_name else None

    def _typed_node(self, object_id: str, type_name: str) -> Obj | None:
        kind, _ = decode_global_id(object_id)
        if kind != type_name:
            raise GraphQLError(f"Must receive a {type_name} id.")
        return self._lookup(object_id, type_name)

    def _app(self, info: Info, args: dict[str, Any]) -> Obj | None:
        if not info.context.app:
            raise PermissionDenied(("AUTHENTICATED_STAFF_USER", "AUTHENTICATED_APP"), field=True)
        if args.get("id") not in (None, self.app_id):
            _require(info, ("MANAGE_APPS",))
        return self.app

    def _channels_list(self, info: Info, args: dict[str, Any]) -> list[Obj]:
        if not info.context.app:
            raise PermissionDenied(("AUTHENTICATED_APP", "AUTHENTICATED_STAFF_USER"), field=True)
        return list(self._channels.values())

    def _checkout(self, info: Info, args: dict[str, Any]) -> Obj | None:
        if args.get("id") is None:
            return self._lookup(global_id("Checkout", args.get("token")), "Checkout")
        return self._typed_node(args["id"], "Checkout")

    def _order(self, info: Info, args: dict[str, Any]) -> Obj | None:
        return self._typed_node(args["id"], "Order") if args.get("id") else None

    def _orders(self, info: Info, args: dict[str, Any]) -> Obj:
        """Orders (drafts excluded) as Saleor pages them: ``where.createdAt.gte``, sorted by
        creation (``sortBy`` CREATED_AT, either way), ``first`` (at most 100) after a cursor."""
        _require(info, ("MANAGE_ORDERS",))
        if args.get("filter") is not None or set(args.get("where") or {}) - {"createdAt"}:
            raise NotImplementedError(f"the double filters orders by createdAt only: {args}")
        gte = ((args.get("where") or {}).get("createdAt") or {}).get("gte")
        since = datetime.fromisoformat(gte) if gte else None
        sort = args.get("sortBy") or {"field": "CREATED_AT", "direction": "ASC"}
        if sort["field"] != "CREATED_AT":
            raise NotImplementedError(f"the double sorts orders by CREATED_AT only: {sort}")
        found = sorted(
            (o for o in self.objects.values()
             if o["__typename"] == "Order" and o["status"] != "DRAFT"
             and (since is None or datetime.fromisoformat(o["created"]) >= since)),
            key=lambda o: (o["created"], o["id"]), reverse=sort["direction"] == "DESC",
        )  # fmt: skip
        first = args.get("first")
        if first is None or not 1 <= first <= 100:
            raise GraphQLError("You must provide a `first` value between 1 and 100.")
        start = 0
        if args.get("after"):
            start = int(base64.b64decode(args["after"]).decode().removeprefix("position:")) + 1
        shown = found[start : start + first]
        cursors = [base64.b64encode(f"position:{start + i}".encode()).decode()
                   for i in range(len(shown))]  # fmt: skip
        return {
            "__typename": "OrderCountableConnection",
            "edges": [{"__typename": "OrderCountableEdge", "node": order, "cursor": cursor}
                      for order, cursor in zip(shown, cursors, strict=True)],
            "pageInfo": {"__typename": "PageInfo", "hasNextPage": start + first < len(found),
                         "hasPreviousPage": start > 0,
                         "startCursor": cursors[0] if cursors else None,
                         "endCursor": cursors[-1] if cursors else None},
            "totalCount": len(found),
        }  # fmt: skip

    def _order_to_change(self, info: Info, order_id: str, field_name: str) -> Obj:
        _require(info, ("MANAGE_ORDERS",))
        order = self._lookup(order_id, "Order")
        if order is None:
            raise _Refused(field_name, "NOT_FOUND", f"Couldn't resolve to a node: {order_id}")
        return order

    def _order_event(self, order: Obj, kind: str, message: str | None = None) -> Obj:
        event = {"__typename": "OrderEvent", "id": global_id("OrderEvent", self._pk()),
                 "date": now_iso(), "type": kind, "message": message, "app": self.app,
                 "user": None}  # fmt: skip
        order["events"].append(event)
        return event

    def _update_private_metadata(self, info: Info, args: dict[str, Any]) -> Obj:
        try:
            kind, _ = decode_global_id(args["id"])
        except GraphQLError as exc:
            raise _Refused("id", "GRAPHQL_ERROR", exc.message) from exc
        _require(info, (PRIVATE_METADATA_PERMISSION.get(kind, "MANAGE_PRODUCTS"),))
        item = self.objects.get(args["id"])
        if item is None:
            raise _Refused("id", "NOT_FOUND", f"Couldn't resolve to a node: {args['id']}")
        if any(not entry["key"].strip() for entry in args["input"]):
            raise _Refused("input", "REQUIRED", "Metadata key cannot be empty.")
        values = {i["key"]: i["value"] for i in item["privateMetadata"]}
        values.update({entry["key"]: entry["value"] for entry in args["input"]})
        item["privateMetadata"] = metadata_items(values)
        return {"errors": [], "item": item}

    def _order_confirm(self, info: Info, args: dict[str, Any]) -> Obj:
        order = self._order_to_change(info, args["id"], "id")
        if order["status"] != "UNCONFIRMED":
            message = "Provided order id belongs to non-unconfirmed order."
            raise _Refused("id", "INVALID", message)
        order["status"] = "UNFULFILLED"
        self._order_event(order, "CONFIRMED")
        return {"errors": [], "order": order}

    def _order_note_add(self, info: Info, args: dict[str, Any]) -> Obj:
        order = self._order_to_change(info, args["order"], "order")
        message = args["input"]["message"]
        if not message.strip():
            raise _Refused("message", "REQUIRED", "Message can't be empty.")
        event = self._order_event(order, "NOTE_ADDED", message)
        return {"errors": [], "order": order, "event": event}

    def _order_grant_refund_create(self, info: Info, args: dict[str, Any]) -> Obj:
        order = self._order_to_change(info, args["id"], "id")
        grant = args["input"]
        transaction = self._lookup(grant["transactionId"], "TransactionItem")
        if transaction is None or transaction not in order["transactions"]:
            message = f"Couldn't resolve to a node: {grant['transactionId']}"
            raise _Refused("transactionId", "NOT_FOUND", message)
        lines = {line["id"]: line for line in order["lines"]}
        requested = grant.get("lines") or []
        for wanted in requested:
            if wanted["id"] not in lines or wanted["quantity"] > lines[wanted["id"]]["quantity"]:
                raise _Refused("lines", "INVALID", "Invalid order line or quantity.")
        if grant.get("amount") is not None:
            amount = Decimal(str(grant["amount"]))
        else:
            amount = sum(
                (_amount(lines[w["id"]]["unitPrice"]["gross"]) * w["quantity"] for w in requested),
                Decimal(0),
            )
        earlier = [g for g in order["grantedRefunds"] if g["transaction"] is transaction]
        granted_total = amount + sum((_amount(g["amount"]) for g in earlier), Decimal(0))
        if granted_total > _amount(transaction["chargedAmount"]):
            message = "Amount cannot be greater than the charged amount of the transaction."
            raise _Refused("amount", "AMOUNT_GREATER_THAN_AVAILABLE", message)
        currency, stamp = order["total"]["currency"], now_iso()
        granted = self._register({
            "__typename": "OrderGrantedRefund", "id": global_id("OrderGrantedRefund", self._pk()),
            "createdAt": stamp, "updatedAt": stamp, "amount": money(amount, currency),
            "reason": grant.get("reason"), "status": "NONE", "transaction": transaction,
            "shippingCostsIncluded": bool(grant.get("grantRefundForShipping")),
            "transactionEvents": [], "app": self.app, "user": None,
            "lines": [{"__typename": "OrderGrantedRefundLine",
                       "id": global_id("OrderGrantedRefundLine", self._pk()),
                       "quantity": w["quantity"], "orderLine": lines[w["id"]],
                       "reason": w.get("reason")} for w in requested],
        })  # fmt: skip
        order["grantedRefunds"].append(granted)
        order["totalGrantedRefund"] = money(granted_total, currency)
        return {"errors": [], "order": order, "grantedRefund": granted}

    def _request_refund(self, info: Info, args: dict[str, Any]) -> Obj:
        _require(info, ("HANDLE_PAYMENTS",))
        granted = self._lookup(args["grantedRefundId"], "OrderGrantedRefund")
        transaction = self._lookup(args.get("id"), "TransactionItem")
        if granted is None:
            raise _Refused("grantedRefundId", "NOT_FOUND", "Granted refund not found.")
        if transaction is None or granted["transaction"] is not transaction:
            raise _Refused("id", "NOT_FOUND", "Transaction not found.")
        if granted["status"] == "PENDING":
            raise _Refused("grantedRefundId", "REFUND_IS_PENDING", "Refund is pending.")
        if granted["status"] == "SUCCESS":
            message = "Refund already processed."
            raise _Refused("grantedRefundId", "REFUND_ALREADY_PROCESSED", message)
        pending = _amount(transaction["refundPendingAmount"]) + _amount(granted["amount"])
        transaction["refundPendingAmount"] = money(pending, granted["amount"]["currency"])
        granted["status"] = "PENDING"
        event = self._register({
            "__typename": "TransactionEvent", "id": global_id("TransactionEvent", self._pk()),
            "createdAt": now_iso(), "type": "REFUND_REQUEST", "amount": granted["amount"],
            "pspReference": "", "message": "", "externalUrl": "", "createdBy": self.app,
            "idempotencyKey": None,
        })  # fmt: skip
        granted["transactionEvents"].append(event)
        transaction["events"].append(event)
        return {"errors": [], "transaction": transaction}

    def _webhook_update(self, info: Info, args: dict[str, Any]) -> Obj:
        """Only ``query`` is supported; as in Saleor, an app may update its own webhooks only
        (AUTHENTICATED_APP), and a query must validate."""
        if not info.context.app:
            raise PermissionDenied(("MANAGE_APPS", "AUTHENTICATED_APP"))
        webhook = self._lookup(args.get("id"), "Webhook")
        if webhook is None or not any(w is webhook for w in self.app["webhooks"]):
            raise _Refused("id", "NOT_FOUND", f"Couldn't resolve to a node: {args.get('id')}")
        if set(args["input"]) - {"query"}:
            raise NotImplementedError(f"the double updates only a query: {args['input']}")
        query = args["input"].get("query")
        if query is not None:
            try:
                invalid = validate(saleor_schema(), parse(query))
            except GraphQLError as exc:
                raise _Refused("query", "SYNTAX", exc.message) from exc
            if invalid:
                raise _Refused("query", "GRAPHQL_ERROR", ";".join(e.message for e in invalid))
            webhook["subscriptionQuery"] = query
        return {"errors": [], "webhook": webhook}

    def _return_products(self, info: Info, args: dict[str, Any]) -> Obj:
        order = self._order_to_change(info, args["order"], "order")
        returned, replaced = self._take_back(order, args["input"])
        answer: Obj = {"errors": [], "order": order}
        reason = args["input"].get("reason") or ""  # kept on the fulfillments it makes (3.23)
        if replaced:
            answer["replaceFulfillment"] = self._new_fulfillment(order, replaced, "REPLACED")
            answer["replaceFulfillment"]["reason"] = reason
            answer["replaceOrder"] = self.add_order(
                [(line["orderLine"]["variant"], line["quantity"]) for line in replaced],
                status="DRAFT",
                email=order["userEmail"],
                channel=order["channel"]["slug"],
                paid=False,
            )
            self._order_event(order, "FULFILLMENT_REPLACED")
            made = self._order_event(order, "ORDER_REPLACEMENT_CREATED")
            made["relatedOrder"] = answer["replaceOrder"]
        if returned:
            answer["returnFulfillment"] = self._new_fulfillment(order, returned, "RETURNED")
            answer["returnFulfillment"]["reason"] = reason
            self._order_event(order, "FULFILLMENT_RETURNED")
        kept = [f for f in order["fulfillments"] if f["status"] not in ("RETURNED", "REPLACED")]
        everything_back = not any(
            line["quantity"] for f in kept for line in f["lines"]
        ) and not any(line["quantityToFulfill"] for line in order["lines"])
        order["status"] = "RETURNED" if everything_back else "PARTIALLY_RETURNED"
        return answer

    def _take_back(self, order: Obj, spec: Mapping[str, Any]) -> tuple[list[Obj], list[Obj]]:
        """Check and apply the lines of an ``OrderReturnProductsInput``; returns the new
        fulfillment lines to return and to replace."""
        unfulfilled = {line["id"]: line for line in order["lines"]}
        shipped = {line["id"]: line for f in order["fulfillments"] for line in f["lines"] or []}
        returned: list[Obj] = []
        replaced: list[Obj] = []
        for entry in spec.get("orderLines") or []:
            line = unfulfilled.get(entry["orderLineId"])
            if line is None or entry["quantity"] > line["quantityToFulfill"]:
                raise _Refused("orderLineId", "INVALID_QUANTITY", "Invalid line or quantity.")
            line["quantityToFulfill"] -= entry["quantity"]
            target = replaced if entry.get("replace") else returned
            target.append(self._fulfillment_line(line, entry["quantity"]))
        for entry in spec.get("fulfillmentLines") or []:
            shipped_line = shipped.get(entry["fulfillmentLineId"])
            if shipped_line is None or entry["quantity"] > shipped_line["quantity"]:
                raise _Refused("fulfillmentLineId", "INVALID_QUANTITY", "Invalid line or quantity.")
            shipped_line["quantity"] -= entry["quantity"]
            target = replaced if entry.get("replace") else returned
            target.append(self._fulfillment_line(shipped_line["orderLine"], entry["quantity"]))
        if not returned and not replaced:
            raise _Refused(None, "REQUIRED", "No lines to return.")
        return returned, replaced

    def _fulfillment_line(self, order_line: Obj, quantity: int) -> Obj:
        return {"__typename": "FulfillmentLine", "id": global_id("FulfillmentLine", self._pk()),
                "quantity": quantity, "orderLine": order_line}  # fmt: skip


__all__ = [
    "APP_PERMISSIONS",
    "DEFAULT_API_URL",
    "PermissionDenied",
    "SaleorCall",
    "SaleorDouble",
    "WebhookDelivery",
    "WorkerDied",
    "decode_global_id",
    "global_id",
    "money",
    "saleor_schema",
    "taxed",
]
