"""Tests of the web pages. Browser tests (marker ``browser``) drive Debian's chromium through
Playwright: one browser for the session, a fresh context (cookies, storage, cache) per test.
A failing browser test leaves a screenshot and the page's console in the artifacts folder
(``FORESIGHT_TEST_ARTIFACTS``, else ``<pytest's tmp>/artifacts``) and names it in its report.
Without chromium the browser tests are skipped, saying why."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator, Generator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

if TYPE_CHECKING:
    from playwright.async_api import Browser

# Launch arguments that work on these machines (see the design notes).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
CALL_REPORT = pytest.StashKey[pytest.TestReport]()
SCREENSHOTS = pytest.StashKey[list[Path]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives Debian's chromium through Playwright (skipped without it)"
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep the call's report on the item, so a fixture's teardown knows the test failed."""
    report = yield
    if report.when == "call":
        item.stash[CALL_REPORT] = report
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    saved = terminalreporter.config.stash.get(SCREENSHOTS, [])
    if saved:
        terminalreporter.section("screenshots of failed browser tests")
        for path in saved:
            terminalreporter.line(str(path))


def keep_screenshot(config: pytest.Config, path: Path) -> None:
    config.stash.setdefault(SCREENSHOTS, []).append(path)


def failed_report(item: pytest.Item) -> pytest.TestReport | None:
    report = item.stash.get(CALL_REPORT, None)
    return report if report is not None and report.failed else None


@pytest.fixture(scope="session")
def artifacts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("FORESIGHT_TEST_ARTIFACTS")
    folder = Path(configured) if configured else tmp_path_factory.getbasetemp() / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def artifact_name(item: pytest.Item) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser(chromium_path: str) -> AsyncIterator[Browser]:
    """Chromium for the whole session; Playwright gives every launch a fresh user-data dir
    (a temporary profile it removes on close)."""
    try:
        from playwright.async_api import async_playwright, expect
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.skip("Python playwright is not installed (pip install -e '.[test]')")
    # What a page must show within: the first page of a session waits on a cold process (the
    # first GraphQL answer, the first render) that takes seconds on a loaded two-core machine.
    expect.set_options(timeout=15_000)
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=chromium_path, args=list(CHROMIUM_ARGS), headless=True
        )
        yield launched
        await launched.close()
