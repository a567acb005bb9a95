"""``POST /graphql/``: find the Saleor, prove the caller, run the operation.

Every request names its Saleor with the ``Saleor-Api-Url`` header (an installed one, else
401). A bearer token, when sent, must verify (else 401: a bad token is never a guest).

CORS. A storefront's browser may read an answer when its ``Origin`` is one its own
installation lists (``Installation.storefront_origins``, set by the shop's staff) or one of
the deployment-wide ``FORESIGHT_STOREFRONT_ORIGINS``. So shop A's storefront cannot read
what Foresight answers for shop B's buyers, and a shop adds a storefront without a redeploy.

The check is exact on the request itself: the answer carries ``Access-Control-Allow-Origin``
only when the origin is allowed for the installation ``Saleor-Api-Url`` names (the row this
request loads anyway: no extra query). The preflight cannot be exact: a browser's ``OPTIONS``
names the headers it will send, never their values, so it does not say which Saleor it is
for. It is answered for any origin that some active installation lists, or the deployment
list, from a union read at most every 30 s (``plugin/origins.PreflightOrigins``, dropped at
once when a list changes in this process). That lets the request through to its exact
check and lends nothing: without ``Access-Control-Allow-Origin`` on the answer the page
cannot read it, and what the request could do it could do without a browser, since
Foresight takes bearer tokens only (no cookies, no ``Allow-Credentials``) and a page of
another origin does not hold the shop's buyers' tokens. How a shop sets its list (the
Dashboard or ``storefrontOriginsUpdate``) and what an origin may be: ``docs/api.md``,
"Storefront origins (CORS)".

Connections. A request first waits for its turn (at most ``FORESIGHT_GRAPHQL_CONCURRENCY``
run at once per process, see ``runtime``); the installation is read in a session
closed at once, and the operation runs with a read session that holds a connection only
while it reads (``graphql/context``). When no turn comes within
``FORESIGHT_GRAPHQL_QUEUE_TIMEOUT`` seconds, or no connection within
``FORESIGHT_DB_POOL_TIMEOUT``, the answer is 503 with
``Retry-After`` (code ``BUSY``), never a 30 s hang; Saleor's webhooks have a pool of their
own (``runtime``). A mutation answered so may have committed part of its work first,
as after a dropped connection: the retriable ones say how to repeat them safely
(idempotency keys, confirming again, the same acceptance record).
"""

from __future__ import annotations

import math
from typing import Any

import anyio
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import bodies
from ..errors import SignatureError, UnknownInstallation
from ..plugin import installations
from ..plugin.models import Installation
from ..plugin.tokens import Viewer, identify
from ..runtime import AppState
from .context import Context
from .errors import BAD_USER_INPUT, format_error
from .schema import schema
from .text_input import unfit_request

MAX_BODY_BYTES = 256 * 1024


CORS_HEADERS = "authorization, content-type, saleor-api-url"


def _refusal(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status
    )


def _origin(request: Request) -> str:
    """The ``Origin`` header as browsers write it (lowercase, no default port)."""
    return request.headers.get("origin", "").strip().lower()


def _cors(request: Request, response: Response, installation: Installation | None) -> Response:
    """Let the page read the answer when its origin is allowed for this installation."""
    state: AppState = request.app.state.foresight
    origin = _origin(request)
    response.headers["Vary"] = "Origin"
    if origin and (
        origin in state.settings.storefront_origins
        or (installation is not None and origin in installation.storefront_origins)
    ):
        response.headers["Access-Control-Allow-Origin"] = request.headers["origin"]
    return response


async def preflight(request: Request) -> Response:
    """Any origin an active installation lists, or the deployment does (see the docstring)."""
    state: AppState = request.app.state.foresight
    origin = _origin(request)
    response = Response(status_code=204, headers={"Vary": "Origin"})
    if origin and (
        origin in state.settings.storefront_origins or await state.storefront_origins.lists(origin)
    ):
        response.headers["Access-Control-Allow-Origin"] = request.headers["origin"]
        response.headers["Access-Control-Allow-Methods"] = "POST"
        response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
        response.headers["Access-Control-Max-Age"] = "600"
    return response


async def graphql(request: Request) -> Response:
    state: AppState = request.app.state.foresight
    try:
        body = await bodies.read(request, MAX_BODY_BYTES)
    except bodies.BodyTooLarge:
        return _cors(request, _refusal(413, "TOO_LARGE", "The request is too large."), None)
    except bodies.BodyTimedOut:
        return _cors(request, _refusal(408, "TIMEOUT", "The request body stopped coming."), None)
    try:
        with anyio.fail_after(state.settings.graphql_queue_timeout):
            await state.graphql_slots.acquire()
    except TimeoutError:
        return _cors(request, _busy(state), None)
    try:
        return await _answer(request, state, body)
    finally:
        state.graphql_slots.release()


async def _answer(request: Request, state: AppState, body: bytes) -> Response:
    try:
        async with state.sessionmaker() as session:
            installation = await installations.get_active(
                session, request.headers.get("saleor-api-url", "")
            )
    except UnknownInstallation:
        refusal = _refusal(401, "UNKNOWN_SALEOR", "Name an installed Saleor in Saleor-Api-Url.")
        return _cors(request, refusal, None)
    except PoolTimeout:
        return _cors(request, _busy(state), None)
    try:
        response = await _graphql(request, state, installation, body)
    except PoolTimeout:
        response = _busy(state)
    return _cors(request, response, installation)


def _busy(state: AppState) -> JSONResponse:
    """No turn or no database connection came in time: try again shortly (see the docstring)."""
    refusal = _refusal(503, "BUSY", "Foresight is busy; try again in a moment.")
    refusal.headers["Retry-After"] = str(max(1, math.ceil(state.settings.db_pool_timeout)))
    return refusal


async def _graphql(
    request: Request, state: AppState, installation: Installation, body: bytes
) -> Response:
    try:
        document = bodies.loads(body)
    except bodies.NotJson as exc:
        return _refusal(400, "BAD_REQUEST", f"Expected a JSON body: {exc}.")
    if not isinstance(document, dict) or not isinstance(document.get("query"), str):
        return _refusal(
            400, "BAD_REQUEST", 'Expected a JSON body {"query": ..., "variables": ...}.'
        )
    variables = document.get("variables")
    variables = {} if variables is None else variables
    if not isinstance(variables, dict):
        return _refusal(400, "BAD_REQUEST", "variables must be an object.")
    unfit = unfit_request(document)
    if unfit is not None:
        return _refusal(400, BAD_USER_INPUT, unfit)

    viewer: Viewer | None = None
    authorization = request.headers.get("authorization", "")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        try:
            if scheme.lower() != "bearer" or not token.strip():
                raise SignatureError("not a bearer token")
            viewer = await identify(state.keys, installation, token.strip())
        except SignatureError:
            return _refusal(401, "INVALID_TOKEN", "The token is invalid or expired.")
    async with state.sessionmaker() as session:
        context = Context(request, state, installation, viewer, session)
        result = await schema.execute(
            document["query"],
            variable_values=variables,
            context_value=context,
            operation_name=document.get("operationName"),
        )
    if any(isinstance(e.original_error, PoolTimeout) for e in result.errors or ()):
        return _busy(state)
    payload: dict[str, Any] = {"data": result.data}
    if result.errors:
        payload["errors"] = [format_error(e) for e in result.errors]
    # refused before anything ran (graphql/errors.py): 400; otherwise the fields answered
    refused = result.data is None and any(e.path is None for e in result.errors or ())
    status = 400 if refused else 200
    return JSONResponse(payload, status_code=status)


ROUTES = [
    Route("/graphql/", graphql, methods=["POST"]),
    Route("/graphql/", preflight, methods=["OPTIONS"]),
]
