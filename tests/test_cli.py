"""The saleor-foresight command: migrate, check (a table and an exit code), new-key, rotate-key."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet, MultiFernet
from sqlalchemy import update

from saleor_foresight import cli, migrate
from saleor_foresight.db import create_engine, create_sessionmaker
from saleor_foresight.jobs.models import Job
from saleor_foresight.orders import backfill
from saleor_foresight.plugin import installations
from saleor_foresight.settings import load_settings
from tests.database import TEST_DATABASE_URL
from tests.saleor_double import SaleorDouble


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("FORESIGHT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FORESIGHT_DATA_DIR", str(tmp_path / "data"))


def test_check_fails_before_migrate_and_passes_after(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run_check() == 1
    before = capsys.readouterr().out
    assert "database" in before and "FAIL" in before and "migrate" in before

    assert cli.main(["migrate"]) == 0
    assert cli.run_check() == 0

    table = capsys.readouterr().out
    assert "settings" in table and "embedded default" in table
    assert f"schema at {migrate.head_revision()}" in table
    assert "no installation yet" in table
    assert "installs from" in table and "127" in table
    assert "FAIL" not in table


def test_check_reports_a_bad_setting_and_exits_non_zero(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FORESIGHT_PORT", "not-a-port")

    assert cli.run_check() == 1
    assert "FORESIGHT_PORT" in capsys.readouterr().out


def test_a_bad_setting_stops_migrate_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FORESIGHT_DATABASE_URL", "mysql://nowhere/db")

    assert cli.main(["migrate"]) == 2
    assert "FORESIGHT_DATABASE_URL" in capsys.readouterr().err


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="uses the embedded SQLite default")
def test_check_asks_every_installed_saleor_with_its_token(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # given an installation whose Saleor answers, and one whose Saleor refuses the token
    assert cli.main(["migrate"]) == 0
    settings = load_settings()
    good, refusing = SaleorDouble(), SaleorDouble("https://other.test/graphql/")
    refusing.refuse_token()
    asyncio.run(install(settings.sqlalchemy_url, settings.cipher, good, refusing))

    # when the check runs against both
    code = cli.run_check(transport=route_by_host(good, refusing))

    # then the table names each, and the refused one fails the check
    table = capsys.readouterr().out
    assert code == 1
    assert "saleor https://saleor.test/graphql/" in table
    assert "reachable, token accepted" in table
    assert "saleor https://other.test/graphql/" in table and "refused the app token" in table
    assert good.app_token not in table and refusing.app_token not in table
    # and the installation whose token Saleor refuses is marked removed, its records kept
    assert asyncio.run(active_urls(settings.sqlalchemy_url)) == ["https://saleor.test/graphql/"]


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="uses the embedded SQLite default")
def test_check_names_the_shops_whose_webhooks_are_exposed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # given a shop installed before the queries selected recipient, and a shop after
    assert cli.main(["migrate"]) == 0
    settings = load_settings()
    legacy, current = SaleorDouble(), SaleorDouble("https://other.test/graphql/")
    asyncio.run(install(settings.sqlalchemy_url, settings.cipher, legacy, current))
    asyncio.run(unbind(settings.sqlalchemy_url, legacy.api_url))

    # when
    code = cli.run_check(transport=route_by_host(legacy, current))

    # then only the legacy shop is named exposed, and the check fails for it
    table = capsys.readouterr().out
    assert code == 1
    exposed = [line for line in table.splitlines() if "exposed" in line]
    assert len(exposed) == 1 and "https://saleor.test/graphql/" in exposed[0]
    assert "FAIL" in exposed[0]


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="uses the embedded SQLite default")
def test_check_shows_how_bringing_in_the_older_orders_stands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # given two shops: one bringing in its older orders, one whose backfill failed
    assert cli.main(["migrate"]) == 0
    settings = load_settings()
    running, failed = SaleorDouble(), SaleorDouble("https://other.test/graphql/")
    asyncio.run(install(settings.sqlalchemy_url, settings.cipher, running, failed))
    asyncio.run(start_backfills(settings.sqlalchemy_url, running.api_url, failed.api_url))

    # when
    code = cli.run_check(transport=route_by_host(running, failed))

    # then each shop's backfill has a line, and the failed one fails the check
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("backfill")]
    assert code == 1
    assert len(rows) == 2
    assert "saleor.test" in rows[0] and "ok" in rows[0]
    assert "running: 4 orders in 2 pages" in rows[0]
    assert "other.test" in rows[1] and "FAIL" in rows[1]
    assert "failed: 0 orders in 0 pages" in rows[1] and "last error: HTTP 503" in rows[1]


async def start_backfills(url: str, running_url: str, failed_url: str) -> None:
    engine = create_engine(url)
    async with create_sessionmaker(engine).begin() as session:
        for api_url in (running_url, failed_url):
            found = await installations.find(session, api_url)
            assert found is not None
            row = await backfill.schedule(session, found.id, 90)
            assert row is not None
            if api_url == running_url:
                row.pages, row.orders = 2, 4
            else:
                row.last_error = "HTTP 503"
                await session.execute(
                    update(Job).where(Job.installation_id == found.id).values(status="FAILED")
                )
    await engine.dispose()


def test_check_warns_where_saleor_confirms_the_orders_strict_mode_would_hold(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # given strict mode for two channels, one of which Saleor confirms by itself
    monkeypatch.setenv("FORESIGHT_STRICT_ACCEPTANCE_CHANNELS", "default-channel,eu")
    assert cli.main(["migrate"]) == 0
    settings = load_settings()
    saleor = SaleorDouble()
    saleor.confirms_automatically("default-channel", True)
    saleor.confirms_automatically("eu", False)
    saleor.confirms_automatically("outlet", True)  # not strict: not named
    asyncio.run(install(settings.sqlalchemy_url, settings.cipher, saleor))

    # when
    code = cli.run_check(transport=route_by_host(saleor))

    # then the check fails naming only the strict channel Saleor confirms by itself
    table = capsys.readouterr().out
    assert code == 1
    (line,) = [line for line in table.splitlines() if line.startswith("strict mode")]
    assert "FAIL" in line and "default-channel" in line
    assert "Automatically confirm all new orders" in line
    assert "every new order of default-channel by itself" in line and "outlet" not in line

    # when the shop turns automatic confirmation off there
    saleor.confirms_automatically("default-channel", False)
    code = cli.run_check(transport=route_by_host(saleor))

    # then strict mode holds orders in both, and the check passes
    table = capsys.readouterr().out
    assert code == 0
    assert "holds new orders in default-channel, eu" in table


async def unbind(url: str, api_url: str) -> None:
    """As the migration leaves an installation made before this release."""
    engine = create_engine(url)
    async with create_sessionmaker(engine).begin() as session:
        found = await installations.find(session, api_url)
        assert found is not None
        found.webhooks_bound = False
    await engine.dispose()


def test_new_key_prints_a_usable_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["new-key"]) == 0
    Fernet(capsys.readouterr().out.strip().encode())


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="uses the embedded SQLite default")
def test_rotate_key_reencrypts_tokens_with_the_first_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("FORESIGHT_ENCRYPTION_KEYS", old)
    assert cli.main(["migrate"]) == 0
    settings = load_settings()
    saleor = SaleorDouble()
    asyncio.run(install(settings.sqlalchemy_url, settings.cipher, saleor))

    monkeypatch.setenv("FORESIGHT_ENCRYPTION_KEYS", f"{new},{old}")
    assert cli.main(["rotate-key"]) == 0

    only_new = load_settings(encryption_keys=new)
    assert asyncio.run(read_token(only_new.sqlalchemy_url, only_new.cipher)) == saleor.app_token


async def install(url: str, cipher: MultiFernet, *doubles: SaleorDouble) -> None:
    engine = create_engine(url)
    async with create_sessionmaker(engine).begin() as session:
        for double in doubles:
            await installations.save(
                session,
                cipher,
                installations.NewInstallation(
                    double.api_url, "", "3.23", double.app_id, double.app_token, double.jwks
                ),
            )
    await engine.dispose()


async def read_token(url: str, cipher: MultiFernet) -> str:
    engine = create_engine(url)
    async with create_sessionmaker(engine)() as session:
        (installation,) = await installations.list_all(session)
        token = installations.app_token(cipher, installation)
    await engine.dispose()
    return token


async def active_urls(url: str) -> list[str]:
    engine = create_engine(url)
    async with create_sessionmaker(engine)() as session:
        found = await installations.list_all(session)
    await engine.dispose()
    return [i.saleor_api_url for i in found if i.active]


def route_by_host(*doubles: SaleorDouble) -> httpx.MockTransport:
    transports = {httpx.URL(d.api_url).host: d.transport() for d in doubles}

    async def handle(request: httpx.Request) -> httpx.Response:
        return await transports[request.url.host].handle_async_request(request)

    return httpx.MockTransport(handle)


def test_serve_brings_the_embedded_database_up_and_serves_the_manifest(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = tmp_path / "served"
    process = subprocess.Popen(  # noqa: S603 (our own command)
        [sys.executable, "-m", "saleor_foresight.cli", "serve", "--port", str(port)],
        env={**os.environ, "FORESIGHT_DATA_DIR": str(data)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        manifest = None
        deadline = time.monotonic() + 30
        while manifest is None and time.monotonic() < deadline:
            try:
                manifest = httpx.get(f"http://127.0.0.1:{port}/api/manifest", timeout=1).json()
            except httpx.TransportError:
                time.sleep(0.2)
        assert manifest is not None, "serve did not answer within 30 s"
        assert manifest["tokenTargetUrl"] == f"http://127.0.0.1:{port}/api/register"
        assert (data / "foresight.sqlite3").exists()
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert f"Foresight manifest URL: http://127.0.0.1:{port}/api/manifest" in output


EVERY_INTERFACE = "0.0.0.0"  # noqa: S104 (what the demo must refuse)


@pytest.mark.parametrize("host", [EVERY_INTERFACE, "::", "192.168.1.20", "10.0.0.5", ""])
def test_the_demo_refuses_an_address_other_hosts_reach(
    host: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a demo asked to bind an address that is not loopback
    served = serve_nothing(monkeypatch)

    # when it starts
    code = cli.main(["demo", "--host", host])

    # then it refuses, says why and how to insist, and serves nothing
    assert code == 2 and served == []
    error = capsys.readouterr().err
    assert "staff token" in error and "--i-know-this-is-public" in error


def test_the_demo_refuses_a_public_host_from_the_environment_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served = serve_nothing(monkeypatch)
    monkeypatch.setenv("FORESIGHT_HOST", EVERY_INTERFACE)

    assert cli.main(["demo"]) == 2 and served == []
    assert "--i-know-this-is-public" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "bound"),
    [
        (["--host", "127.0.0.1"], "127.0.0.1"),
        (["--host", "localhost"], "localhost"),
        (["--host", "::1"], "::1"),
        (["--host", EVERY_INTERFACE, "--i-know-this-is-public"], EVERY_INTERFACE),
    ],
)
def test_the_demo_serves_loopback_or_a_public_host_when_told_it_is_public(
    arguments: list[str], bound: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    served = serve_nothing(monkeypatch)
    monkeypatch.chdir(tmp_path)

    assert cli.main(["demo", *arguments, "--vectors", str(tmp_path / "no-vectors")]) == 0
    assert served == [bound]


def serve_nothing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the host uvicorn would bind instead of serving."""
    import uvicorn

    served: list[str] = []

    def run(app: object, *, host: str, **_: object) -> None:
        served.append(host)

    monkeypatch.setattr(uvicorn, "run", run)
    return served
