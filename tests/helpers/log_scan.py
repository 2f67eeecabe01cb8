"""A scan of everything the whole test session logged for the synthetic people's details.

Personal data must never reach a log line (issue #14). Each test scans its own logs where it
knows what it sent; this plugin is the net under all of them: before the graph is emptied for
the next test (and at the end of the session) it remembers every person's pseudonymous
reference and every free-text detail stored about them ("what matters" to them, goals in their
own words, referral reasons), and it keeps every test's captured output (stdout, stderr and log
records, from passing tests too) and the log files of the programs tests ran as processes. When the session ends, any remembered detail found in that
output fails the run, naming the detail and the test whose output held it.

Short values are not looked for (a three-letter reference would match ordinary words), and the
test's own source is never scanned: only what the code under test wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pytest
from kith_common.graph import Graph

# Shorter details are too likely to occur by chance in ids, timestamps or words.
SHORTEST = 6
THIRD_PARTY = frozenset({"neo4j", "nats"})  # the servers' homes and log files

PERSONAL_DETAILS = """
MATCH (p:Person)
OPTIONAL MATCH (p)-[:HAS_GOAL]->(g:Goal)
OPTIONAL MATCH (r:Referral)-[:FOR]->(p)
WITH p, collect(DISTINCT g.words) + collect(DISTINCT r.reason) AS texts
RETURN collect(DISTINCT p.reference) + collect(DISTINCT p.what_matters)
       + reduce(all = [], t IN collect(texts) | all + t) AS details
"""


@dataclass
class LogScan:
    """Remembered details and captured output for one session."""

    details: set[str] = field(default_factory=set)
    outputs: list[tuple[str, str]] = field(default_factory=list)  # (test id, text)

    def remember(self, values: Iterable[object]) -> None:
        for value in values:
            if isinstance(value, str) and len(value.strip()) >= SHORTEST:
                self.details.add(value.strip())

    def keep(self, test_id: str, text: str) -> None:
        if text:
            self.outputs.append((test_id, text))

    def leaks(self) -> list[tuple[str, str]]:
        """(detail, test id) for every remembered detail found in captured output."""
        found: list[tuple[str, str]] = []
        for detail in sorted(self.details):
            for test_id, text in self.outputs:
                if detail in text:
                    found.append((detail, test_id))
                    break
        return found


SCAN = LogScan()


async def remember_people(graph: Graph) -> None:
    """Called before the graph is emptied: keep what the scan must look for."""
    rows = await graph.query(PERSONAL_DETAILS)
    SCAN.remember(rows[0]["details"] if rows else [])


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    SCAN.keep(report.nodeid, "\n".join(content for _name, content in report.sections))


def _keep_process_logs(config: pytest.Config) -> None:
    """Logs of the Kith programs tests started as processes (Neo4j's and NATS's own are not
    ours and record the queries they were sent)."""
    factory = getattr(config, "_tmp_path_factory", None)
    if factory is None:
        return
    for log in sorted(factory.getbasetemp().rglob("*.log")):
        if not THIRD_PARTY.intersection({*log.parts, log.stem}):
            SCAN.keep(str(log), log.read_text(errors="replace"))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _keep_process_logs(session.config)
    leaks = SCAN.leaks()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.ensure_newline()
        reporter.write_line(
            f"kith log scan: {len(SCAN.details)} personal details looked for in the output of "
            f"{len({test for test, _ in SCAN.outputs})} tests; {len(leaks)} found"
        )
        for detail, test_id in leaks:
            reporter.write_line(f"  personal detail {detail!r} in the logs of {test_id}", red=True)
    if leaks and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
