"""Neo4j's own `neo4j-admin`, run from the Maven Central jars the local stack already uses
(the `org.neo4j.cli.AdminTool` entry point of neo4j-command-line + neo4j-dbms), against a
local store's home directory. Offline backup and restore, as production does it with the
`neo4j-admin` of its Neo4j install (deploy/README.md, "Backup and restore"):

    python -m kith_devstack.neo4j_admin --home .state/neo4j database dump neo4j --to-path=backups
    python -m kith_devstack.neo4j_admin --home /fresh/home database load neo4j --from-path=backups

The database must be stopped (`make up` not running) while it is dumped or loaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from kith_devstack.processes import JAVA_FLAGS, ensure_neo4j_built


def command(*args: str) -> list[str]:
    target = ensure_neo4j_built()
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("a Java 17+ runtime (`java`) is needed to run neo4j-admin")
    classpath = f"{target / 'classes'}{os.pathsep}{target / 'lib' / '*'}"
    return [java, "-Xmx512m", *JAVA_FLAGS, "-cp", classpath, "org.neo4j.cli.AdminTool", *args]


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`neo4j-admin ARGS` with NEO4J_HOME=home; the output is captured."""
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NEO4J_HOME": str(home.resolve())}
    return subprocess.run(  # noqa: S603 (our java command line; args from our own callers)
        command(*args), env=env, capture_output=True, text=True, check=False
    )


def main() -> None:
    if len(sys.argv) < 4 or sys.argv[1] != "--home":
        sys.exit("usage: python -m kith_devstack.neo4j_admin --home DIR <neo4j-admin args>")
    done = run(Path(sys.argv[2]), *sys.argv[3:])
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
