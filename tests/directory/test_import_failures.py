"""A batch the graph refuses is rolled back whole, then retried record by record."""

from __future__ import annotations

import dataclasses

import pytest
from kith_common.graph import Graph
from kith_directory.handlers import Importer, import_services
from kith_directory.queries import service_writes

from tests.helpers.directory import count, events
from tests.helpers.oruk import service, uid


async def written_of(graph: Graph, key: str) -> int:
    """Nodes of the record `key` (service, location, service-at-location, schedule)."""
    parts = [uid(f"{kind}/{key}") for kind in ("service", "loc", "sal", "schedule")]
    return await count(graph, "(n) WHERE n.id IN $ids", ids=parts)


async def test_a_record_the_graph_refuses_is_rejected_and_nothing_of_it_is_written(
    importer: Importer,
) -> None:
    graph = importer.graph
    # Another term already holds the need code "food": linking a new "food" term violates
    # the unique need_code constraint half-way through the batch.
    await graph.execute("CREATE (:Need:TaxonomyTerm {id: 'someone-elses', code: 'food'})")
    records = [service("a", needs=("debt",)), service("b"), service("c", needs=("housing",))]
    summary = await import_services(dataclasses.replace(importer, batch_size=10), records, "f")
    assert summary.created == 2
    [rejection] = summary.rejected
    assert (rejection.record_id, rejection.json_path) == (uid("service/b"), "$")
    assert "could not be stored" in rejection.message
    assert "ConstraintValidationFailed" in rejection.message
    assert await written_of(graph, "b") == 0
    assert {e["service_id"] for e in await events(graph)} == {
        uid("service/a"),
        uid("service/c"),
    }


async def test_a_failing_step_late_in_a_batch_rolls_back_every_earlier_step(
    importer: Importer, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = importer.graph
    # Covering areas is the last link written; make it fail for every record that has one.
    monkeypatch.setattr(service_writes, "LINK_AREAS", "UNWIND $rows AS row RETURN 1 / 0 AS boom")
    records = [
        service("kept-1"),
        service("doomed-1", areas=("E08000032",)),
        service("kept-2"),
        service("doomed-2", areas=("E07000163",)),
    ]
    summary = await import_services(dataclasses.replace(importer, batch_size=4), records, "f")
    assert summary.created == 2
    assert sorted(r.record_id for r in summary.rejected) == sorted(
        [uid("service/doomed-1"), uid("service/doomed-2")]
    )
    for key in ("doomed-1", "doomed-2"):
        assert await written_of(graph, key) == 0
    assert await count(graph, "(:Service)") == 2
    assert len(await events(graph)) == 2
    assert await count(graph, "(:Organisation)") == 1
