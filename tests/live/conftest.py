"""The live suite: Foresight served for real (``saleor-foresight serve``) and installed into the
real Saleor of the kit in ``../shared/real-saleor``. Skipped, with the reason, without the kit.

One Foresight and one installation serve the whole session (installing is what a shop does
once); each journey makes its own orders. The suite ends by uninstalling the app.
"""

from __future__ import annotations

import fcntl
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.live.kit import Kit, connect, kit_home
from tests.web.conftest import (
    CHROMIUM_ARGS,
    artifact_name,
    artifacts_dir,
    chromium_path,
    failed_report,
    keep_screenshot,
    pytest_runtest_makereport,
)

# re-exported for the journeys here: the browser fixtures and the report hook of tests/web
__all__ = ["artifacts_dir", "chromium_path", "pytest_runtest_makereport"]

NO_KIT = (
    "the real-Saleor kit is not running: start it with `bash ../shared/real-saleor/setup.sh` "
    "(.ci/run does), or set REAL_SALEOR_HOME to its work dir"
)


@pytest.fixture(scope="session")
def kit() -> Iterator[Kit]:
    found = connect()
    if found is None:
        if os.environ.get("FORESIGHT_LIVE_REQUIRED"):  # .ci/run started the kit: it must be up
            pytest.fail(NO_KIT)
        pytest.skip(NO_KIT)
    # One live session at a time per kit: each installs an app with Foresight's identifier and
    # removes the ones it finds, so two sessions side by side would uninstall each other.
    with (kit_home() / "foresight-live.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield found


# Journeys that look back on the whole session run after all others, in this order: no delivery
# of the session failed, then the shop removes the app.
LAST = (
    "test_saleor_records_no_failed_delivery_to_foresight",
    "test_removing_the_app_stops_foresight_for_that_saleor_and_keeps_its_records",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = getattr(item, "originalname", item.name)
        return LAST.index(name) + 1 if name in LAST else 0

    items.sort(key=rank)  # stable: every other test keeps its place


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """Foresight running as a shop runs it, on a port of its own."""

    url: str
    data_dir: Path
    log: Path

    @property
    def manifest_url(self) -> str:
        return f"{self.url}/api/manifest"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="session")
def foresight(kit: Kit, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("live")
    port = free_port()
    served = Served(f"http://127.0.0.1:{port}", root / "data", root / "foresight.log")
    env = {
        **os.environ,
        "FORESIGHT_DATA_DIR": str(served.data_dir),
        "FORESIGHT_PUBLIC_URL": served.url,
        "FORESIGHT_ALLOWED_SALEOR_URLS": re.escape(kit.api_url),
        "FORESIGHT_SALEOR_BACKOFF": "0.2",
        # strict mode for the kit's channel; test_strict turns its automatic confirmation off
        "FORESIGHT_STRICT_ACCEPTANCE_CHANNELS": "default-channel",
    }
    for name in ("FORESIGHT_DATABASE_URL", "FORESIGHT_TEST_DATABASE_URL"):
        env.pop(name, None)
    with served.log.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 (our own command)
            [sys.executable, "-m", "saleor_foresight.cli", "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(served.manifest_url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"Foresight did not start:\n{served.log_text()[-3000:]}")
            time.sleep(0.2)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Installed:
    app_id: str
    served: Served


INSTALL = """
mutation($i: AppInstallInput!) {
  appInstall(input: $i) {
    appInstallation { id status message }
    errors { field code message }
  }
}
"""
APPS = "query { apps(first: 100) { edges { node { id identifier manifestUrl isActive } } } }"
DELETE = "mutation($id: ID!) { appDelete(id: $id) { errors { field code message } } }"
INSTALLATIONS = "query { appsInstallations { id status message manifestUrl } }"


def remove_apps(kit: Kit, identifier: str) -> None:
    """Delete every app with our identifier (one an interrupted run left behind)."""
    for edge in kit.gql(APPS)["apps"]["edges"]:
        if edge["node"]["identifier"] == identifier:
            kit.mutate("appDelete", DELETE, {"id": edge["node"]["id"]})


@pytest.fixture(scope="session")
def installed(kit: Kit, foresight: Served) -> Iterator[Installed]:
    """Foresight installed from its manifest URL, as *Apps → Install external app* does;
    removed again at the end if the uninstall journey did not remove it."""
    manifest = httpx.get(foresight.manifest_url, timeout=10).json()
    remove_apps(kit, manifest["id"])
    kit.mutate(
        "appInstall",
        INSTALL,
        {
            "i": {
                "appName": manifest["name"],
                "manifestUrl": foresight.manifest_url,
                "permissions": manifest["permissions"],
                "activateAfterInstallation": True,
            }
        },
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for edge in kit.gql(APPS)["apps"]["edges"]:
            app = edge["node"]
            if app["manifestUrl"] == foresight.manifest_url and app["isActive"]:
                yield Installed(app_id=str(app["id"]), served=foresight)
                remove_apps(kit, manifest["id"])
                return
        pending = [
            i for i in kit.gql(INSTALLATIONS)["appsInstallations"]
            if i["manifestUrl"] == foresight.manifest_url
        ]  # fmt: skip
        if any(i["status"] == "FAILED" for i in pending):
            raise AssertionError(f"Saleor failed to install Foresight: {pending}")
        time.sleep(0.5)
    raise AssertionError("Saleor did not install Foresight within 60 s")


# -- the real Dashboard in Chromium (marker ``browser``) ---------------------------------------
# The browser plumbing of tests/web: Debian's chromium, its launch arguments, and a screenshot
# with the console in the artifacts folder for a failed test (the report hook keeps the call's
# report on the item for the page fixture's teardown).


@pytest.fixture(scope="module")
def chromium(chromium_path: str) -> Iterator[Browser]:
    """Chromium for a module of Dashboard journeys (Playwright's sync API: the kit is sync)."""
    expect.set_options(timeout=20_000)  # the Dashboard is a large SPA on a shared machine
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, args=list(CHROMIUM_ARGS), headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def staff_page(
    chromium: Browser, request: pytest.FixtureRequest, artifacts_dir: Path
) -> Iterator[Page]:
    """A fresh context (no Dashboard session yet); on failure a screenshot and the console."""
    context = chromium.new_context(
        viewport={"width": 1440, "height": 1000}, locale="en-GB", timezone_id="Europe/Berlin"
    )
    context.set_default_timeout(20_000)
    opened = context.new_page()
    console: list[str] = []
    opened.on("console", lambda m: console.append(f"{m.type}: {m.text} ({m.location.get('url')})"))
    opened.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    try:
        yield opened
        report = failed_report(request.node)
        if report is not None:
            name = artifact_name(request.node)
            shot = artifacts_dir / f"{name}.png"
            log = artifacts_dir / f"{name}.console.txt"
            opened.screenshot(path=shot, full_page=True)
            log.write_text("\n".join(console) + "\n", encoding="utf-8")
            report.sections.append(("browser screenshot", f"{shot}\nconsole: {log}"))
            keep_screenshot(request.config, shot)
    finally:
        context.close()
