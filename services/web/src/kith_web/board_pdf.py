"""What every aggregate report's PDF shares (the equity audit, the outcomes evaluation): a
page with a protective marking and page numbers, Latin-1-safe text, and plain paragraphs.

The core PDF fonts are Latin-1; these reports hold English words and figures only (no person's
name or words), so dashes, minus signs, arrows and curly quotes become ASCII look-alikes."""

from __future__ import annotations

from fpdf import FPDF

MARKING = "OFFICIAL - aggregate figures only, small numbers suppressed"
# By code point, so the source stays ASCII.
_PLAIN = str.maketrans({0x2014: "-", 0x2013: "-", 0x2212: "-", 0x2019: "'", 0x2018: "'",
                        0x201C: '"', 0x201D: '"', 0x2190: "<-", 0x2192: "->"})  # fmt: skip


def latin(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class MarkedReport(FPDF):
    """An A4 report with the protective marking on top and "Page n of N" below."""

    def header(self) -> None:
        self.set_font("Helvetica", "B", 8)
        self.cell(0, 6, MARKING, align="C", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")


def paragraph(pdf: FPDF, text: str, size: int = 10, style: str = "") -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(0, size * 0.5, latin(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
