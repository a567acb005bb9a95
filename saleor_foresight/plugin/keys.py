"""Saleor's signing keys per installation, refetched once when an unknown key id shows up.

Webhook signatures and buyer/staff tokens are both signed by the Saleor's JWKS. A key id we
do not hold may mean Saleor rotated its key: the first such check in an interval (shared by
all workers through the installation row) refetches the JWKS and tries again; the rest are
refused until the interval has passed, so a stranger cannot make us hammer Saleor.

A refusal because this interval's refetch was already spent is ``KeyRefetchPending``, not a
plain unknown key: the key may well be Saleor's new one, so webhook intake answers it 503 and
Saleor retries after the interval, instead of a 401 Saleor would take as final. Callers pass
their other checks (``before_refetch``), so only a request that could be genuine spends it.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..db import utcnow
from ..errors import KeyRefetchPending, SaleorError, SignatureError, UnknownKeyId
from . import installations
from .models import Installation

T = TypeVar("T")
JwksFetcher = Callable[[str], Awaitable[Mapping[str, Any]]]
Check = Callable[[Mapping[str, Any]], T]


class KeyStore:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        fetch_jwks: JwksFetcher,
        refetch_interval: float,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._fetch_jwks = fetch_jwks
        self._refetch_interval = timedelta(seconds=refetch_interval)

    async def verify(
        self,
        installation: Installation,
        check: Check[T],
        *,
        before_refetch: Callable[[], object] | None = None,
    ) -> T:
        """Run ``check`` on the installation's JWKS; on an unknown key id, refetch once.

        ``before_refetch`` runs the caller's other checks first: it raises to refuse what
        could not be ours anyway, so such a request never spends the interval's refetch."""
        try:
            return check(installation.jwks)
        except UnknownKeyId as unknown:
            if before_refetch is not None:
                before_refetch()
            if not await self._claim_refetch(installation.id):
                raise KeyRefetchPending(
                    "unknown key id; the JWKS was refetched moments ago"
                ) from unknown
        try:
            jwks = await self._fetch_jwks(installation.saleor_api_url)
        except SaleorError as exc:
            raise SignatureError("unknown key and the JWKS could not be refetched") from exc
        async with self._sessionmaker.begin() as session:
            current = await session.get(Installation, installation.id)
            if current is not None:
                installations.replace_jwks(current, jwks)
        installation.jwks = dict(jwks)
        return check(jwks)

    async def _claim_refetch(self, installation_id: uuid.UUID) -> bool:
        """Take this interval's one refetch, under a row lock so workers don't all take it."""
        async with self._sessionmaker.begin() as session:
            current = await session.get(Installation, installation_id, with_for_update=True)
            if current is None or not installations.may_refetch_jwks(
                current, self._refetch_interval
            ):
                return False
            current.jwks_refetched_at = utcnow()
            return True
