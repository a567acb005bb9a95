"""Policy text: Markdown rendered to sanitised HTML, limits enforced, the content hash."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

import pytest

from saleor_foresight.policies.content import (
    BODY_MAX,
    CONSENT_LABEL_MAX,
    TITLE_MAX,
    TranslationInput,
    clean_translation,
    content_hash,
    normalise_language,
    render_markdown,
)
from saleor_foresight.policies.errors import PolicyError, PolicyErrorCode
from tests.shared import saleor_schema_sdl


def translation(**changes: str) -> TranslationInput:
    fields = {
        "language": "EN",
        "title": "Returns",
        "body_markdown": "Return within **30 days**.",
        "consent_label": "I accept the return terms",
    }
    fields.update(changes)
    return TranslationInput(**fields)


def test_markdown_is_rendered_with_the_allowed_tags() -> None:
    # given Markdown using the allowed constructs
    body = "# Returns\n\n*Unused* items, **30 days**:\n\n- one\n- two\n\n> note `code`\n"

    # when it is rendered
    html = render_markdown(body)

    # then headings sit two levels down and the rest is plain allowed HTML
    assert html == (
        "<h3>Returns</h3>\n<p><em>Unused</em> items, <strong>30 days</strong>:</p>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        "<blockquote>\n<p>note <code>code</code></p>\n</blockquote>\n"
    )


def test_links_keep_only_href_and_get_noopener_nofollow() -> None:
    html = render_markdown('[terms](https://shop.test/terms "title")')

    assert html == ('<p><a href="https://shop.test/terms" rel="noopener nofollow">terms</a></p>\n')


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        "Hello <script>alert(1)</script> there",
        '<img src="x" onerror="alert(1)">',
        'Look <b onclick="alert(1)">here</b>',
        '<a href="https://x.test" onmouseover="alert(1)">x</a>',
        "[click](javascript:alert(1))",
        '<iframe src="https://evil.test"></iframe>',
        "<style>body{display:none}</style>",
    ],
)
def test_script_and_event_handler_html_is_sanitised_away(body: str) -> None:
    # when a body with raw HTML or a script link is rendered
    html = render_markdown(body)

    # then no tag other than the allowed ones survives, and no handler or script URL
    assert set(re.findall(r"</?([a-z0-9]+)", html)) <= {"p", "a"}
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert not re.search(r"<[^>]*\bon[a-z]+=", html)
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html)


def test_raw_html_blocks_are_dropped_not_shown_as_text() -> None:
    html = render_markdown("Before\n\n<div onclick='x'>\nInside\n</div>\n\nAfter")

    assert html == "<p>Before</p>\n<p>After</p>\n"


def test_a_translation_is_normalised_before_it_is_stored() -> None:
    # given text in decomposed Unicode with Windows line endings and stray spaces
    given = translation(
        language="pt-br",
        title="  Devoluc\u0327o\u0303es ",
        body_markdown="\r\n\r\nLinha 1\r\nLinha 2   \r\n",
    )

    # when it is cleaned
    clean = clean_translation(given)

    # then it is NFC, trimmed, with Unix newlines and Saleor's language code
    assert clean.language == "PT_BR"
    assert clean.title == unicodedata.normalize("NFC", "Devoluc\u0327o\u0303es")
    assert clean.body_markdown == "Linha 1\nLinha 2"
    assert clean.body_html == "<p>Linha 1\nLinha 2</p>\n"


@pytest.mark.parametrize(
    ("field", "limit"),
    [("title", TITLE_MAX), ("consent_label", CONSENT_LABEL_MAX), ("body_markdown", BODY_MAX)],
)
def test_text_over_its_limit_is_too_long(field: str, limit: int) -> None:
    # the limit itself is allowed
    clean_translation(translation(**{field: "x" * limit}))

    # one character more is refused, naming the field
    with pytest.raises(PolicyError) as caught:
        clean_translation(translation(**{field: "x" * (limit + 1)}))
    assert (caught.value.code, caught.value.field) == (PolicyErrorCode.TOO_LONG, field)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"consent_label": ""}, "consent_label"),
        ({"title": "Bad\x00title"}, "title"),
        ({"body_markdown": "nul \x00 here"}, "body_markdown"),
        ({"language": "english"}, "language"),
    ],
)
def test_empty_text_control_characters_and_bad_languages_are_invalid(
    changes: dict[str, str], field: str
) -> None:
    with pytest.raises(PolicyError) as caught:
        clean_translation(translation(**changes))
    assert (caught.value.code, caught.value.field) == (PolicyErrorCode.INVALID, field)


def test_every_saleor_language_code_is_accepted() -> None:
    # given every value of Saleor's LanguageCodeEnum
    block = re.search(r"enum LanguageCodeEnum \{(.*?)\n\}", saleor_schema_sdl(), re.S)
    assert block is not None
    codes = re.findall(r"^\s*([A-Z][A-Z0-9_]*)\s*$", block.group(1), re.M)
    assert len(codes) > 700

    # then each is its own normal form, and lower-case or hyphenated spellings map to it
    assert [normalise_language(c) for c in codes] == codes
    assert normalise_language("pt-br") == "PT_BR"
    assert normalise_language("klingon") is None


def test_the_content_hash_is_the_documented_canonical_form() -> None:
    # given the translations of a version, out of language order
    texts = [
        clean_translation(translation(language="DE", title="Rückgabe")),
        clean_translation(translation(language="EN")),
    ]

    # when an auditor recomputes the hash from the documented form with the standard library
    document = {
        "fallback_language": "EN",
        "kind": "RETURN_TERMS",
        "return_window_days": 30,
        "translations": [
            {
                "body_markdown": t.body_markdown,
                "consent_label": t.consent_label,
                "language": t.language,
                "title": t.title,
            }
            for t in sorted(texts, key=lambda t: t.language)
        ],
    }
    expected = hashlib.sha256(
        json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()

    # then it is the hash Foresight computes, whatever the order the translations come in
    assert content_hash("RETURN_TERMS", 30, "EN", texts) == expected
    assert content_hash("RETURN_TERMS", 30, "EN", texts[::-1]) == expected


def test_the_content_hash_changes_with_every_part_of_the_content() -> None:
    texts = [clean_translation(translation())]
    base = content_hash("RETURN_TERMS", 30, "EN", texts)

    assert content_hash("CUSTOM", 30, "EN", texts) != base
    assert content_hash("RETURN_TERMS", 14, "EN", texts) != base
    assert content_hash("RETURN_TERMS", 30, "DE", texts) != base
    for field in ("title", "body_markdown", "consent_label"):
        changed = [clean_translation(translation(**{field: "Other"}))]
        assert content_hash("RETURN_TERMS", 30, "EN", changed) != base
