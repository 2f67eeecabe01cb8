"""Helpers for the HSDS export / tabular import tests."""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path
from typing import Any

from kith_common.graph import Graph
from kith_directory.adapters.datapackage import hsds_layout
from kith_directory.domain.hsds_tables import Layout

from tests.helpers.oruk import REPO, load_json

HSDS = REPO / "standards" / "hsds-3.0"
ORUK1_FIXTURE = Path(__file__).parents[1] / "directory" / "fixtures" / "oruk1_messy.json"

# Everything an import writes, and nothing else (areas and migrations stay).
WIPE_DIRECTORY = """
MATCH (n) WHERE n:Service OR n:Organisation OR n:Location OR n:ServiceAtLocation
  OR n:Schedule OR n:TaxonomyTerm OR n:Taxonomy OR n:Language OR n:Feed OR n:Outbox
DETACH DELETE n
"""


@cache
def layout() -> Layout:
    return hsds_layout(HSDS)


def oruk1_feed() -> Any:
    return load_json(ORUK1_FIXTURE)


async def wipe_directory(graph: Graph) -> None:
    await graph.execute(WIPE_DIRECTORY)


async def stored_services(graph: Graph) -> dict[str, tuple[str, str]]:
    """id -> (content hash, ORUK document as stored) of every listed service."""
    rows = await graph.query(
        "MATCH (s:Service) WHERE NOT coalesce(s.removed_from_feed, false) "
        "RETURN s.id AS id, s.content_hash AS hash, s.oruk_json AS doc"
    )
    return {row["id"]: (row["hash"], row["doc"]) for row in rows}


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def write_csv(
    path: Path, rows: list[dict[str, Any]], *, bom: bool = False, crlf: bool = False
) -> None:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\r\n" if crlf else "\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")
