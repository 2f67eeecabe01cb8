"""The equity audit as a PDF for a board paper: title, findings in words, each dimension's
table, what [c] means, the attribution, a protective marking and page numbers."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

from kith_web.board_pdf import MarkedReport, latin, paragraph
from kith_web.lead.equity import Finding, findings, not_recorded
from kith_web.lead.words import dimension_name


def _table(pdf: FPDF, items: list[Finding]) -> None:
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(col_widths=(35, 145), text_align="LEFT") as table:
        table.row(["Group", "Finding"])
        for f in items:
            table.row([latin(f.group), latin(f.sentence)])


def render(audit: dict[str, Any]) -> bytes:
    pdf = MarkedReport()
    pdf.set_title(f"Equity audit: {audit['name']}")
    pdf.add_page()
    paragraph(pdf, f"Who is being referred in {audit['name']}", 16, "B")
    found = findings(audit)
    paragraph(pdf, "Findings", 13, "B")
    headline = [f for f in found if f.verdict.startswith("significantly")]
    for f in headline or []:
        paragraph(pdf, f"- {f.sentence}")
    if not headline:
        paragraph(pdf, "No group is referred significantly more or less often than its share.")
    threshold = audit["suppressionThreshold"]
    paragraph(pdf, f"[c]: fewer than {threshold} people, hidden to protect them.", 9, "I")
    for dim in audit["dimensions"]:
        name = dimension_name(dim["dimension"])
        paragraph(pdf, name, 12, "B")
        _table(pdf, [f for f in found if f.dimension == name])
        paragraph(pdf, not_recorded(dim, threshold), 9)
    paragraph(pdf, audit["attribution"], 8)
    return bytes(pdf.output())
