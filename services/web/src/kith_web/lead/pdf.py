"""The equity audit as a PDF for a board paper: title, findings in words, each dimension's
table, what [c] means, the attribution, a protective marking and page numbers."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

from kith_web.lead.equity import Finding, findings, not_recorded
from kith_web.lead.words import dimension_name

MARKING = "OFFICIAL - aggregate figures only, small numbers suppressed"
# Dashes and curly quotes as their ASCII look-alikes (by code point: the source stays ASCII).
_PLAIN = str.maketrans(
    {0x2014: "-", 0x2013: "-", 0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"'}
)


def _latin(text: str) -> str:
    """The core PDF fonts are Latin-1; group names and findings are English words."""
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Audit(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", "B", 8)
        self.cell(0, 6, MARKING, align="C", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")


def _paragraph(pdf: FPDF, text: str, size: int = 10, style: str = "") -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(0, size * 0.5, _latin(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _table(pdf: FPDF, items: list[Finding]) -> None:
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(col_widths=(35, 145), text_align="LEFT") as table:
        table.row(["Group", "Finding"])
        for f in items:
            table.row([_latin(f.group), _latin(f.sentence)])


def render(audit: dict[str, Any]) -> bytes:
    pdf = _Audit()
    pdf.set_title(f"Equity audit: {audit['name']}")
    pdf.add_page()
    _paragraph(pdf, f"Who is being referred in {audit['name']}", 16, "B")
    found = findings(audit)
    _paragraph(pdf, "Findings", 13, "B")
    headline = [f for f in found if f.verdict.startswith("significantly")]
    for f in headline or []:
        _paragraph(pdf, f"- {f.sentence}")
    if not headline:
        _paragraph(pdf, "No group is referred significantly more or less often than its share.")
    threshold = audit["suppressionThreshold"]
    _paragraph(pdf, f"[c]: fewer than {threshold} people, hidden to protect them.", 9, "I")
    for dim in audit["dimensions"]:
        name = dimension_name(dim["dimension"])
        _paragraph(pdf, name, 12, "B")
        _table(pdf, [f for f in found if f.dimension == name])
        _paragraph(pdf, not_recorded(dim, threshold), 9)
    _paragraph(pdf, audit["attribution"], 8)
    return bytes(pdf.output())
