"""What an import did, for people: a summary table that lists every rejection and every
repair (nothing is summarised away), and the same as a CSV or JSON report file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from kith_directory.domain.feed import ImportSummary, Rejection

COLUMNS = ("outcome", "record", "path", "message")


def summary_table(summary: ImportSummary, seconds: float) -> str:
    lines = [
        f"{'created':<10}{summary.created:>8}",
        f"{'updated':<10}{summary.updated:>8}",
        f"{'unchanged':<10}{summary.unchanged:>8}",
        f"{'removed':<10}{summary.removed:>8}",
        f"{'rejected':<10}{len(summary.rejected):>8}",
        f"{'repairs':<10}{len(summary.notes):>8}",
        f"({summary.accepted + len(summary.rejected)} records in {seconds:.2f}s)",
    ]
    for title, entries in (("rejected", summary.rejected), ("repaired", summary.notes)):
        if entries:
            lines += ["", f"{title}:", f"{'record':<38}  {'path':<40}  message"]
            lines += [_line(entry) for entry in entries]
    return "\n".join(lines)


def _line(entry: Rejection) -> str:
    return f"{entry.record_id:<38}  {entry.json_path:<40}  {entry.message}"


def report_rows(summary: ImportSummary) -> list[dict[str, str]]:
    return [
        {"outcome": outcome, "record": e.record_id, "path": e.json_path, "message": e.message}
        for outcome, entries in (("rejected", summary.rejected), ("repaired", summary.notes))
        for e in entries
    ]


def write_report(summary: ImportSummary, path: Path) -> None:
    """`.json`: counts plus `rejected` and `repaired` lists; anything else: one CSV row each."""
    rows = report_rows(summary)
    if path.suffix.lower() == ".json":
        document = {
            "counts": {
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "removed": summary.removed,
            },
            "rejected": [r for r in rows if r["outcome"] == "rejected"],
            "repaired": [r for r in rows if r["outcome"] == "repaired"],
        }
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
        return
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
