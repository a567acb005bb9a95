"""How ``saleor-foresight serve`` runs uvicorn, so slow or half-open clients cannot hold it.

``uvicorn_options`` turns the settings into uvicorn's options: keep-alive timeout, the
largest request head h11 buffers (``FORESIGHT_HTTP_MAX_HEADER_BYTES``, 431/400 past it),
connections and tasks at once per worker (``FORESIGHT_HTTP_LIMIT_CONCURRENCY``, 503 past
it) and how long a shutdown waits for requests under way.

Uvicorn times out an idle keep-alive connection but not a client that sends its request
head slowly (a byte every few seconds holds the socket for ever): ``HeaderTimeoutH11`` is
uvicorn's h11 protocol with a deadline for the head, ``FORESIGHT_HTTP_HEADER_TIMEOUT``
seconds from the connection (or the end of the previous response); a client that has not
sent a whole head by then is disconnected (so an idle keep-alive connection lasts the
shorter of the two timeouts). Uvicorn's worker processes import the protocol
by name and read the deadline from the environment, where ``serve`` writes it.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .settings import ENV_PREFIX, Settings

HEADER_TIMEOUT_ENV = f"{ENV_PREFIX}HTTP_HEADER_TIMEOUT"
DEFAULT_HEADER_TIMEOUT = 10.0
WORKER_START_TIMEOUT = 60


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The options ``uvicorn.run`` (and ``uvicorn.Config``) takes for this deployment."""
    return {
        "host": settings.host,
        "port": settings.port,
        "workers": settings.workers,
        # client_address.py believes forwarded headers from FORESIGHT_TRUSTED_PROXIES only
        "proxy_headers": False,
        "log_level": settings.log_level.lower(),
        "http": HeaderTimeoutH11,
        "timeout_keep_alive": settings.http_keep_alive_timeout,
        "h11_max_incomplete_event_size": settings.http_max_header_bytes,
        "limit_concurrency": settings.http_limit_concurrency,
        "timeout_graceful_shutdown": settings.http_graceful_shutdown_timeout,
        # a worker imports the whole app before it answers uvicorn's health check: on a busy
        # machine that takes longer than uvicorn's 5 s, and the workers were killed at start
        "timeout_worker_healthcheck": WORKER_START_TIMEOUT,
    }


def header_timeout() -> float:
    value = os.environ.get(HEADER_TIMEOUT_ENV)
    return float(value) if value else DEFAULT_HEADER_TIMEOUT


class HeaderTimeoutH11(H11Protocol):
    """Uvicorn's h11 protocol, closing a connection whose request head is late."""

    _head_due: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._cancel_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_deadline()
        super().connection_lost(exc)

    def _await_head(self) -> None:
        self._cancel_deadline()
        self._head_due = self.loop.call_later(header_timeout(), self._head_late)

    def _cancel_deadline(self) -> None:
        if self._head_due is not None:
            self._head_due.cancel()
            self._head_due = None

    def _head_late(self) -> None:
        self._head_due = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.logger.info("closing a connection whose request head came too slowly")
            self.transport.close()
