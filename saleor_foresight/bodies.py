"""Request bodies read with a limit, and JSON parsed with one: what every route shares.

``stream`` yields a request's body as it arrives and raises ``BodyTooLarge`` as soon as it
passes the route's limit (at once when ``Content-Length`` already says so), so no route
ever holds more than its limit of an anonymous body, and ``BodyTimedOut`` when no byte came
for ``IDLE_TIMEOUT`` seconds, so a client that stopped sending half-way does not hold its
request (and its place under uvicorn's concurrency limit) for ever; ``read`` collects it.
Routes answer a ``BodyRefused`` with its ``status``: 413 and 408.

``loads`` parses JSON or raises ``NotJson`` (a ``ValueError``): not UTF-8, not JSON, or
nested deeper than ``MAX_JSON_DEPTH`` arrays and objects (100,000 ``[`` is a refusal,
never a ``RecursionError``). Routes answer it with 400.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Any

import anyio
from starlette.requests import Request

from .errors import ForesightError

MAX_JSON_DEPTH = 64
IDLE_TIMEOUT = 30.0  # seconds a body may pause between two chunks


class BodyRefused(ForesightError):
    """The body was not read to its end; ``status`` is the HTTP answer."""

    status = 400


class BodyTooLarge(BodyRefused):
    """The body passed the route's limit (its bytes past the limit were never kept)."""

    status = 413

    def __init__(self, limit: int) -> None:
        super().__init__(f"the body is larger than the {limit} bytes allowed")
        self.limit = limit


class BodyTimedOut(BodyRefused):
    """The client sent nothing for ``IDLE_TIMEOUT`` seconds in the middle of its body."""

    status = 408

    def __init__(self) -> None:
        super().__init__(f"no part of the body came for {IDLE_TIMEOUT:g} s")


class NotJson(ForesightError, ValueError):
    """The bytes are not a JSON document Foresight takes."""


async def stream(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    """The body's chunks as they arrive; ``BodyTooLarge`` once more than ``limit`` came."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    received = 0
    chunks = request.stream().__aiter__()
    while True:
        try:
            with anyio.fail_after(IDLE_TIMEOUT):
                chunk = await chunks.__anext__()
        except StopAsyncIteration:
            return
        except TimeoutError:
            raise BodyTimedOut from None
        received += len(chunk)
        if received > limit:
            raise BodyTooLarge(limit)
        yield chunk


async def read(request: Request, limit: int) -> bytes:
    """The whole body, at most ``limit`` bytes (else ``BodyTooLarge``; ``BodyTimedOut``)."""
    body = bytearray()
    async for chunk in stream(request, limit):
        body.extend(chunk)
    return bytes(body)


def loads(data: bytes | str) -> Any:
    """The JSON value of ``data``; ``NotJson`` when it is not JSON or is nested too deeply."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise NotJson(_too_deep()) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise NotJson(f"the body is not JSON ({exc.__class__.__name__})") from None
    text = data if isinstance(data, bytes) else data.encode()
    # fewer brackets than the limit cannot nest past it: most bodies skip the walk
    if text.count(b"[") + text.count(b"{") > MAX_JSON_DEPTH and _deeper_than(value):
        raise NotJson(_too_deep())
    return value


def _too_deep() -> str:
    return f"the JSON is nested deeper than {MAX_JSON_DEPTH} levels"


def _deeper_than(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    pending: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, dict | list) else []
    while pending:
        item, depth = pending.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
