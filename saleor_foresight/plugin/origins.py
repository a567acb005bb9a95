"""Storefront origins: the web pages of a shop whose browsers may call ``/graphql/`` (CORS).

Each installation keeps its own list (``Installation.storefront_origins``), set by the shop's
staff; ``FORESIGHT_STOREFRONT_ORIGINS`` adds a deployment-wide list (see ``graphql/endpoint``).

An origin is kept as browsers send it in ``Origin``: ``scheme://host[:port]``, the host in
lowercase ASCII (a Unicode name in its IDNA form), no default port, no path. Shops name
``https`` origins; ``http`` only on ``localhost`` and ``127.0.0.1``, for a storefront in
development. No wildcards: a shop lists each storefront it runs.

Refusals are ``StorefrontOriginError`` (code ``INVALID`` naming the origin, or ``TOO_MANY``);
checking a list reports every problem at once in ``StorefrontOriginsRefused``.
"""

from __future__ import annotations

import ipaddress
import re
import time
import uuid
from collections.abc import Callable, Iterable
from enum import StrEnum
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..errors import DomainError, ForesightError, UnknownInstallation
from .models import Installation, InstallationStatus

MAX_ORIGINS = 20
MAX_LENGTH = 300
DEFAULT_PORTS = {"https": 443, "http": 80}
DEVELOPMENT_HOSTS = frozenset({"localhost", "127.0.0.1"})
LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
EXAMPLE = "https://shop.example.com"


class StorefrontOriginErrorCode(StrEnum):
    INVALID = "INVALID"
    TOO_MANY = "TOO_MANY"


class StorefrontOriginError(DomainError[StorefrontOriginErrorCode]):
    """One refused origin (``origin``: as it was given), or a list too long."""

    def __init__(
        self, code: StorefrontOriginErrorCode, message: str, origin: str | None = None
    ) -> None:
        super().__init__(code, message, field="origins")
        self.origin = origin


class StorefrontOriginsRefused(ForesightError):
    """A list of origins with at least one problem; ``errors`` holds every one."""

    def __init__(self, errors: Iterable[StorefrontOriginError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(error.message for error in self.errors))


def _invalid(given: str, why: str) -> StorefrontOriginError:
    return StorefrontOriginError(
        StorefrontOriginErrorCode.INVALID, f"{given!r} {why}.", origin=given
    )


def _host(hostname: str) -> str | None:
    """The host as browsers write it in an origin, or None when it is none."""
    try:
        return f"[{ipaddress.IPv6Address(hostname).compressed}]"
    except ValueError:
        pass
    try:
        ascii_host = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or not all(LABEL.fullmatch(label) for label in labels):
        return None
    return ascii_host


def normalise(given: str) -> str:
    """``given`` as an origin in its one written form; StorefrontOriginError (INVALID) if none."""
    text = given.strip()
    if not text or len(text) > MAX_LENGTH or re.search(r"\s", text):
        raise _invalid(given, f"is not an origin such as {EXAMPLE}")
    try:
        parts = urlsplit(text)
    except ValueError:  # an unclosed IPv6 bracket
        raise _invalid(given, f"is not an origin such as {EXAMPLE}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not text[len(scheme) :].startswith("://"):
        raise _invalid(given, f"is not an origin such as {EXAMPLE}")
    if parts.path not in ("", "/") or "?" in text or "#" in text:
        raise _invalid(given, "has a path, query or fragment; name only scheme://host[:port]")
    if "@" in parts.netloc:
        raise _invalid(given, "has a user name or password")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0 or parts.netloc.endswith(":"):
        raise _invalid(given, "has an invalid port")
    host = _host(parts.hostname or "")
    if host is None:
        raise _invalid(given, "names no valid host (wildcards are not allowed)")
    if scheme == "http" and host not in DEVELOPMENT_HOSTS:
        raise _invalid(given, "must use https:// (http:// only for localhost and 127.0.0.1)")
    if port is None or port == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def normalise_all(given: Iterable[str]) -> list[str]:
    """Every origin normalised, duplicates dropped, in the order given.

    Raises StorefrontOriginsRefused with one INVALID error per bad origin, and TOO_MANY when
    more than MAX_ORIGINS different origins are named."""
    origins: list[str] = []
    errors: list[StorefrontOriginError] = []
    for text in given:
        try:
            origin = normalise(text)
        except StorefrontOriginError as error:
            errors.append(error)
            continue
        if origin not in origins:
            origins.append(origin)
    if len(origins) > MAX_ORIGINS:
        errors.append(
            StorefrontOriginError(
                StorefrontOriginErrorCode.TOO_MANY,
                f"At most {MAX_ORIGINS} storefront origins per shop; {len(origins)} were given.",
            )
        )
    if errors:
        raise StorefrontOriginsRefused(errors)
    return origins


async def replace(
    session: AsyncSession, installation_id: uuid.UUID, given: Iterable[str]
) -> list[str]:
    """Set the installation's storefront origins to ``given`` (normalised); what is kept."""
    origins = normalise_all(given)
    installation = await session.get(Installation, installation_id)
    if installation is None:
        raise UnknownInstallation(f"no installation {installation_id}")
    installation.storefront_origins = origins
    await session.flush()
    return origins


async def of_active_installations(session: AsyncSession) -> frozenset[str]:
    """Every origin some active installation lists: one query over the installations."""
    rows = await session.scalars(
        select(Installation.storefront_origins).where(
            Installation.status == InstallationStatus.ACTIVE
        )
    )
    return frozenset(origin for origins in rows for origin in origins or ())


class PreflightOrigins:
    """The origins of every active installation together, for CORS preflights.

    A preflight does not say which Saleor it is for, so it is answered for any listed origin
    (the actual request is then checked against its own installation). The union is read at
    most once per ``ttl`` seconds; ``forget()`` drops it at once when a list changes in this
    process, and other processes see the change within ``ttl``."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        ttl: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._ttl = ttl
        self._clock = clock
        self._origins: frozenset[str] = frozenset()
        self._read_at: float | None = None
        self._generation = 0

    async def lists(self, origin: str) -> bool:
        """Whether some active installation lists ``origin`` (normalised)."""
        return origin in await self._current()

    def forget(self) -> None:
        self._generation += 1
        self._read_at = None

    async def _current(self) -> frozenset[str]:
        now = self._clock()
        if self._read_at is not None and now - self._read_at < self._ttl:
            return self._origins
        generation = self._generation
        async with self._sessionmaker() as session:
            origins = await of_active_installations(session)
        # a list changed while we read: keep the answer for this call only
        if generation == self._generation:
            self._origins, self._read_at = origins, now
        return origins
