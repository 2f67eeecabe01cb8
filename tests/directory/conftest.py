"""Directory fixtures: an importer over the clean test graph, with Bradford & Craven loaded."""

from __future__ import annotations

import pytest
from kith_common.graph import Graph
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import Importer, load_areas

from tests.helpers.oruk import BRADFORD, ORUK


@pytest.fixture
async def importer(graph: Graph) -> Importer:
    await load_areas(graph, area_csv_rows(BRADFORD))
    return build_importer(graph, ORUK)
