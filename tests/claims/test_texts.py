"""The claim texts have words in every language the storefront widget ships, with the same
placeholders as the English (``claims/texts.py``, ``web/static/widget/i18n.js``)."""

from __future__ import annotations

import json
import re
import string
from datetime import date

from saleor_foresight.claims.texts import ENGLISH, Text, english
from saleor_foresight.web.static_files import STATIC_DIR

ENTRY = re.compile(r'"claims\.explain\.(?P<key>[A-Z_]+)":\s*(?P<text>"(?:[^"\\]|\\.)*")')
LANGUAGE = re.compile(r"^  (?P<language>[a-z]{2}): \{$", re.MULTILINE)


def widget_texts() -> dict[str, dict[str, str]]:
    source = (STATIC_DIR / "widget" / "i18n.js").read_text(encoding="utf-8")
    starts = [(m.start(), m["language"]) for m in LANGUAGE.finditer(source)]
    found: dict[str, dict[str, str]] = {}
    for index, (start, language) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(source)
        found[language] = {
            m["key"]: json.loads(m["text"]) for m in ENTRY.finditer(source, start, end)
        }
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_claim_text_has_english_and_german_words_with_its_placeholders() -> None:
    texts = widget_texts()

    assert set(texts) >= {"en", "de"}
    for language in ("en", "de"):
        assert set(texts[language]) == set(ENGLISH), language
        for key, words in texts[language].items():
            assert placeholders(words) == placeholders(ENGLISH[key]), (language, key)


def test_a_text_in_english_writes_days_as_iso_dates() -> None:
    text = Text("RETURN_OPEN", {"days": 30, "ends": date(2026, 12, 8)})

    assert english(text) == (
        "Returns are accepted within 30 days of delivery. Your return window is open until "
        "2026-12-08."
    )
