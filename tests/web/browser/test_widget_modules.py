"""The widget's helpers, run in the browser: what survives of a policy body, how times and
languages are written, and which messages a language falls back to."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


async def test_a_policy_body_keeps_only_safe_markup(page: Page) -> None:
    await page.goto("/web/demo/order.html")

    kept = await page.evaluate(
        """async () => {
          const { policyBody } = await import("/web/shared/dom.js");
          const html = '<h3>Terms</h3><script>window.ran = 1</script>'
            + '<p onclick="x()">Keep <strong>this</strong> <img src=x onerror="window.ran = 2"></p>'
            + '<a href="javascript:alert(1)">bad</a> <a href="https://shop.example/terms">good</a>'
            + '<iframe src="https://evil.example"></iframe><div><em>unwrapped</em></div>';
          const holder = document.createElement("div");
          holder.append(policyBody(html, { topHeading: 4 }));
          return { html: holder.innerHTML, ran: window.ran ?? null };
        }"""
    )

    assert kept["ran"] is None
    assert kept["html"] == (
        "<h4>Terms</h4><p>Keep <strong>this</strong> </p><a>bad</a> "
        '<a href="https://shop.example/terms" target="_blank" rel="noopener noreferrer nofollow">'
        "good</a><em>unwrapped</em>"
    )


async def test_times_languages_and_messages(page: Page) -> None:
    await page.goto("/web/demo/order.html")

    seen = await page.evaluate(
        """async () => {
          const i18n = await import("/web/widget/i18n.js");
          const t = i18n.translator("de-AT", { "de-at": { retry: "Nochmal" } });
          return {
            camera: i18n.formatDateTime("2026-11-20T09:15:00", "en-GB"),
            utc: i18n.formatDateTime("2026-11-20T09:15:00+00:00", "en-GB"),
            code: [i18n.saleorLanguageCode("pt-br"), i18n.saleorLanguageCode("not a code")],
            retry: t("retry"),
            heading: t("checkout.heading"),
            missing: t("checkout.missing", { count: 2 }),
            fallback: i18n.translator("fr", null)("checkout.accept"),
          };
        }"""
    )

    assert seen["camera"] == "20 Nov 2026, 09:15"  # the camera's clock, never shifted
    assert seen["utc"] == "20 Nov 2026, 10:15"  # a time with an offset, in Berlin
    assert seen["code"] == ["PT_BR", None]
    assert seen["retry"] == "Nochmal"
    assert seen["heading"] == "Bevor Sie bezahlen"
    assert seen["missing"].startswith("2 Pflicht-Kästchen")
    assert seen["fallback"] == "Accept and continue"
