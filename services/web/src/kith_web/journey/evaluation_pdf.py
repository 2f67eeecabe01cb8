"""The evaluation as a PDF for a board paper: each score's headline and every group's
figures, what [c] means, the method, a protective marking and page numbers (fpdf2, as the
equity audit's PDF)."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

from kith_web.board_pdf import MarkedReport, latin, paragraph


def _table(pdf: FPDF, rows: list[Any]) -> None:
    pdf.set_font("Helvetica", "", 8)
    with pdf.table(col_widths=(40, 20, 20, 20, 45, 35), text_align="LEFT") as table:
        table.row(["Group", "With baseline", "Followed up", "No follow-up",
                   "Mean change (95% CI)", "Reached the MIC"])  # fmt: skip
        for r in rows:
            table.row([latin(x) for x in (r.group, r.with_baseline, r.followed_up,
                                          r.no_follow_up, r.change, r.reached)])  # fmt: skip


def render(report: dict[str, Any], scores: list[dict[str, Any]]) -> bytes:
    pdf = MarkedReport()
    pdf.set_title("Outcomes evaluation")
    pdf.add_page()
    paragraph(pdf, "What changed for whom: outcomes evaluation", 16, "B")
    threshold = report["suppressionThreshold"]
    paragraph(pdf, f"[c]: fewer than {threshold} people, hidden to protect them (and any"
                    " figure that would reveal it).", 9, "I")  # fmt: skip
    for s in scores:
        paragraph(pdf, f"{s['instrumentName']}: {s['scoreName']}", 13, "B")
        paragraph(pdf, s["headline"])
        if s["cost"]:
            paragraph(pdf, _cost(s["cost"]), 9)
        for d in s["dimensions"]:
            paragraph(pdf, d.name, 11, "B")
            _table(pdf, d.rows)
        paragraph(pdf, f"Minimal important change: {s['micSource']}", 8)
    paragraph(pdf, "Method", 12, "B")
    paragraph(pdf, report["method"], 9)
    return bytes(pdf.output())


def _cost(cost: dict[str, Any]) -> str:
    per = cost["perPersonImproved"]
    amount = f"£{per:,.2f}" if per is not None else "not available (nobody improved, or hidden)"
    return f"Cost per person improved: {amount}. {cost['label'].capitalize()}."
