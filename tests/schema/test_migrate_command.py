"""`kith-migrate`, the release's migrations job, as the job runs it: a console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kith_common.graph import Graph
from kith_common.settings import Settings

COMMAND = str(Path(sys.executable).parent / "kith-migrate")


def run(settings: Settings, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "KITH_ENV": "test", "NEO4J_URI": settings.neo4j_uri, **env}
    return subprocess.run(
        [COMMAND, *args], env=environment, capture_output=True, text=True, timeout=120, check=False
    )


async def test_check_lists_what_is_pending_and_a_run_applies_it(
    graph: Graph, settings: Settings
) -> None:
    done = run(settings, "--check")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"pending": []}

    await graph.execute("MATCH (m:SchemaMigration {version: 16}) DELETE m")
    waiting = run(settings, "--check")
    assert waiting.returncode == 3
    assert json.loads(waiting.stdout) == {"pending": ["V0016__referral_milestones"]}

    applied = run(settings)
    assert applied.returncode == 0, applied.stderr
    assert json.loads(applied.stdout.splitlines()[-1])["applied"] == [16]
    assert json.loads(run(settings, "--check").stdout) == {"pending": []}


def test_bad_configuration_is_a_clear_error_not_a_traceback(settings: Settings) -> None:
    refused = run(settings, KITH_ENV="production")
    assert refused.returncode == 2
    assert refused.stderr.startswith("kith-migrate: KITH_ENV=production needs NEO4J_PASSWORD")
    unreachable = run(settings, "--wait", "0", NEO4J_URI="bolt://127.0.0.1:9")
    assert unreachable.returncode == 2
    assert "did not answer" in unreachable.stderr
