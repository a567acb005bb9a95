"""Registration: Saleor POSTs the app token to our tokenTargetUrl when an admin installs us.

The POST is not signed, so it is taken only for a Saleor API URL the settings
allow, and the token is proven by asking that Saleor ``{ app { id } }`` with it.
A straight sequence of steps; each failure is an InstallationError with a code. A Saleor
that is not there and one that refuses the token get the same answer (no port probing), and
an active installation accepts a new token only of the same app (``installations.save``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from .. import bodies
from ..errors import InstallationError, RegistrationErrorCode, SaleorError
from ..orders import backfill
from ..settings import Settings
from . import installations
from .models import Installation
from .saleor_client import SaleorClient

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024

ClientFactory = Callable[[str, str | None], SaleorClient]


async def register(
    session: AsyncSession,
    settings: Settings,
    headers: Mapping[str, str],
    body: bytes,
    client_for: ClientFactory,
) -> Installation:
    api_url = headers.get("saleor-api-url", "").strip()
    if not api_url:
        raise InstallationError(
            RegistrationErrorCode.MISSING_SALEOR_API_URL, "Missing Saleor-Api-Url header."
        )
    if not settings.saleor_url_allowed(api_url):
        logger.warning("registration refused for a Saleor URL not allowed: %s", api_url)
        raise InstallationError(
            RegistrationErrorCode.SALEOR_URL_NOT_ALLOWED,
            f"This Foresight does not accept installations from {api_url}. "
            "Its operator must allow it in FORESIGHT_ALLOWED_SALEOR_URLS.",
        )
    token = _auth_token(body)

    try:
        app_id = await client_for(api_url, token).app_id()
    except SaleorError as exc:
        # One answer whether nothing listens there, something else does, or Saleor refused
        # the token, so registration cannot be used to map which ports of an allowed host
        # are open. The operator's log keeps the cause.
        logger.warning("registration for %s: the app token was not proven: %s", api_url, exc)
        raise InstallationError(
            RegistrationErrorCode.TOKEN_REFUSED,
            f"The Saleor at {api_url} did not confirm the app token.",
        ) from exc

    try:
        jwks = await client_for(api_url, None).fetch_jwks()
    except SaleorError as exc:
        raise InstallationError(
            RegistrationErrorCode.JWKS_UNAVAILABLE, "Could not fetch Saleor's signing keys (JWKS)."
        ) from exc

    installation = await installations.save(
        session,
        settings.cipher,
        installations.NewInstallation(
            saleor_api_url=api_url,
            saleor_domain=headers.get("saleor-domain", ""),
            schema_version=headers.get("saleor-schema-version", ""),
            app_id=app_id,
            token=token,
            jwks=jwks,
        ),
    )
    # the orders placed before the install, brought in by a job (orders/backfill.py)
    await backfill.schedule(session, installation.id, settings.backfill_days)
    logger.info("installed for %s (app %s)", api_url, app_id)
    return installation


def _auth_token(body: bytes) -> str:
    if len(body) > MAX_BODY_BYTES:
        raise InstallationError(RegistrationErrorCode.MISSING_AUTH_TOKEN, "Request too large.")
    try:
        data = bodies.loads(body)
    except bodies.NotJson:
        data = None
    token = data.get("auth_token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token.strip():
        raise InstallationError(
            RegistrationErrorCode.MISSING_AUTH_TOKEN, 'Expected a JSON body {"auth_token": ...}.'
        )
    return token.strip()
