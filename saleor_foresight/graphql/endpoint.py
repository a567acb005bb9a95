"""``POST /graphql/``: find the Saleor, prove the caller, run the operation.

Every request names its Saleor with the ``Saleor-Api-Url`` header (an installed one, else
401). A bearer token, when sent, must verify (else 401: a bad token is never a guest).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import SignatureError, UnknownInstallation
from ..plugin import installations
from ..plugin.state import AppState
from ..plugin.tokens import Viewer, identify
from .context import Context
from .errors import format_error
from .schema import schema

MAX_BODY_BYTES = 256 * 1024


CORS_HEADERS = "authorization, content-type, saleor-api-url"


def _refusal(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status
    )


def _cors(request: Request, response: Response) -> Response:
    """Let a configured storefront origin read the answer (FORESIGHT_STOREFRONT_ORIGINS)."""
    state: AppState = request.app.state.foresight
    origin = request.headers.get("origin", "")
    response.headers["Vary"] = "Origin"
    if origin.lower() in state.settings.storefront_origins:
        response.headers["Access-Control-Allow-Origin"] = origin
    return response


async def preflight(request: Request) -> Response:
    response = _cors(request, Response(status_code=204))
    if "access-control-allow-origin" in response.headers:
        response.headers["Access-Control-Allow-Methods"] = "POST"
        response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
        response.headers["Access-Control-Max-Age"] = "600"
    return response


async def graphql(request: Request) -> Response:
    return _cors(request, await _graphql(request))


async def _graphql(request: Request) -> Response:
    state: AppState = request.app.state.foresight
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return _refusal(413, "TOO_LARGE", "The request is too large.")
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        document = None
    if not isinstance(document, dict) or not isinstance(document.get("query"), str):
        return _refusal(
            400, "BAD_REQUEST", 'Expected a JSON body {"query": ..., "variables": ...}.'
        )
    variables = document.get("variables")
    variables = {} if variables is None else variables
    if not isinstance(variables, dict):
        return _refusal(400, "BAD_REQUEST", "variables must be an object.")

    async with state.sessionmaker() as session:
        try:
            installation = await installations.get_active(
                session, request.headers.get("saleor-api-url", "")
            )
        except UnknownInstallation:
            return _refusal(401, "UNKNOWN_SALEOR", "Name an installed Saleor in Saleor-Api-Url.")
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
        context = Context(request, state, installation, viewer, session)
        result = await schema.execute(
            document["query"],
            variable_values=variables,
            context_value=context,
            operation_name=document.get("operationName"),
        )
    payload: dict[str, Any] = {"data": result.data}
    if result.errors:
        payload["errors"] = [format_error(e) for e in result.errors]
    status = 400 if result.data is None and result.errors else 200
    return JSONResponse(payload, status_code=status)


ROUTES = [
    Route("/graphql/", graphql, methods=["POST"]),
    Route("/graphql/", preflight, methods=["OPTIONS"]),
]
