"""Webhook intake (verify + store + record) beside the bare JWS verification it starts with.

    python -m bench.bench_intake [--deliveries 300] [--database-url postgresql://...]

Runs Foresight's real intake on a fresh database (a temporary SQLite file unless a
PostgreSQL URL is given) with ORDER_CREATED deliveries signed by the Saleor test double,
and prints the median cost per delivery of each, and their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import tempfile
import time
from dataclasses import dataclass

from cryptography.fernet import Fernet

from saleor_foresight import migrate
from saleor_foresight.plugin import installations
from saleor_foresight.plugin.signature import verify_webhook_signature
from saleor_foresight.plugin.webhooks import BY_EVENT
from saleor_foresight.runtime import build_state
from saleor_foresight.settings import Settings, load_settings
from tests.saleor_double import SaleorDouble


@dataclass(frozen=True)
class Result:
    deliveries: int
    verify_seconds: float
    intake_seconds: float

    @property
    def ratio(self) -> float:
        return self.intake_seconds / self.verify_seconds


async def measure(deliveries: int, settings: Settings) -> Result:
    saleor = SaleorDouble()
    state = build_state(settings, saleor.transport())
    try:
        async with state.sessionmaker.begin() as session:
            await installations.save(
                session,
                settings.cipher,
                installations.NewInstallation(
                    saleor.api_url, "saleor.test", "3.23", saleor.app_id, saleor.app_token,
                    saleor.jwks,
                ),
            )  # fmt: skip
        query = BY_EVENT["ORDER_CREATED"].subscription
        product = saleor.add_product("LED torch")
        batch = [
            saleor.webhook("ORDER_CREATED", query, order=saleor.add_order([(product, 1 + i % 3)]))
            for i in range(deliveries)
        ]
        headers = [{k.lower(): v for k, v in d.headers.items()} for d in batch]

        verify = []
        for delivery, sent in zip(batch, headers, strict=True):
            start = time.perf_counter()
            verify_webhook_signature(sent["saleor-signature"], delivery.body, saleor.jwks)
            verify.append(time.perf_counter() - start)

        intake = []
        for delivery, sent in zip(batch, headers, strict=True):
            start = time.perf_counter()
            await state.intake.take("order_created", sent, delivery.body)
            intake.append(time.perf_counter() - start)
    finally:
        await state.close()
    return Result(deliveries, statistics.median(verify), statistics.median(intake))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=300)
    parser.add_argument("--database-url", help="postgresql://... (default: a temporary SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        settings = load_settings(
            database_url=url,
            encryption_keys=Fernet.generate_key().decode(),
            secret_key=secrets.token_urlsafe(40),
            allowed_saleor_urls=r"https://saleor\.test/graphql/",
        )
        migrate.upgrade(settings.sqlalchemy_url)
        result = asyncio.run(measure(args.deliveries, settings))
    print(f"deliveries:            {result.deliveries} on {url.split(':', 1)[0]}")
    print(f"JWS verification only: {result.verify_seconds * 1e3:8.3f} ms (median)")
    print(f"intake end to end:     {result.intake_seconds * 1e3:8.3f} ms (median)")
    print(f"ratio:                 {result.ratio:8.1f}x")


if __name__ == "__main__":
    main()
