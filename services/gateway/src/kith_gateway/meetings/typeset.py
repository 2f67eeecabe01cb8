"""The minutes as a typeset PDF: headings, tables, page numbers and a protective marking, in
Noto fonts shipped in `fonts/` (SIL OFL) so Polish, Bengali, Punjabi (Gurmukhi) and Urdu names
and notes render; harfbuzz shapes the scripts that join or reorder letters.

It typesets the markdown of `minutes.render_markdown`, so the PDF says exactly what the
markdown says for the same reader (redaction happens once, in the view)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FONTS = Path(__file__).parent / "fonts"
MARKING = "OFFICIAL-SENSITIVE: personal data, for the named organisation only"
BODY = "NotoSans"
# Fallbacks in order: fpdf2 takes, per character, the first font that has it.
FALLBACKS = {
    "NotoSansLatinExt": "noto-sans-bengali-latin-ext-400-normal.ttf",
    "NotoSansBengali": "noto-sans-bengali-bengali-400-normal.ttf",
    "NotoSansGurmukhi": "noto-sans-gurmukhi-gurmukhi-400-normal.ttf",
    "NotoNastaliqUrdu": "noto-nastaliq-urdu-arabic-400-normal.ttf",
}
SIZES = {1: 16.0, 2: 13.0, 3: 11.5, 4: 10.5}


class _Minutes(FPDF):
    def header(self) -> None:
        self.set_font(BODY, "B", 8)
        self.cell(0, 6, MARKING, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(BODY, "", 8)
        self.cell(0, 6, f"{MARKING} | page {self.page_no()} of {{nb}}", align="C")


def _document() -> _Minutes:
    pdf = _Minutes()
    pdf.add_font(BODY, "", FONTS / "noto-sans-bengali-latin-400-normal.ttf")
    pdf.add_font(BODY, "B", FONTS / "noto-sans-bengali-latin-700-normal.ttf")
    for family, file in FALLBACKS.items():
        pdf.add_font(family, "", FONTS / file)
    pdf.add_font("NotoSansLatinExt", "B", FONTS / "noto-sans-bengali-latin-ext-700-normal.ttf")
    pdf.set_fallback_fonts(list(FALLBACKS), exact_match=False)
    pdf.set_text_shaping(True)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title("Case meeting minutes")
    pdf.add_page()
    return pdf


def _row(line: str) -> list[str]:
    cells = line.strip().strip("|").replace("\\|", "\0").split("|")
    return [c.replace("\0", "|").strip() for c in cells]


def _write_table(pdf: FPDF, lines: list[str]) -> None:
    rows = [_row(line) for line in lines if not set(line) <= set("|- ")]
    pdf.set_font(BODY, "", 9)
    with pdf.table(headings_style=FontFace(emphasis="BOLD"), line_height=5) as table:
        for row in rows:
            cells = table.row()
            for text in row:
                cells.cell(text)
    pdf.ln(3)


def _write_line(pdf: FPDF, line: str) -> None:
    level = len(line) - len(line.lstrip("#"))
    if level:
        pdf.ln(2)
        pdf.set_font(BODY, "B", SIZES.get(level, 10))
        pdf.multi_cell(0, 7, line.lstrip("# "), new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font(BODY, "", 10)
    indent = len(line) - len(line.lstrip(" "))
    text = line.strip()
    if text.startswith("- "):
        text = "\u2022 " + text[2:]
    pdf.set_x(pdf.l_margin + indent * 2.5)
    pdf.multi_cell(0, 5.5, text or " ", new_x="LMARGIN", new_y="NEXT")


def render_pdf(markdown: str) -> bytes:
    pdf = _document()
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("|"):
            j = i
            while j < len(lines) and lines[j].startswith("|"):
                j += 1
            _write_table(pdf, lines[i:j])
            i = j
            continue
        _write_line(pdf, lines[i])
        i += 1
    return bytes(pdf.output())
