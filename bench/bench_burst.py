"""Saleor's webhooks during a burst of storefront mutations, against uvicorn with N workers.

    python -m bench.bench_burst --database-url postgresql://... [--requests 50] [--workers 2]
        [--webhooks 20] [--saleor-delay 0.1]

Starts uvicorn on ``create_app_from_env`` as ``saleor-foresight serve`` does (``--workers``
processes, each with its job worker) on loopback against the given database, and a Saleor
test double served over HTTP on loopback that takes ``--saleor-delay`` seconds for every
answer. With one published policy and ``--requests`` guests' checkouts, it sends all the
guests' ``acceptDisclosures`` at once (anonymous, each reading the checkout fresh from
Saleor, then a metadata job calling Saleor again) and, while they run, ``--webhooks`` signed
ORDER_CREATED deliveries one every 50 ms (after a warm-up: every worker has served both
kinds before, as in a running shop). Prints the webhook answers' p50/p99/max, how many
of either failed (not 2xx, or GraphQL errors), how many were told 503, and how long the
burst took. Everything is bounded: the server gets 90 s to start and the burst 120 s; the
processes started are stopped at the end.

The database is emptied first (its ``public`` schema dropped and migrated again, as the
PostgreSQL tests do): give it a throwaway one on loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import sqlalchemy
import uvicorn
from cryptography.fernet import Fernet
from graphql import DocumentNode, parse
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from saleor_foresight import migrate
from saleor_foresight.db import create_engine, create_sessionmaker
from saleor_foresight.graphql.ids import to_global_id
from saleor_foresight.plugin import installations
from saleor_foresight.plugin.webhooks import BY_EVENT
from saleor_foresight.policies import service
from saleor_foresight.policies.content import TranslationInput
from saleor_foresight.policies.models import PolicyKind
from saleor_foresight.policies.targeting import Targeting
from saleor_foresight.settings import load_settings, to_async_url
from tests.saleor_double import SaleorDouble

ACCEPT = """
mutation Accept($checkoutId: ID!, $versionIds: [ID!]!) {
  acceptDisclosures(checkoutId: $checkoutId, versionIds: $versionIds) {
    acceptance { id recordHash }
    errors { field code message }
  }
}
"""


WARM_UP = 8  # acceptances and deliveries, in pairs, before the burst


@dataclass(frozen=True)
class Answer:
    seconds: float
    status: int
    ok: bool


class QuickSaleor(SaleorDouble):
    """The double, checking each distinct document against Saleor's schema once (the check
    costs it ~40 ms a call, which would make the double, not Foresight, the bottleneck)."""

    def __init__(self, api_url: str) -> None:
        super().__init__(api_url)
        self._checked: dict[str, DocumentNode] = {}

    def _run(
        self, query: str, variables: Any, operation_name: str | None, authenticated: bool
    ) -> tuple[int, dict[str, Any]]:
        document = self._checked.get(query)
        if document is None:
            status, answer = super()._run(query, variables, operation_name, authenticated)
            if status == 200:
                self._checked[query] = parse(query)
            return status, answer
        result = self.execute_document(
            document, variables, operation_name, authenticated=authenticated
        )
        answer: dict[str, Any] = {"data": result.data}
        if result.errors:
            answer["errors"] = [{"message": e.message} for e in result.errors]
        return 200, answer


def empty(url: str) -> None:
    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("DROP SCHEMA public CASCADE"))
        connection.execute(sqlalchemy.text("CREATE SCHEMA public"))
    engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_double(saleor: SaleorDouble, port: int, delay: float) -> uvicorn.Server:
    """The double over HTTP in a thread of this process, one answer at a time."""
    transport = saleor.transport()
    lock = threading.Lock()

    def answer(request: httpx.Request) -> httpx.Response:
        with lock:
            return transport.handle_request(request)

    async def handle(request: Request) -> Response:
        await asyncio.sleep(delay)
        outgoing = httpx.Request(
            request.method,
            f"http://127.0.0.1:{port}{request.url.path}",
            headers=[(k, v) for k, v in request.headers.items() if k != "host"],
            content=await request.body(),
        )
        answered = await asyncio.to_thread(answer, outgoing)
        return Response(answered.content, answered.status_code, dict(answered.headers))

    app = Starlette(routes=[Route("/{path:path}", handle, methods=["GET", "POST"])])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    threading.Thread(target=server.run, daemon=True).start()
    return server


async def seed(url: str, cipher_key: str, saleor: SaleorDouble) -> str:
    """The installation and one published policy; the version's global ID."""
    settings = load_settings(database_url=url, encryption_keys=cipher_key,
                             secret_key=secrets.token_urlsafe(40))  # fmt: skip
    engine = create_engine(to_async_url(url))
    try:
        async with create_sessionmaker(engine).begin() as session:
            installation = await installations.save(
                session,
                settings.cipher,
                installations.NewInstallation(
                    saleor.api_url, "127.0.0.1", "3.23", saleor.app_id, saleor.app_token,
                    saleor.jwks,
                ),
            )  # fmt: skip
            policy = await service.create_policy(
                session, installation.id, kind=PolicyKind.CUSTOM, name="Return terms",
                targeting=Targeting(),
            )  # fmt: skip
            await service.save_draft(
                session, installation.id, policy.id,
                [TranslationInput("EN", "Return terms", "Return within **30 days**.", "I accept")],
            )  # fmt: skip
            version = await service.publish(session, installation.id, policy.id)
    finally:
        await engine.dispose()
    return to_global_id("PolicyVersion", version.id)


def start_foresight(url: str, cipher_key: str, port: int, workers: int, folder: str) -> Any:
    env = {
        **os.environ,
        "FORESIGHT_DATABASE_URL": url,
        "FORESIGHT_ENCRYPTION_KEYS": cipher_key,
        "FORESIGHT_SECRET_KEY": secrets.token_urlsafe(40),
        "FORESIGHT_ALLOWED_SALEOR_URLS": r"http://127\.0\.0\.1:\d+/graphql/",
        "FORESIGHT_DATA_DIR": f"{folder}/data",
        "FORESIGHT_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "FORESIGHT_HOST": "127.0.0.1",
        "FORESIGHT_PORT": str(port),
        "FORESIGHT_WORKERS": str(workers),
        "FORESIGHT_LOG_LEVEL": "WARNING",
        "FORESIGHT_SALEOR_BACKOFF": "0",
    }
    # uvicorn on the app factory, as ``serve`` runs it, with time for a slow worker to import
    # (``serve`` keeps uvicorn's 5 s health check: on a loaded machine its workers are killed)
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "saleor_foresight.app:create_app_from_env",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--timeout-worker-healthcheck", "60",
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603 (our own command)


async def wait_until_up(client: httpx.AsyncClient, base: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if (await client.get(f"{base}/api/manifest")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("Foresight did not start within 90 s")


async def burst(
    base: str, saleor: SaleorDouble, version_id: str, requests: int, webhooks: int
) -> tuple[list[Answer], list[Answer], float]:
    checkouts = [
        saleor.add_checkout([(saleor.add_product(), 1)], email=f"guest{n}@example.com")
        for n in range(requests + WARM_UP)
    ]
    subscription = BY_EVENT["ORDER_CREATED"].subscription
    orders = [saleor.add_order([(saleor.add_product(), 1)]) for _ in range(webhooks + WARM_UP)]
    deliveries = [saleor.webhook("ORDER_CREATED", subscription, order=o) for o in orders]
    limits = httpx.Limits(max_connections=requests + webhooks + 10)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        await wait_until_up(client, base)

        async def accept(checkout: dict[str, Any]) -> Answer:
            variables = {"checkoutId": checkout["id"], "versionIds": [version_id]}
            started = time.monotonic()
            try:
                response = await client.post(
                    "/graphql/",
                    json={"query": ACCEPT, "variables": variables},
                    headers={"Saleor-Api-Url": saleor.api_url},
                )
            except httpx.HTTPError:
                return Answer(time.monotonic() - started, 0, False)
            body = response.json() if response.status_code == 200 else {}
            payload = (body.get("data") or {}).get("acceptDisclosures") or {}
            ok = response.status_code == 200 and not body.get("errors") and not payload["errors"]
            return Answer(time.monotonic() - started, response.status_code, ok)

        async def deliver(index: int, after: float = 0.0) -> Answer:
            await asyncio.sleep(after)
            delivery = deliveries[index]
            started = time.monotonic()
            try:
                response = await client.post(
                    "/api/webhooks/order_created", content=delivery.body, headers=delivery.headers
                )
            except httpx.HTTPError:
                return Answer(time.monotonic() - started, 0, False)
            return Answer(time.monotonic() - started, response.status_code, response.is_success)

        # a running shop: every worker has served both kinds before (connections open)
        for n in range(WARM_UP):
            await asyncio.gather(accept(checkouts[requests + n]), deliver(webhooks + n))
        await asyncio.sleep(1.5)  # the job workers' next pass
        started = time.monotonic()
        answers = await asyncio.wait_for(
            asyncio.gather(
                asyncio.gather(*(accept(c) for c in checkouts[:requests])),
                asyncio.gather(*(deliver(i, 0.05 + 0.05 * i) for i in range(webhooks))),
            ),
            timeout=120,
        )
        return answers[0], answers[1], time.monotonic() - started


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="postgresql://... on loopback")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--webhooks", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--saleor-delay", type=float, default=0.1)
    args = parser.parse_args()
    if not 1 <= args.requests <= 500 or not 1 <= args.webhooks <= 200:
        parser.error("at most 500 requests and 200 webhooks")
    if urlsplit(args.database_url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        parser.error("the database is emptied: give a throwaway one on loopback")
    empty(args.database_url)
    migrate.upgrade(to_async_url(args.database_url))
    saleor_port, foresight_port = free_port(), free_port()
    saleor = QuickSaleor(f"http://127.0.0.1:{saleor_port}/graphql/")
    cipher_key = Fernet.generate_key().decode()
    version_id = asyncio.run(seed(args.database_url, cipher_key, saleor))
    double = serve_double(saleor, saleor_port, args.saleor_delay)
    with tempfile.TemporaryDirectory() as folder:
        server = start_foresight(
            args.database_url, cipher_key, foresight_port, args.workers, folder
        )
        try:
            base = f"http://127.0.0.1:{foresight_port}"
            mutations, webhooks, took = asyncio.run(
                burst(base, saleor, version_id, args.requests, args.webhooks)
            )
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            double.should_exit = True
    waits = [w.seconds for w in webhooks]
    print(
        f"{args.requests} concurrent acceptDisclosures + {args.webhooks} ORDER_CREATED, "
        f"{args.workers} workers, PostgreSQL, Saleor answering in {args.saleor_delay:.2f} s, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(
        f"webhooks:  p50 {statistics.median(waits) * 1e3:7.1f} ms   p99 {p99(waits) * 1e3:7.1f} ms"
        f"   max {max(waits) * 1e3:7.1f} ms   failed {sum(not w.ok for w in webhooks)}"
        f" {dict(Counter(w.status for w in webhooks if not w.ok))}"
    )
    times = [m.seconds for m in mutations]
    print(
        f"mutations: p50 {statistics.median(times) * 1e3:7.1f} ms   p99 {p99(times) * 1e3:7.1f} ms"
        f"   failed {sum(not m.ok for m in mutations)} (503: "
        f"{sum(m.status == 503 for m in mutations)})   burst took {took:.2f} s"
    )


if __name__ == "__main__":
    main()
