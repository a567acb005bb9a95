"""The ``saleor-foresight`` command: serve, migrate, check, new-key, rotate-key, verify-pack."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import os
import socket
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from . import migrate
from .db import create_engine, create_sessionmaker
from .errors import ConfigurationError, ForesightError, SaleorAuthError
from .orders import backfill
from .plugin import installations, strict_mode
from .plugin.models import Installation
from .runtime import AppState, build_state
from .settings import ENV_PREFIX, Settings, load_settings, new_encryption_key
from .storage import build_storage

APP_FACTORY = "saleor_foresight.app:create_app_from_env"


@dataclass(frozen=True)
class CheckRow:
    name: str
    ok: bool
    detail: str


# The deliveries recorded from a real Saleor, as a clone carries them for its tests; an installed
# wheel has none, and the demo then runs without replaying any.
RECORDED_VECTORS = Path(__file__).resolve().parents[1] / "tests" / "saleor" / "vectors"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="saleor-foresight", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the web service (uvicorn)")
    serve.add_argument("--host", help="address to bind (FORESIGHT_HOST)")
    serve.add_argument("--port", type=int, help="port to bind (FORESIGHT_PORT)")
    serve.add_argument("--workers", type=int, help="worker processes (FORESIGHT_WORKERS)")
    commands.add_parser("migrate", help="bring the database schema up to date")
    commands.add_parser("worker", help="run background jobs only (serve runs them too)")
    demo = commands.add_parser("demo", help="run Foresight with a sandbox Saleor to click through")
    demo.add_argument("--host", help="address to bind (FORESIGHT_HOST)")
    demo.add_argument("--port", type=int, help="port to bind (FORESIGHT_PORT)")
    demo.add_argument(
        "--vectors",
        type=Path,
        default=RECORDED_VECTORS,
        help="recorded Saleor deliveries to replay (default: a clone's tests/saleor/vectors)",
    )
    demo.add_argument(
        "--i-know-this-is-public",
        dest="public",
        action="store_true",
        help="bind an address other hosts can reach (the demo hands every visitor a staff token)",
    )
    commands.add_parser("check", help="check settings, database, storage and every Saleor")
    commands.add_parser("new-key", help="print a fresh key for FORESIGHT_ENCRYPTION_KEYS")
    commands.add_parser("export-schema", help="print the public GraphQL schema (SDL)")
    commands.add_parser(
        "rotate-key", help="re-encrypt stored tokens with the first FORESIGHT_ENCRYPTION_KEYS key"
    )
    verify = commands.add_parser(
        "verify-pack", help="recompute an evidence pack's hashes and chains from the ZIP alone"
    )
    verify.add_argument("pack", type=Path, help="the evidence pack (a ZIP)")
    args = parser.parse_args(argv)

    if args.command == "verify-pack":
        from .evidence.verify_pack import render, verify_pack

        report = verify_pack(args.pack)
        print(render(report), end="")
        return report.exit_code

    if args.command == "new-key":
        print(new_encryption_key())
        return 0
    if args.command == "export-schema":
        from .graphql.schema import sdl

        print(sdl(), end="")
        return 0
    if args.command == "check":
        return run_check()
    overrides = {
        name: value
        for name in ("host", "port", "workers")
        if (value := getattr(args, name, None)) is not None
    }
    try:
        settings = load_settings(**overrides)
    except ConfigurationError as exc:
        print(f"saleor-foresight: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "migrate":
        prepare_storage(settings)
        migrate.upgrade(settings.sqlalchemy_url)
        print("database is up to date")
        return 0
    if args.command == "demo":
        return run_demo(settings, args.vectors, public=args.public)
    if args.command == "worker":
        asyncio.run(run_worker(settings))
        return 0
    if args.command == "rotate-key":
        count = asyncio.run(rotate_key(settings))
        print(f"re-encrypted {count} installation token(s) with the first key")
        return 0
    return serve_forever(settings)


def prepare_storage(settings: Settings) -> None:
    if settings.embedded:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.media_root.mkdir(parents=True, exist_ok=True)


def serve_forever(settings: Settings) -> int:
    import uvicorn

    from .server import HEADER_TIMEOUT_ENV, uvicorn_options

    prepare_storage(settings)
    if settings.embedded:
        migrate.upgrade(settings.sqlalchemy_url)
    # the workers build their settings from the environment: hand the command line on
    os.environ.update(
        {
            f"{ENV_PREFIX}HOST": settings.host,
            f"{ENV_PREFIX}PORT": str(settings.port),
            f"{ENV_PREFIX}WORKERS": str(settings.workers),
            HEADER_TIMEOUT_ENV: str(settings.http_header_timeout),
        }
    )
    print(f"Foresight manifest URL: {settings.base_url}/api/manifest", flush=True)
    uvicorn.run(APP_FACTORY, factory=True, **uvicorn_options(settings))
    return 0


def run_demo(settings: Settings, vectors: Path, *, public: bool = False) -> int:
    import uvicorn

    from .demo.runner import build_demo

    if not public and not is_loopback_host(settings.host):
        print(
            f"saleor-foresight: the demo hands every visitor a staff token, so it binds only "
            f"a loopback address (127.0.0.1, ::1, localhost), not {settings.host!r}; "
            f"add --i-know-this-is-public to serve it to other hosts anyway",
            file=sys.stderr,
        )
        return 2
    if "data_dir" not in settings.model_fields_set:
        settings = settings.model_copy(update={"data_dir": Path("foresight-demo")})
    try:
        app, _ = build_demo(settings, vectors)
    except ConfigurationError as exc:
        print(f"saleor-foresight: {exc}", file=sys.stderr)
        return 2
    print(f"Foresight demo: {settings.base_url}/demo/", flush=True)
    uvicorn.run(
        app, host=settings.host, port=settings.port, proxy_headers=False, log_level="warning"
    )
    return 0


def is_loopback_host(host: str) -> bool:
    """Whether binding ``host`` serves this machine only: every address it resolves to is a
    loopback address (an empty host, ``0.0.0.0`` and ``::`` mean every interface)."""
    if not host.strip():
        return False
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    addresses = {str(info[4][0]) for info in found}
    try:
        return bool(addresses) and all(
            ipaddress.ip_address(address.split("%", 1)[0]).is_loopback for address in addresses
        )
    except ValueError:
        return False


async def run_worker(settings: Settings) -> None:
    state = build_state(settings)
    try:
        await state.run_worker()
    finally:
        await state.close()


async def rotate_key(settings: Settings) -> int:
    engine = create_engine(settings.sqlalchemy_url)
    try:
        async with create_sessionmaker(engine).begin() as session:
            found = await installations.list_all(session)
            for installation in found:
                installations.reencrypt(settings.cipher, installation)
            return len(found)
    finally:
        await engine.dispose()


def run_check(transport: httpx.AsyncBaseTransport | None = None) -> int:
    rows = asyncio.run(collect_checks(transport))
    width = max(len(row.name) for row in rows)
    for row in rows:
        print(f"{row.name.ljust(width)}  {'ok  ' if row.ok else 'FAIL'}  {row.detail}")
    return 0 if all(row.ok for row in rows) else 1


async def collect_checks(transport: httpx.AsyncBaseTransport | None = None) -> list[CheckRow]:
    try:
        settings = load_settings()
    except ConfigurationError as exc:
        return [CheckRow("settings", False, str(exc))]
    rows = [CheckRow("settings", True, "embedded default" if settings.embedded else "production")]
    pattern = settings.saleor_url_pattern
    rows.append(
        CheckRow(
            "installs from",
            True,
            f"Saleor API URLs matching {pattern.pattern}"
            if pattern is not None
            else "no Saleor (set FORESIGHT_ALLOWED_SALEOR_URLS)",
        )
    )
    rows.append(await check_storage(settings))
    state = build_state(settings, transport)
    try:
        database = await check_database(state.engine)
        rows.append(database)
        if database.ok:
            rows.extend(await check_installations(state))
    finally:
        await state.close()
    return rows


async def check_storage(settings: Settings) -> CheckRow:
    try:
        storage = build_storage(settings)
        try:
            await storage.check()
        finally:
            await storage.close()
    except ForesightError as exc:
        return CheckRow("storage", False, str(exc))
    if settings.storage_backend == "s3":
        return CheckRow("storage", True, f"S3 bucket {settings.s3_bucket}")
    return CheckRow("storage", True, f"local media folder {settings.media_root}")


async def check_database(engine: AsyncEngine) -> CheckRow:
    try:
        async with engine.connect() as connection:
            revision = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    except Exception as exc:
        return CheckRow("database", False, f"{type(exc).__name__}; run `saleor-foresight migrate`")
    head = migrate.head_revision()
    if revision != head:
        return CheckRow("database", False, f"at {revision}, code needs {head}: run migrate")
    return CheckRow("database", True, f"{engine.dialect.name}, schema at {revision}")


async def check_installations(state: AppState) -> list[CheckRow]:
    rows = []
    async with state.sessionmaker() as session:
        found = [i for i in await installations.list_all(session) if i.active]
    if not found:
        rows.append(CheckRow("saleor", True, "no installation yet"))
    for installation in found:
        name = f"saleor {installation.saleor_api_url}"
        try:
            token = installations.app_token(state.settings.cipher, installation)
            await state.client_for(installation.saleor_api_url, token).app_id()
        except SaleorAuthError:
            await installations.mark_removed_by_id(state.sessionmaker, installation.id)
            rows.append(CheckRow(name, False, "Saleor refused the app token: marked removed"))
        except ForesightError as exc:
            rows.append(CheckRow(name, False, f"{type(exc).__name__}: {exc}"))
        else:
            rows.append(CheckRow(name, True, "reachable, token accepted"))
        async with state.sessionmaker() as session:
            progress = await backfill.progress(session, installation.id)
        if progress is not None:
            rows.append(backfill_row(installation.saleor_api_url, progress))
        if state.settings.strict_acceptance_channels:
            rows.append(await check_strict_mode(state, installation))
        if not installation.webhooks_bound:
            rows.append(
                CheckRow(
                    f"webhooks {installation.saleor_api_url}",
                    False,
                    "exposed: Saleor's copies of our subscriptions do not select recipient, so "
                    "a body signed for another app is taken too; the webhook sync (run by "
                    "serve) updates them, else reinstall the app",
                )
            )
    return rows


def backfill_row(api_url: str, progress: backfill.Progress) -> CheckRow:
    """How bringing in the orders placed before the install stands; only FAILED fails."""
    since = progress.since.date().isoformat()
    detail = (
        f"{progress.status.value.lower()}: {progress.orders} orders in {progress.pages} pages "
        f"(created since {since})"
    )
    if progress.last_error:
        detail += f"; last error: {progress.last_error[:200]}"
    return CheckRow(
        f"backfill {api_url}", progress.status != backfill.BackfillStatus.FAILED, detail
    )


async def check_strict_mode(state: AppState, installation: Installation) -> CheckRow:
    """Strict mode holds orders only in channels where Saleor does not confirm them itself."""
    name = f"strict mode {installation.saleor_api_url}"
    try:
        confirming = await strict_mode.confirming_automatically(state.client_of(installation))
    except ForesightError as exc:
        return CheckRow(name, False, f"could not read the channels' order settings: {exc}")
    unheld = strict_mode.unheld(state.settings, confirming)
    if unheld:
        return CheckRow(name, False, strict_mode.WARNING.format(channels=", ".join(unheld)))
    held = [slug for slug in sorted(confirming) if state.settings.strict_acceptance(slug)]
    return CheckRow(name, True, f"holds new orders in {', '.join(held) or 'no channel yet'}")


if __name__ == "__main__":
    sys.exit(main())
