"""`make bench`: every benchmark, one after another, each printing its own table.

Each suite starts its own isolated Neo4j (and NATS where it needs one) from the same jars as
the tests, seeds what it measures, and compares the API with raw Cypher through the driver in
the same run. `--scale quick` (the default) runs every suite small enough to finish in well
under an hour on a 2-core machine; `--scale full` runs the sizes the issues name (20,000
services, 100,000 people for matching, England-scale insights), which takes hours there.

    make bench                                   # all suites, quick
    make bench BENCH_SCALE=full                  # the issues' sizes
    make bench BENCH=matching,insights           # some suites
    uv run python -m bench.matching --help       # one suite, any size
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Suite:
    name: str
    module: str
    quick: tuple[str, ...] = ()
    full: tuple[str, ...] = ()  # () = the module's own defaults


SUITES = (
    Suite("core", "bench", ("--services", "2000", "--queries", "100", "--referrals", "60")),
    Suite("directory", "bench.directory", ("--services", "2000", "--queries", "100")),
    Suite(
        "directory-export",
        "bench.directory_export",
        ("--services", "1000", "--validate"),
        ("--validate",),
    ),
    Suite("dedup", "bench.dedup_eval"),
    Suite(
        "matching",
        "bench.matching",
        ("--services", "2000", "--people", "10000", "--queries", "100"),
    ),
    Suite("matching-eval", "bench.matching_eval"),
    Suite("referral-transitions", "bench.referral_transitions", ("--referrals", "60")),
    Suite("router-sla", "bench.router_sla", ("--referrals", "60")),
    Suite(
        "notifications",
        "bench.notifications",
        ("--events", "200", "--endpoints", "1", "10", "--seconds", "5", "--raw", "1000"),
    ),
    Suite(
        "insights",
        "bench.insights",
        ("--services", "2000", "--people", "20000", "--referrals", "100000", "--repeat", "5"),
    ),
    Suite("outcomes", "bench.outcomes", ("--people", "100000", "--repeat", "5")),
    Suite("public", "bench.public", ("--services", "2000", "--queries", "100")),
    Suite("lead-pages", "bench.lead_pages", ("--repeat", "10")),
    Suite("web-render", "bench.web_render", ("--repeat", "10", "--referrals", "20")),
    Suite("imports", "bench.imports", ("--services", "2000", "--embed", "256")),
)


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--scale", choices=("quick", "full"), default="quick")
    parser.add_argument("--only", default="", help="comma-separated suite names (default: all)")
    return parser.parse_args()


def main() -> None:
    args = _args()
    wanted = {n.strip() for n in args.only.split(",") if n.strip()}
    unknown = wanted - {s.name for s in SUITES}
    if unknown:
        sys.exit(f"unknown suite(s) {sorted(unknown)}; choose from {[s.name for s in SUITES]}")
    failed = []
    for suite in SUITES:
        if wanted and suite.name not in wanted:
            continue
        extra = suite.quick if args.scale == "quick" else suite.full
        print(f"\n=== {suite.name}: python -m {suite.module} {' '.join(extra)}", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, "-m", suite.module, *extra])
        print(f"=== {suite.name}: exit {code} after {time.monotonic() - started:.0f}s", flush=True)
        if code:
            failed.append(suite.name)
    if failed:
        sys.exit(f"suites that failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
