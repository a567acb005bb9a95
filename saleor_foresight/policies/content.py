"""Policy text: limits, normalisation, Markdown rendering with sanitising, the content hash.

Limits (characters are Unicode code points, counted after the normalisation below):

- title: 1-200 characters; consent label: 1-300; body: 0-20,000 (``BODY_MAX``);
  over a limit is ``TOO_LONG``, empty or with control characters is ``INVALID``.

Normalisation, applied before anything is stored, so the stored text is the hashed text:
Unicode NFC; line endings ``\\r\\n`` and ``\\r`` become ``\\n``; title and label are
stripped of surrounding whitespace; the body loses trailing whitespace and leading blank
lines. Titles and labels take no control characters, bodies none but tab and newline.

Rendering: CommonMark (markdown-it-py). Raw HTML in the Markdown is never passed through:
HTML blocks are dropped whole; inline tags are dropped and the text between them stays, as
text, except inside an inline script or style element, which goes with its content.
Headings move down two levels (``#`` is ``<h3>``, ``###`` and below are ``<h5>``/``<h6>``)
to sit inside a checkout page. The result is then sanitised by nh3 with an allow-list: p,
br, strong, em, ul, ol, li, blockquote, code, h3-h6 and a (``href`` with http, https or
mailto only; every link gets ``rel="noopener nofollow"``). Everything else
loses its tags (scripts and styles lose their content too) and every attribute but href.

Content hash of a published version: SHA-256 over the canonical JSON (``ledger.canonical``)
of exactly this object (``canonical.content_document``)::

    {"fallback_language": "EN",
     "kind": "RETURN_TERMS",
     "return_window_days": 30,          # null for kinds without a return window
     "translations": [                  # every translation, sorted by language code
        {"body_markdown": "...", "consent_label": "...", "language": "DE", "title": "..."},
        ...]}

Rendered HTML is not hashed: it follows from the Markdown (``verify`` re-renders it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..ledger import canonical
from ..text import is_blank, unfit
from .errors import PolicyError, PolicyErrorCode, invalid

TITLE_MAX = 200
CONSENT_LABEL_MAX = 300
BODY_MAX = 20_000
NAME_MAX = 255

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "h3", "h4", "h5", "h6"}
    | {"a"}
)
# "*" (attributes on every tag) is empty: without it nh3 keeps lang and title everywhere
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {"a": frozenset({"href"}), "*": frozenset()}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener nofollow"

# Saleor's LanguageCodeEnum values: "EN", "PT_BR", "ZH_HANS", "CA_ES_VALENCIA", ...
_LANGUAGE = re.compile(r"[A-Z]{2,3}(?:_[A-Z0-9]{2,8}){0,2}")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_DROP_CONTENT = frozenset({"script", "style"})
_HEADINGS = {"h1": "h3", "h2": "h4", "h3": "h5", "h4": "h6", "h5": "h6", "h6": "h6"}
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})


class TranslationText(Protocol):
    @property
    def language(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def body_markdown(self) -> str: ...
    @property
    def consent_label(self) -> str: ...


@dataclass(frozen=True)
class TranslationInput:
    """One language of a draft, as staff typed it."""

    language: str
    title: str
    body_markdown: str
    consent_label: str


@dataclass(frozen=True)
class CleanTranslation:
    """A translation after normalisation and checks, with its rendered HTML."""

    language: str
    title: str
    body_markdown: str
    body_html: str
    consent_label: str


def normalise_language(code: str) -> str | None:
    """Saleor's form of a language code ("pt-br" -> "PT_BR"), or None if it is not one."""
    candidate = code.strip().replace("-", "_").upper()
    return candidate if _LANGUAGE.fullmatch(candidate) else None


def clean_translation(given: TranslationInput) -> CleanTranslation:
    language = normalise_language(given.language)
    if language is None:
        raise invalid("language", f"{given.language!r} is not a Saleor language code")
    body = _normalise_body(given.body_markdown, language)
    return CleanTranslation(
        language=language,
        title=_short_text("title", given.title, TITLE_MAX, language),
        body_markdown=body,
        body_html=render_markdown(body),
        consent_label=_short_text(
            "consent_label", given.consent_label, CONSENT_LABEL_MAX, language
        ),
    )


def clean_name(name: str) -> str:
    return _short_text("name", name, NAME_MAX, None)


def render_body(markdown: str, language: str | None = None) -> str:
    """A body as a saved draft shows it to buyers: normalised, then rendered (``PolicyError``
    when it is over the limit or holds control characters)."""
    return render_markdown(_normalise_body(markdown, language))


def render_markdown(markdown: str) -> str:
    """Markdown to HTML that is safe to show on the storefront (see the module docstring)."""
    tokens = [_without_raw_html(t) for t in _markdown.parse(markdown) if t.type != "html_block"]
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADINGS[token.tag]
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def translation_fields(translation: TranslationText) -> dict[str, Any]:
    """The hashed fields of one translation."""
    return {
        "language": translation.language,
        "title": translation.title,
        "body_markdown": translation.body_markdown,
        "consent_label": translation.consent_label,
    }


def content_hash(
    kind: str,
    return_window_days: int | None,
    fallback_language: str,
    translations: Iterable[TranslationText],
) -> str:
    document = canonical.content_document(
        kind, return_window_days, fallback_language, [translation_fields(t) for t in translations]
    )
    return canonical.sha256_hex(document)


def _without_raw_html(token: Token) -> Token:
    """Drop inline HTML tags, and all that an inline script or style element encloses."""
    if not token.children:
        return token
    kept: list[Token] = []
    inside: str | None = None  # the script or style element whose content is dropped
    for child in token.children:
        if child.type != "html_inline":
            if inside is None:
                kept.append(child)
            continue
        tag = _TAG.match(child.content)
        if tag is None:  # a comment, declaration or processing instruction
            continue
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if inside is None and not closing and name in _DROP_CONTENT:
            inside = name
        elif closing and name == inside:
            inside = None
    token.children = kept
    return token


def _normalise(value: str) -> str:
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))


def _short_text(field: str, value: str, limit: int, language: str | None) -> str:
    where = f" ({language})" if language else ""
    text = _normalise(value).strip()
    if is_blank(text):
        raise invalid(field, f"{field}{where} is empty")
    if unfit(text) is not None or any(unicodedata.category(c) == "Cc" for c in text):
        raise invalid(field, f"{field}{where} contains control characters")
    if len(text) > limit:
        raise PolicyError(
            PolicyErrorCode.TOO_LONG, f"{field}{where} is over {limit} characters", field
        )
    return text


def _normalise_body(value: str, language: str | None) -> str:
    where = f" ({language})" if language else ""
    text = _normalise(value).rstrip().lstrip("\n")
    if unfit(text) is not None:
        raise invalid("body_markdown", f"body_markdown{where} contains control characters")
    if len(text) > BODY_MAX:
        raise PolicyError(
            PolicyErrorCode.TOO_LONG,
            f"body_markdown{where} is over {BODY_MAX} characters",
            "body_markdown",
        )
    return text
