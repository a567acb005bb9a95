"""What the browser tests check on every page and state a buyer or staff member meets: axe-core
finds no critical, serious or moderate violation, and a screenshot at a desktop and a phone
width is kept as an artifact (``<artifacts>/screens/<name>-<width>.png``).

axe-core comes with the ``axe-playwright-python`` package (its ``axe.min.js``); it runs in the
page (or a frame of it), through open shadow roots, so the widget's elements are checked as the
storefront shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from playwright.async_api import Frame, Page

FAILING = frozenset({"critical", "serious", "moderate"})
WIDTHS = (1280, 390)


async def violations(target: Page | Frame, include: str | None = None) -> list[str]:
    """The violations axe finds at the levels that fail, one line each (rule, impact, nodes)."""
    if not await target.evaluate("typeof window.axe !== 'undefined'"):
        await target.evaluate(AXE_SCRIPT)
    found: list[dict[str, Any]] = await target.evaluate(
        """async (include) => {
            const context = include ? { include: [[include]] } : document;
            const results = await axe.run(context, { resultTypes: ["violations"] });
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" >> ")).slice(0, 5),
            }));
        }""",
        include,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'])}"
        for v in found
        if v["impact"] in FAILING
    ]


async def check_page(
    page: Page,
    name: str,
    artifacts: Path,
    *,
    frame: Frame | None = None,
    include: str | None = None,
) -> None:
    """At each width: no failing violation, and a full-page screenshot kept as ``name``."""
    size = page.viewport_size or {"width": 1280, "height": 900}
    found: dict[int, list[str]] = {}
    folder = artifacts / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for width in WIDTHS:
            await page.set_viewport_size({"width": width, "height": size["height"]})
            found[width] = await violations(frame or page, include)
            await page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
    finally:
        await page.set_viewport_size(size)
    failing = {width: lines for width, lines in found.items() if lines}
    assert not failing, f"{name}: accessibility violations {failing}"
