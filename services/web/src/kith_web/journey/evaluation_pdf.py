"""The evaluation as a PDF for a board paper: each score's headline and every group's
figures, what [c] means, the method, a protective marking and page numbers (fpdf2, as the
equity audit's PDF)."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

MARKING = "OFFICIAL - aggregate figures only, small numbers suppressed"
_PLAIN = str.maketrans({0x2014: "-", 0x2013: "-", 0x2212: "-", 0x2019: "'", 0x2018: "'",
                        0x201C: '"', 0x201D: '"', 0x2190: "<-", 0x2192: "->"})  # fmt: skip


def latin(text: str) -> str:
    """The core PDF fonts are Latin-1: minus signs and quotes as their ASCII look-alikes."""
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Report(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", "B", 8)
        self.cell(0, 6, MARKING, align="C", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")


def _paragraph(pdf: FPDF, text: str, size: int = 10, style: str = "") -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(0, size * 0.5, latin(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _table(pdf: FPDF, rows: list[Any]) -> None:
    pdf.set_font("Helvetica", "", 8)
    with pdf.table(col_widths=(40, 20, 20, 20, 45, 35), text_align="LEFT") as table:
        table.row(["Group", "With baseline", "Followed up", "No follow-up",
                   "Mean change (95% CI)", "Reached the MIC"])  # fmt: skip
        for r in rows:
            table.row([latin(x) for x in (r.group, r.with_baseline, r.followed_up,
                                          r.no_follow_up, r.change, r.reached)])  # fmt: skip


def render(report: dict[str, Any], scores: list[dict[str, Any]]) -> bytes:
    pdf = _Report()
    pdf.set_title("Outcomes evaluation")
    pdf.add_page()
    _paragraph(pdf, "What changed for whom: outcomes evaluation", 16, "B")
    threshold = report["suppressionThreshold"]
    _paragraph(pdf, f"[c]: fewer than {threshold} people, hidden to protect them (and any"
                    " figure that would reveal it).", 9, "I")  # fmt: skip
    for s in scores:
        _paragraph(pdf, f"{s['instrumentName']}: {s['scoreName']}", 13, "B")
        _paragraph(pdf, s["headline"])
        if s["cost"]:
            _paragraph(pdf, _cost(s["cost"]), 9)
        for d in s["dimensions"]:
            _paragraph(pdf, d.name, 11, "B")
            _table(pdf, d.rows)
        _paragraph(pdf, f"Minimal important change: {s['micSource']}", 8)
    _paragraph(pdf, "Method", 12, "B")
    _paragraph(pdf, report["method"], 9)
    return bytes(pdf.output())


def _cost(cost: dict[str, Any]) -> str:
    per = cost["perPersonImproved"]
    amount = f"£{per:,.2f}" if per is not None else "not available (nobody improved, or hidden)"
    return f"Cost per person improved: {amount}. {cost['label'].capitalize()}."
