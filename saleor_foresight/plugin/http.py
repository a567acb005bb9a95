"""The Saleor-facing HTTP routes, a thin Starlette adapter over the framework-free steps.

Errors map to answers in one place, here: unknown installation and bad
signatures are 401 (but 503 while a key id we do not hold waits for the next JWKS refetch,
so Saleor retries), refused deliveries 400 with the reason's code, refused registrations 4xx in the
shape the Dashboard shows (``{"error": {"code", "message"}}``), Saleor failures
during registration 502. Anything unexpected while processing a delivery is 500,
so Saleor retries it.
"""

from __future__ import annotations

import logging
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .. import bodies
from ..errors import (
    InstallationError,
    KeyRefetchPending,
    RegistrationErrorCode,
    SignatureError,
    UnknownInstallation,
    WebhookError,
)
from ..settings import Settings
from .manifest import build_manifest
from .register import MAX_BODY_BYTES as MAX_REGISTER_BYTES
from .register import register
from .saleor_client import SaleorClient
from .webhooks.intake import MAX_BODY_BYTES as MAX_WEBHOOK_BYTES
from .webhooks.intake import Intake, Outcome

logger = logging.getLogger(__name__)

REGISTRATION_STATUS = {
    RegistrationErrorCode.SALEOR_URL_NOT_ALLOWED: 403,
    RegistrationErrorCode.ALREADY_INSTALLED: 409,
    RegistrationErrorCode.JWKS_UNAVAILABLE: 502,
}


class Edge(Protocol):
    """What these routes take from the running app (``runtime.AppState``)."""

    @property
    def settings(self) -> Settings: ...
    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]: ...
    @property
    def intake(self) -> Intake: ...
    def client_for(self, api_url: str, token: str | None) -> SaleorClient: ...


def _state(request: Request) -> Edge:
    state: Edge = request.app.state.foresight
    return state


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


async def manifest(request: Request) -> Response:
    return JSONResponse(build_manifest(_state(request).settings))


async def register_app(request: Request) -> Response:
    state = _state(request)
    try:
        body = await bodies.read(request, MAX_REGISTER_BYTES)
    except bodies.BodyRefused as refused:
        return _error(refused.status, RegistrationErrorCode.MISSING_AUTH_TOKEN, str(refused))
    try:
        async with state.sessionmaker.begin() as session:
            await register(session, state.settings, request.headers, body, state.client_for)
    except InstallationError as exc:
        return _error(REGISTRATION_STATUS.get(exc.code, 400), exc.code, exc.message)
    return JSONResponse({"success": True})


async def webhook(request: Request) -> Response:
    state = _state(request)
    try:
        body = await bodies.read(request, MAX_WEBHOOK_BYTES)
    except bodies.BodyTooLarge:
        return _error(413, "TOO_LARGE", "Body too large.")
    except bodies.BodyTimedOut:
        return _error(408, "TIMEOUT", "The body stopped coming.")
    try:
        outcome = await state.intake.take(request.path_params["event"], request.headers, body)
    except KeyRefetchPending as exc:
        logger.warning("webhook deferred: %s", exc)
        refusal = _error(503, "KEYS_PENDING", "Signed with a key not known yet: try again later.")
        refusal.headers["Retry-After"] = str(int(state.settings.jwks_refetch_interval))
        return refusal
    except (UnknownInstallation, SignatureError) as exc:
        logger.warning("webhook refused: %s", exc)
        return _error(401, "UNAUTHORIZED", "The delivery could not be verified.")
    except WebhookError as exc:
        return _error(400, exc.code, str(exc))
    except Exception:
        return _error(500, "PROCESSING_FAILED", "The delivery could not be processed.")
    return JSONResponse({"outcome": outcome.value})


ROUTES = [
    Route("/api/manifest", manifest, methods=["GET"]),
    Route("/api/register", register_app, methods=["POST"]),
    Route("/api/webhooks/{event:str}", webhook, methods=["POST"]),
]

__all__ = ["ROUTES", "Outcome"]
