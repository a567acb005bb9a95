"""Foresight's client for one Saleor's GraphQL API.

Every document we send lives in ``plugin/operations/<snake_case_name>.graphql`` (tests validate
each one against Saleor's schema). A file that selects a fragment the webhooks use names its
file with a comment line ``# fragments: <name>[, <name>]``: ``plugin/webhooks/<name>.graphql``
is sent with it, so a read selects exactly what a delivery carries.

Whether a lost answer may be retried is decided per operation: reads (queries, the JWKS)
and the mutations whose file declares them idempotent (a comment line
``# idempotent: <why>``) are retried on a timeout, a network failure or a 5xx, with
exponential backoff. Every other mutation is sent once: a request that never reached Saleor
(no connection) is tried again, but once it was sent a lost answer raises
``SaleorOutcomeUnknown`` at once, and the caller reads Saleor's state before it sends it
again. A new mutation is therefore never repeated blind unless its file says it may be.
4xx answers and GraphQL errors are never retried. Failures map onto the ``SaleorError``
branch of ``saleor_foresight.errors``. Answers are typed values (``saleor_types.py``), so
Saleor's wire format stops at this edge; the reads whose selection is a webhook's
(``checkout_for_disclosure``, ``order_for_record``, ``orders_created_since``) answer that
selection as it is, for the webhook parsers that read deliveries. The app token is sent only
as a bearer header and never appears in logs or exception messages.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any

import httpx
from graphql import OperationDefinitionNode, OperationType, parse
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from saleor_foresight.errors import (
    SaleorAuthError,
    SaleorErrorDetail,
    SaleorGraphQLError,
    SaleorMutationError,
    SaleorOutcomeUnknown,
    SaleorUnavailable,
)

from .saleor_types import (
    GrantedRefund,
    OrderEvent,
    OrderHistory,
    OrderState,
    ProductsReturned,
    RefundRequested,
    SaleorChannel,
    SaleorWebhook,
    object_of,
)

logger = logging.getLogger(__name__)

JSON = dict[str, Any]

# Saleor reports a refused token or a missing permission as this exception code.
PERMISSION_DENIED = "PermissionDenied"
MAX_BACKOFF_SECONDS = 30.0

_TRANSIENT_HTTPX_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
# Failures before a single byte of the request reached Saleor: safe to repeat any request.
_NOT_SENT_HTTPX_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# A mutation's file declares it safe to repeat with a line starting with this.
IDEMPOTENT_MARK = re.compile(r"^#\s*idempotent:\s*\S", re.MULTILINE)
FRAGMENTS_MARK = re.compile(r"^#\s*fragments:\s*(.+)$", re.MULTILINE)


def operation_file_name(operation_name: str) -> str:
    """``CheckoutForDisclosure`` -> ``checkout_for_disclosure.graphql``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_name).lower() + ".graphql"


@cache
def load_operation(operation_name: str) -> str:
    """The GraphQL document of a named operation shipped with the package."""
    package = files("saleor_foresight.plugin")
    resource = package / "operations" / operation_file_name(operation_name)
    if not resource.is_file():
        raise LookupError(f"no Saleor operation named {operation_name!r}")
    document = resource.read_text(encoding="utf-8")
    named = FRAGMENTS_MARK.search(document)
    names = [n.strip() for n in named.group(1).split(",") if n.strip()] if named else []
    included = [(package / "webhooks" / f"{n}.graphql").read_text(encoding="utf-8") for n in names]
    return "\n".join([document, *included])


@cache
def may_retry(operation_name: str) -> bool:
    """Whether a lost answer to this operation may be repeated: a query always, a mutation
    only when its file declares it idempotent (``# idempotent: <why>``)."""
    document = load_operation(operation_name)
    operations = [d for d in parse(document).definitions if isinstance(d, OperationDefinitionNode)]
    if all(o.operation == OperationType.QUERY for o in operations):
        return True
    return IDEMPOTENT_MARK.search(document) is not None


class _Transient(Exception):
    """An attempt that may succeed if repeated: timeout, connection failure, 5xx.
    ``sent``: the request may have reached Saleor (False only when no connection was made)."""

    def __init__(self, reason: str, *, sent: bool) -> None:
        super().__init__(reason)
        self.sent = sent


class SaleorClient:
    """Async calls to one Saleor, authenticated with the app token when there is one."""

    def __init__(
        self,
        api_url: str,
        token: str | None,
        *,
        http: httpx.AsyncClient,
        timeout: float = 10.0,
        attempts: int = 4,
        backoff: float = 0.5,
    ) -> None:
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self.api_url = api_url
        self._token = token
        self._http = http
        self._timeout = timeout
        self._attempts = attempts
        self._backoff = backoff

    @property
    def jwks_url(self) -> str:
        """``<scheme>://<host[:port]>/.well-known/jwks.json`` of this Saleor."""
        url = httpx.URL(self.api_url)
        return str(url.copy_with(path="/.well-known/jwks.json", query=None, fragment=None))

    async def execute(
        self, operation_name: str, variables: Mapping[str, Any] | None = None
    ) -> JSON:
        """Run a named operation and return its ``data``."""
        body = {
            "query": load_operation(operation_name),
            "operationName": operation_name,
            "variables": dict(variables or {}),
        }
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        response = await self._send(
            operation_name,
            "POST",
            self.api_url,
            retry_sent=may_retry(operation_name),
            json=body,
            headers=headers,
        )
        return _graphql_data(operation_name, response)

    async def fetch_jwks(self) -> JSON:
        """Saleor's signing keys (no auth). Anything but ``{"keys": [...]}`` is unavailable."""
        response = await self._send("JWKS", "GET", self.jwks_url, retry_sent=True)
        if not response.is_success:
            raise SaleorUnavailable(f"JWKS: HTTP {response.status_code} from {self.jwks_url}")
        body = _json_or_none(response)
        if not isinstance(body, dict) or not isinstance(body.get("keys"), list):
            raise SaleorUnavailable(f"JWKS: {self.jwks_url} did not answer a JSON key set")
        return body

    async def app_id(self) -> str:
        data = await self.execute("AppId")
        app = data.get("app")
        if not isinstance(app, dict) or not app.get("id"):
            raise SaleorAuthError("AppId: Saleor knows no app for this token")
        return str(app["id"])

    async def checkout_for_disclosure(self, checkout_id: str) -> JSON | None:
        data = await self.execute("CheckoutForDisclosure", {"id": checkout_id})
        checkout = data.get("checkout")
        return checkout if isinstance(checkout, dict) else None

    async def order_history(self, order_id: str) -> OrderHistory | None:
        """The order's status and events; None when Saleor does not know it."""
        data = await self.execute("OrderHistory", {"id": order_id})
        order = data.get("order")
        return OrderHistory.from_json(order) if isinstance(order, dict) else None

    async def order_for_record(self, order_id: str) -> JSON | None:
        """The order with the selection webhooks carry (``ForesightOrder``); None when unknown."""
        data = await self.execute("OrderForRecord", {"id": order_id})
        order = data.get("order")
        return order if isinstance(order, dict) else None

    async def orders_created_since(self, since: datetime, *, after: str | None, first: int) -> JSON:
        """One page of the orders created since ``since``, oldest first:
        ``{edges: [{node}], pageInfo: {hasNextPage, endCursor}}``."""
        variables = {"since": since.isoformat(), "after": after, "first": first}
        data = await self.execute("OrdersCreatedSince", variables)
        orders = data.get("orders")
        if not isinstance(orders, dict) or not isinstance(orders.get("edges"), list):
            detail = SaleorErrorDetail("no orders in the answer")
            raise SaleorGraphQLError("OrdersCreatedSince", [detail])
        return orders

    async def channels_confirming_automatically(self) -> dict[str, bool]:
        """Each channel's slug and whether Saleor confirms its new orders by itself
        (``orderSettings.automaticallyConfirmAllNewOrders``)."""
        data = await self.execute("ChannelsOrderSettings")
        channels = data.get("channels")
        if not isinstance(channels, list):
            detail = SaleorErrorDetail("no channels in the answer")
            raise SaleorGraphQLError("ChannelsOrderSettings", [detail])
        found = {}
        for channel in channels:
            if not isinstance(channel, dict) or not isinstance(channel.get("slug"), str):
                continue
            settings = channel.get("orderSettings")
            automatic = settings.get("automaticallyConfirmAllNewOrders") if settings else None
            if isinstance(automatic, bool):
                found[channel["slug"]] = automatic
        return found

    async def shop_channels(self) -> list[SaleorChannel]:
        """The shop's channels with their names and currencies, as Saleor lists them."""
        data = await self.execute("ShopChannels")
        channels = data.get("channels")
        if not isinstance(channels, list):
            detail = SaleorErrorDetail("no channels in the answer")
            raise SaleorGraphQLError("ShopChannels", [detail])
        return [SaleorChannel.from_json(channel) for channel in channels]

    async def update_private_metadata(self, object_id: str, items: Mapping[str, str]) -> None:
        """Set keys in the private metadata of any object (checkout, order, ...)."""
        entries = [{"key": key, "value": value} for key, value in items.items()]
        await self._mutate("UpdatePrivateMetadata", {"id": object_id, "input": entries})

    async def order_confirm(self, order_id: str) -> OrderState:
        """Confirm an UNCONFIRMED order; the order as it is now."""
        payload = await self._mutate("OrderConfirm", {"id": order_id})
        return OrderState.from_json(object_of(payload, "OrderConfirm", "order"))

    async def order_note_add(self, order_id: str, message: str) -> OrderEvent:
        """Add a note to the order's history; the NOTE_ADDED event."""
        payload = await self._mutate("OrderNoteAdd", {"orderId": order_id, "message": message})
        return OrderEvent.from_json(object_of(payload, "OrderNoteAdd", "event"))

    async def order_grant_refund_create(
        self,
        order_id: str,
        *,
        transaction_id: str,
        amount: Decimal | None = None,
        lines: Mapping[str, int] | None = None,
        reason: str | None = None,
        include_shipping: bool = False,
    ) -> GrantedRefund:
        """Grant a refund against one transaction; ``lines`` maps order line id to quantity."""
        grant: JSON = {"transactionId": transaction_id}
        if amount is not None:
            grant["amount"] = str(amount)  # Saleor parses Decimal from its string form
        if lines:
            grant["lines"] = [{"id": line, "quantity": qty} for line, qty in lines.items()]
        if reason is not None:
            grant["reason"] = reason
        if include_shipping:
            grant["grantRefundForShipping"] = True
        payload = await self._mutate("OrderGrantRefundCreate", {"id": order_id, "input": grant})
        return GrantedRefund.from_json(
            object_of(payload, "OrderGrantRefundCreate", "grantedRefund")
        )

    async def transaction_request_refund_for_granted_refund(
        self, granted_refund_id: str, transaction_id: str
    ) -> RefundRequested:
        """Ask the payment app to carry out a granted refund; the transaction after asking."""
        operation = "TransactionRequestRefundForGrantedRefund"
        variables = {"grantedRefundId": granted_refund_id, "transactionId": transaction_id}
        payload = await self._mutate(operation, variables)
        return RefundRequested.from_json(object_of(payload, operation, "transaction"))

    async def order_fulfillment_return_products(
        self, order_id: str, input: Mapping[str, Any]
    ) -> ProductsReturned:
        """Return (or replace) lines; ``input`` is an ``OrderReturnProductsInput``."""
        variables = {"orderId": order_id, "input": dict(input)}
        return ProductsReturned.from_json(
            await self._mutate("OrderFulfillmentReturnProducts", variables)
        )

    async def app_webhooks(self) -> list[SaleorWebhook]:
        """The webhooks Saleor holds for this app (only its own are visible to it)."""
        data = await self.execute("AppWebhooks")
        app = data.get("app")
        if not isinstance(app, dict):
            raise SaleorAuthError("AppWebhooks: Saleor knows no app for this token")
        webhooks = app.get("webhooks")
        if not isinstance(webhooks, list):
            detail = SaleorErrorDetail("no webhooks in the answer")
            raise SaleorGraphQLError("AppWebhooks", [detail])
        return [SaleorWebhook.from_json(w) for w in webhooks if isinstance(w, dict)]

    async def webhook_update_query(self, webhook_id: str, query: str) -> SaleorWebhook:
        """Replace one webhook's subscription query; returns the webhook as Saleor now holds it."""
        payload = await self._mutate("WebhookUpdate", {"id": webhook_id, "query": query})
        return SaleorWebhook.from_json(object_of(payload, "WebhookUpdate", "webhook"))

    async def _mutate(self, operation_name: str, variables: Mapping[str, Any]) -> JSON:
        """Run a mutation whose root field is the operation name in camelCase."""
        data = await self.execute(operation_name, variables)
        payload = data.get(operation_name[0].lower() + operation_name[1:])
        if not isinstance(payload, dict):
            detail = SaleorErrorDetail("the mutation answered no payload")
            raise SaleorGraphQLError(operation_name, [detail])
        errors = payload.pop("errors", None) or []
        if errors:
            raise SaleorMutationError(operation_name, [_detail(e) for e in errors])
        return payload

    async def _send(
        self, what: str, method: str, url: str, *, retry_sent: bool, **kwargs: Any
    ) -> httpx.Response:
        """One request, repeated while it may be: always when it never reached Saleor, and
        after a lost answer only when ``retry_sent`` (a read or an idempotent mutation)."""

        def repeatable(exc: BaseException) -> bool:
            return isinstance(exc, _Transient) and (retry_sent or not exc.sent)

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential(multiplier=self._backoff, max=MAX_BACKOFF_SECONDS),
            retry=retry_if_exception(repeatable),
            before_sleep=_log_retry(what),
            reraise=True,
        )
        try:
            return await retrying(self._send_once, what, method, url, **kwargs)
        except _Transient as exc:
            if exc.sent and not retry_sent:
                message = (
                    f"{what}: {exc} from {url} after sending it; Saleor may have carried it "
                    "out, so its state is read before it is sent again"
                )
                raise SaleorOutcomeUnknown(what, message) from exc
            message = f"{what}: {exc} from {url} after {self._attempts} attempt(s)"
            raise SaleorUnavailable(message) from exc

    async def _send_once(self, what: str, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(method, url, timeout=self._timeout, **kwargs)
        except _NOT_SENT_HTTPX_ERRORS as exc:
            raise _Transient(type(exc).__name__, sent=False) from exc
        except _TRANSIENT_HTTPX_ERRORS as exc:
            raise _Transient(type(exc).__name__, sent=True) from exc
        except httpx.HTTPError as exc:
            raise SaleorUnavailable(f"{what}: {type(exc).__name__} calling {url}") from exc
        if response.status_code >= 500:
            raise _Transient(f"HTTP {response.status_code}", sent=True)
        return response


def _graphql_data(operation_name: str, response: httpx.Response) -> JSON:
    status = response.status_code
    if status in (401, 403):
        raise SaleorAuthError(f"{operation_name}: Saleor refused the app token (HTTP {status})")
    body = _json_or_none(response)
    errors = body.get("errors") if isinstance(body, dict) else None
    if errors and isinstance(errors, list):
        details = [_graphql_error_detail(e) for e in errors]
        denied = [d.message for d in details if d.code == PERMISSION_DENIED]
        if denied:
            raise SaleorAuthError(f"{operation_name}: {'; '.join(denied)}")
        raise SaleorGraphQLError(operation_name, details)
    if not response.is_success:
        raise SaleorGraphQLError(operation_name, [SaleorErrorDetail(f"HTTP {status}")])
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise SaleorUnavailable(f"{operation_name}: Saleor's answer is not a GraphQL result")
    return data


def _detail(error: Any) -> SaleorErrorDetail:
    """A mutation payload error ``{field, code, message}``."""
    if not isinstance(error, dict):
        return SaleorErrorDetail(str(error))
    return SaleorErrorDetail(
        message=str(error.get("message") or ""),
        code=error.get("code"),
        field=error.get("field"),
    )


def _graphql_error_detail(error: Any) -> SaleorErrorDetail:
    """A top-level GraphQL error; Saleor puts the exception class in ``extensions``."""
    if not isinstance(error, dict):
        return SaleorErrorDetail(str(error))
    extensions = error.get("extensions")
    exception = extensions.get("exception") if isinstance(extensions, dict) else None
    code = exception.get("code") if isinstance(exception, dict) else None
    path = error.get("path")
    field = ".".join(str(p) for p in path) if isinstance(path, list) and path else None
    return SaleorErrorDetail(message=str(error.get("message") or ""), code=code, field=field)


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _log_retry(what: str) -> Callable[[RetryCallState], None]:
    def log(state: RetryCallState) -> None:
        outcome = state.outcome
        reason = outcome.exception() if outcome is not None else None
        delay = state.next_action.sleep if state.next_action is not None else 0.0
        logger.warning(
            "Saleor %s failed (%s), attempt %d; retrying in %.2fs",
            what,
            reason,
            state.attempt_number,
            delay,
        )

    return log
