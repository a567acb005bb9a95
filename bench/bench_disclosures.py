"""checkoutDisclosures on a warm cache, beside a bare Starlette endpoint serving the same JSON.

    python -m bench.bench_disclosures [--requests 300] [--database-url postgresql://...]

A 20-line checkout and 50 published policies. Both endpoints run in-process behind httpx's
ASGI transport and read the same rows (the cached checkout, the policies with their current
versions and translations); the bare one builds the JSON by hand with no GraphQL, no
targeting library and no authentication. Prints the median of each and their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import tempfile
import time
from typing import Any

import httpx
from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from saleor_foresight import migrate
from saleor_foresight.app import create_app
from saleor_foresight.plugin import installations
from saleor_foresight.plugin.models import CheckoutCache
from saleor_foresight.policies import service
from saleor_foresight.policies.content import TranslationInput
from saleor_foresight.policies.models import Policy, PolicyKind, PolicyVersion
from saleor_foresight.policies.targeting import AttributeRule, Targeting
from saleor_foresight.runtime import AppState
from saleor_foresight.settings import Settings, load_settings
from tests.saleor_double import SaleorDouble

QUERY = """
query Disclosures($checkoutId: ID!) {
  checkoutDisclosures(checkoutId: $checkoutId) {
    disclosures { versionId kind title html consentLabel required contentHash lineIds }
  }
}
"""


async def seed(state: AppState, saleor: SaleorDouble, policies: int) -> None:
    async with state.sessionmaker.begin() as session:
        installation = await installations.save(
            session,
            state.settings.cipher,
            installations.NewInstallation(
                saleor.api_url, "saleor.test", "3.23", saleor.app_id, saleor.app_token, saleor.jwks
            ),
        )
        for n in range(policies):
            rules = (AttributeRule("colour"),) if n % 2 else ()
            policy = await service.create_policy(
                session, installation.id, kind=PolicyKind.CUSTOM, name=f"Policy {n}",
                targeting=Targeting(attributes=rules),
            )  # fmt: skip
            await service.save_draft(
                session, installation.id, policy.id,
                [TranslationInput("EN", f"Policy {n}", f"Terms number **{n}**.", "I accept")],
            )  # fmt: skip
            await service.publish(session, installation.id, policy.id)


def bare_app(state: AppState) -> Starlette:
    """The same rows, read and shaped by hand."""

    async def disclosures(request: Request) -> JSONResponse:
        checkout_id = (await request.json())["checkoutId"]
        async with state.sessionmaker() as session:
            installation = await installations.get_active(
                session, request.headers["saleor-api-url"]
            )
            cached = await session.scalar(
                select(CheckoutCache).where(
                    CheckoutCache.installation_id == installation.id,
                    CheckoutCache.checkout_id == checkout_id,
                )
            )
            assert cached is not None
            line_ids = [line["id"] for line in cached.checkout["lines"]]
            rows = await session.scalars(
                select(PolicyVersion)
                .join(Policy)
                .where(
                    Policy.installation_id == installation.id,
                    Policy.active.is_(True),
                    PolicyVersion.status == "PUBLISHED",
                    PolicyVersion.superseded_at.is_(None),
                )
                .options(selectinload(PolicyVersion.translations))
            )
            shown = []
            for version in rows:
                translation = version.translations[0]
                shown.append({
                    "versionId": str(version.id), "kind": "CUSTOM", "title": translation.title,
                    "html": translation.body_html, "consentLabel": translation.consent_label,
                    "required": True, "contentHash": version.content_hash, "lineIds": line_ids,
                })  # fmt: skip
        return JSONResponse({"data": {"checkoutDisclosures": {"disclosures": shown}}})

    return Starlette(routes=[Route("/bare", disclosures, methods=["POST"])])


async def timed(client: httpx.AsyncClient, url: str, body: dict[str, Any], n: int) -> float:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        response = await client.post(url, json=body)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, response.text
    return statistics.median(samples)


async def measure(
    settings: Settings, requests: int, lines: int, policies: int
) -> tuple[float, float]:
    saleor = SaleorDouble()
    app = create_app(settings, saleor_transport=saleor.transport())
    state: AppState = app.state.foresight
    try:
        await seed(state, saleor, policies)
        products = [
            saleor.add_product(f"Product {n}", attributes={"colour": ["Red"]} if n % 2 else None)
            for n in range(lines)
        ]
        checkout = saleor.add_checkout([(p, 1) for p in products])
        headers = {"Saleor-Api-Url": saleor.api_url}
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://f",
                              headers=headers) as foresight,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=bare_app(state)),
                              base_url="http://b", headers=headers) as bare,
        ):  # fmt: skip
            graphql = {"query": QUERY, "variables": {"checkoutId": checkout["id"]}}
            await foresight.post("/graphql/", json=graphql)  # warms the checkout cache
            asked = len(saleor.calls_to("checkout"))
            ours = await timed(foresight, "/graphql/", graphql, requests)
            baseline = await timed(bare, "/bare", {"checkoutId": checkout["id"]}, requests)
            assert len(saleor.calls_to("checkout")) == asked, "the warm path asked Saleor"
    finally:
        await state.close()
    return ours, baseline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--lines", type=int, default=20)
    parser.add_argument("--policies", type=int, default=50)
    parser.add_argument("--database-url", help="postgresql://... (default: a temporary SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        settings = load_settings(
            database_url=url,
            data_dir=f"{folder}/data",
            encryption_keys=Fernet.generate_key().decode(),
            secret_key=secrets.token_urlsafe(40),
            allowed_saleor_urls=r"https://saleor\.test/graphql/",
            run_worker=False,
        )
        migrate.upgrade(settings.sqlalchemy_url)
        ours, baseline = asyncio.run(measure(settings, args.requests, args.lines, args.policies))
    print(
        f"checkout: {args.lines} lines, {args.policies} policies, warm cache, {url.split(':')[0]}"
    )
    print(f"checkoutDisclosures (GraphQL): {ours * 1e3:8.3f} ms (median)")
    print(f"bare Starlette endpoint:       {baseline * 1e3:8.3f} ms (median)")
    print(f"ratio:                         {ours / baseline:8.2f}x")


if __name__ == "__main__":
    main()
