"""Text and photo documents as PDF, for providers that take no HTML (fpdf2).

PayPal and Stripe take evidence files as PDF, JPEG or PNG only, so the disclosures a buyer
accepted and the dispatch proof are also written as PDFs. fpdf2's built-in fonts cover
Latin-1 only and Foresight ships no font file: text is folded to Latin-1 (typographic
quotes and dashes to ASCII, accents kept where Latin-1 has them, else dropped, anything else
``?``). ``Document.folded`` says whether that changed a character; the pack then names the
PDF as an adjusted copy, and the exact UTF-8 text stays in ``summary.html`` and
``evidence.json``. Photos are embedded as the JPEG bytes given (no re-encoding).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence

from fpdf import FPDF

_ASCII = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": ",",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u20ac": "EUR",
        "\u00a0": " ",
        "\u2022": "*",
    }
)
LINE = 5.5
WIDTH = 180  # millimetres of text on an A4 page with 15 mm margins


def fold(text: str) -> str:
    """``text`` in Latin-1, as the built-in PDF fonts can show it."""
    out = []
    for char in text.translate(_ASCII):
        if ord(char) < 256:
            out.append(char if char.isprintable() or char in "\n\t" else " ")
            continue
        base = unicodedata.normalize("NFKD", char)
        kept = "".join(c for c in base if ord(c) < 256 and not unicodedata.combining(c))
        out.append(kept or "?")
    return "".join(out)


class Document:
    """A simple A4 document: headings, paragraphs, label/value lines and photos."""

    def __init__(self, title: str) -> None:
        self.folded = False
        self._pdf = FPDF(format="A4")
        self._pdf.set_margins(15, 15, 15)
        self._pdf.set_auto_page_break(auto=True, margin=15)
        self._pdf.set_title(self._text(title))
        self._pdf.set_creator("Foresight for Saleor")
        self._pdf.add_page()
        self._pdf.set_font("helvetica", "B", 15)
        self._write(title, 8)

    def heading(self, text: str) -> None:
        self._pdf.ln(3)
        self._pdf.set_font("helvetica", "B", 12)
        self._write(text, 7)

    def paragraph(self, text: str) -> None:
        self._pdf.set_font("helvetica", "", 10)
        self._write(text, LINE)

    def fields(self, rows: Sequence[tuple[str, str | None]]) -> None:
        for label, value in rows:
            if value:
                self._pdf.set_font("helvetica", "B", 9)
                self._write(label, 4.5)
                self._pdf.set_font("helvetica", "", 10)
                self._write(value, LINE)

    def photo(self, jpeg: bytes, width: int, height: int, caption: str) -> None:
        """A JPEG scaled to the text width (or to fit a page), with its caption under it."""
        scale = min(WIDTH / width, 230 / height)
        self._pdf.set_font("helvetica", "", 8)
        if self._pdf.get_y() + height * scale + 12 > self._pdf.h - 15:
            self._pdf.add_page()
        self._pdf.image(io.BytesIO(jpeg), w=width * scale, h=height * scale)
        self._write(caption, 4)
        self._pdf.ln(2)

    def output(self) -> bytes:
        return bytes(self._pdf.output())

    def _text(self, text: str) -> str:
        folded = fold(text)
        if folded != text:
            self.folded = True
        return folded

    def _write(self, text: str, height: float) -> None:
        self._pdf.multi_cell(WIDTH, height, self._text(text), new_x="LMARGIN", new_y="NEXT")
