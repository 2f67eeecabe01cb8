"""The Grafana dashboard (deploy/grafana/kith-dashboard.json) asks only for metrics Kith's
processes export, under the names they export them (a renamed metric fails here, not on an
operator's screen), and every metric Kith defines is on it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kith_common import metrics

SUFFIXES = ("_total", "_bucket", "_count", "_sum")


def asked_for(dashboard: dict[str, object]) -> set[str]:
    exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]  # type: ignore[attr-defined]
    return {name for expr in exprs for name in re.findall(r"\bkith_[a-z0-9_]+", expr)}


def test_the_dashboard_shows_every_kith_metric_under_its_exported_name(repo_root: Path) -> None:
    dashboard = json.loads((repo_root / "deploy/grafana/kith-dashboard.json").read_text())
    wanted = asked_for(dashboard)
    defined = {
        str(value._name)
        for value in vars(metrics).values()
        if hasattr(value, "_name") and str(getattr(value, "_name", "")).startswith("kith_")
    }
    assert wanted, "the dashboard queries nothing"
    for name in wanted:
        base = next((name.removesuffix(s) for s in SUFFIXES if name.endswith(s)), name)
        assert base in defined, f"the dashboard asks for {name}, which no process exports"
    shown = {next((n.removesuffix(s) for s in SUFFIXES if n.endswith(s)), n) for n in wanted}
    assert defined <= shown, f"not on the dashboard: {sorted(defined - shown)}"
