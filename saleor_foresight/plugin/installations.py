"""The installations store: who installed the app, with which token and which keys.

Keyed by the Saleor API URL, as Saleor's own app SDK keys its APL. An installation is
removed, never deleted, when Saleor says so (APP_DELETED) or refuses its token when asked
``{ app { id } }``; its records stay as evidence, and installing again reactivates it. The app
token is kept encrypted (Fernet, keys from settings, newest first); old keys
still decrypt, so keys can be rotated (see docs/configuration.md, "Rotating the encryption key").
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from cryptography.fernet import InvalidToken, MultiFernet
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..db import utcnow
from ..errors import (
    ConfigurationError,
    InstallationError,
    RegistrationErrorCode,
    UnknownInstallation,
)
from .models import Installation, InstallationStatus


@dataclass(frozen=True)
class NewInstallation:
    saleor_api_url: str
    saleor_domain: str
    schema_version: str
    app_id: str
    token: str
    jwks: Mapping[str, Any]


async def find(session: AsyncSession, api_url: str, *, lock: bool = False) -> Installation | None:
    """The installation for a Saleor API URL, active or removed (``lock``: FOR UPDATE)."""
    statement = select(Installation).where(Installation.saleor_api_url == api_url)
    if lock:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def get_active(session: AsyncSession, api_url: str) -> Installation:
    installation = await find(session, api_url)
    if installation is None or not installation.active:
        raise UnknownInstallation(f"no active installation for {api_url}")
    return installation


async def list_all(session: AsyncSession) -> list[Installation]:
    result = await session.execute(select(Installation).order_by(Installation.installed_at))
    return list(result.scalars())


async def save(session: AsyncSession, cipher: MultiFernet, new: NewInstallation) -> Installation:
    """Store an installation; installing again from the same Saleor replaces token and keys.

    While an installation is active, only a token of the *same* app may replace its token: a
    token of any other app of that Saleor (which anyone with a staff account can create) would
    otherwise take the installation over, and with it whose Dashboard tokens we accept. After
    the app was removed (APP_DELETED, or Saleor refused our token), installing it again is a
    new app in Saleor, with a new id and new webhooks built from today's manifest; the shop's
    records stay with it."""
    now = utcnow()
    installation = await find(session, new.saleor_api_url, lock=True)
    if installation is not None and installation.active and installation.app_id != new.app_id:
        raise InstallationError(
            RegistrationErrorCode.ALREADY_INSTALLED,
            "Foresight is already installed in this Saleor as another app. Remove that app "
            "first (Apps in the Dashboard), then install again.",
        )
    if installation is None:
        installation = Installation(saleor_api_url=new.saleor_api_url, installed_at=now)
        session.add(installation)
    if installation.app_id != new.app_id or not installation.active:
        # Saleor creates the new app's webhooks from the manifest it fetched just now
        installation.webhooks_bound = True
    installation.saleor_domain = new.saleor_domain
    installation.schema_version = new.schema_version
    installation.app_id = new.app_id
    installation.token_ciphertext = cipher.encrypt(new.token.encode())
    installation.jwks = dict(new.jwks)
    installation.jwks_fetched_at = now
    installation.status = InstallationStatus.ACTIVE
    installation.removed_at = None
    await session.flush()
    return installation


def app_token(cipher: MultiFernet, installation: Installation) -> str:
    try:
        return cipher.decrypt(installation.token_ciphertext).decode()
    except InvalidToken:
        raise ConfigurationError(
            "FORESIGHT_ENCRYPTION_KEYS: no key decrypts the token of the installation for "
            f"{installation.saleor_api_url}; keep the old key in the list while rotating"
        ) from None


def reencrypt(cipher: MultiFernet, installation: Installation) -> None:
    """Re-encrypt the stored token with the newest key (key rotation)."""
    installation.token_ciphertext = cipher.rotate(installation.token_ciphertext)


def mark_removed(installation: Installation) -> None:
    """The app was removed from Saleor: stop serving it, keep every record."""
    if installation.status != InstallationStatus.REMOVED:
        installation.status = InstallationStatus.REMOVED
        installation.removed_at = utcnow()


def may_refetch_jwks(installation: Installation, interval: timedelta) -> bool:
    """An unknown key id refetches the JWKS at most once per ``interval``."""
    last = installation.jwks_refetched_at
    return last is None or utcnow() - last >= interval


async def mark_removed_by_id(
    sessionmaker: async_sessionmaker[AsyncSession], installation_id: uuid.UUID
) -> None:
    """Saleor refused the app token when asked who we are: the app was removed there."""
    async with sessionmaker.begin() as session:
        installation = await session.get(Installation, installation_id, with_for_update=True)
        if installation is not None:
            mark_removed(installation)


def replace_jwks(installation: Installation, jwks: Mapping[str, Any]) -> None:
    installation.jwks = dict(jwks)
    installation.jwks_fetched_at = utcnow()


async def mark_bound_by_id(
    sessionmaker: async_sessionmaker[AsyncSession], installation_id: uuid.UUID
) -> None:
    """Saleor now builds every delivery of ours with ``recipient``: refuse those without
    (``webhooks/binding.py``)."""
    async with sessionmaker.begin() as session:
        installation = await session.get(Installation, installation_id, with_for_update=True)
        if installation is not None:
            installation.webhooks_bound = True
