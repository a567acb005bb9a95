"""serve runs uvicorn with the client limits of the settings; a slow request head is dropped."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from saleor_foresight import cli
from saleor_foresight.server import HEADER_TIMEOUT_ENV, HeaderTimeoutH11
from saleor_foresight.settings import load_settings


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("FORESIGHT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FORESIGHT_DATA_DIR", str(tmp_path / "data"))


def test_serve_hands_uvicorn_the_client_limits_of_the_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given limits set in the environment
    for name, value in {
        "HTTP_HEADER_TIMEOUT": "7.5",
        "HTTP_KEEP_ALIVE_TIMEOUT": "3",
        "HTTP_MAX_HEADER_BYTES": "8192",
        "HTTP_LIMIT_CONCURRENCY": "42",
        "HTTP_GRACEFUL_SHUTDOWN_TIMEOUT": "12",
    }.items():
        monkeypatch.setenv(f"FORESIGHT_{name}", value)
    ran: dict[str, Any] = {}

    def run(app: str, **options: Any) -> None:
        ran["config"] = uvicorn.Config(app, **options)

    monkeypatch.setattr(uvicorn, "run", run)

    # when serve starts
    assert cli.main(["serve", "--port", "8123"]) == 0

    # then the uvicorn it configures holds them, and its workers will read the head deadline
    config: uvicorn.Config = ran["config"]
    assert config.port == 8123
    assert config.timeout_keep_alive == 3
    assert config.h11_max_incomplete_event_size == 8192
    assert config.limit_concurrency == 42
    assert config.timeout_graceful_shutdown == 12
    assert config.http is HeaderTimeoutH11
    assert os.environ[HEADER_TIMEOUT_ENV] == "7.5"


def test_the_defaults_bound_every_client() -> None:
    settings = load_settings()

    assert settings.http_header_timeout == 10
    assert settings.http_keep_alive_timeout == 5
    assert settings.http_limit_concurrency == 200
    assert settings.http_graceful_shutdown_timeout == 30


async def hello(_: object) -> PlainTextResponse:
    return PlainTextResponse("hello")


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A real uvicorn on a loopback port with Foresight's protocol, the head due in 0.5 s."""
    monkeypatch.setenv(HEADER_TIMEOUT_ENV, "0.5")
    app = Starlette(routes=[Route("/", hello)])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, http=HeaderTimeoutH11, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    thread.join(timeout=10)


def test_a_client_sending_its_request_head_slowly_is_disconnected(served: int) -> None:
    with socket.create_connection(("127.0.0.1", served), timeout=5) as client:
        started = time.monotonic()
        closed = False
        # one header byte every 0.1 s: never idle, never done
        for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100:
            try:
                client.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            client.settimeout(0.1)
            try:
                if client.recv(1) == b"":
                    closed = True
                    break
            except TimeoutError:
                continue
        elapsed = time.monotonic() - started

    assert closed
    assert 0.4 < elapsed < 3


def test_a_prompt_client_is_served_and_may_keep_its_connection(served: int) -> None:
    with socket.create_connection(("127.0.0.1", served), timeout=5) as client:
        for _ in range(2):
            client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b""
            while not answer.endswith(b"hello"):
                received = client.recv(4096)
                assert received, f"closed after {answer!r}"
                answer += received
            assert answer.startswith(b"HTTP/1.1 200")
            time.sleep(0.3)  # within the keep-alive timeout, the next request
