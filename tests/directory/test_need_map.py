"""A feed's own taxonomy terms (ORUK 1.0 LGA/esd vocabularies, ORUK 3.0 supplier taxonomies)
mapped onto the Kith needs taxonomy through the reviewed table shipped with the directory."""

from __future__ import annotations

import csv
import io
from importlib import resources

import pytest
from kith_devstack.demo_catalogue import NEEDS
from kith_directory.adapters.need_maps import load_need_map
from kith_directory.domain.need_map import NeedMap, NeedMapError, normalise
from kith_directory.handlers import Importer, import_services

from tests.helpers.hsds import oruk1_feed
from tests.helpers.oruk import service, uid


def _map(*rows: str) -> NeedMap:
    text = "match,taxonomy,value,needs\n" + "\n".join(rows)
    return NeedMap.from_rows(csv.DictReader(io.StringIO(text)))


def test_names_are_compared_normalised() -> None:
    assert normalise("  Money & Debt!! ") == normalise("money and debt") == "money and debt"
    assert load_need_map().needs_for({"name": "MONEY  &  DEBT"}) == ("debt",)


def test_uri_beats_code_beats_name_and_a_taxonomys_own_row_beats_any_taxonomys() -> None:
    need_map = _map(
        "name,,housing,housing",
        "code,,H1,employment",
        "uri,,https://example.org/t/h1/,carers",
        "name,LGA needs,housing,debt",
    )
    assert need_map.needs_for({"name": "Housing"}) == ("housing",)
    assert need_map.needs_for({"name": "Housing", "code": "h1"}) == ("employment",)
    term = {"name": "Housing", "code": "H1", "term_uri": "https://example.org/t/h1"}
    assert need_map.needs_for(term) == ("carers",)
    assert need_map.needs_for({"name": "Housing", "taxonomy": "LGA Needs"}) == ("debt",)


def test_a_reviewed_row_without_needs_maps_to_none() -> None:
    assert load_need_map().needs_for({"name": "Health and wellbeing"}) == ()
    assert load_need_map().needs_for({"name": "Something nobody reviewed"}) == ()


def test_the_shipped_table_names_only_real_kith_needs() -> None:
    text = resources.files("kith_directory").joinpath("data/need_map.csv").read_text("utf-8")
    NeedMap.from_rows(csv.DictReader(io.StringIO(text)), known_needs=[n.code for n in NEEDS])
    with pytest.raises(NeedMapError, match="line 2: unknown Kith needs"):
        NeedMap.from_rows([{"match": "name", "value": "x", "needs": "nope"}], known_needs=["food"])
    with pytest.raises(NeedMapError, match="line 2: needs match"):
        NeedMap.from_rows([{"match": "label", "value": "x", "needs": ""}])


async def _meets(importer: Importer, source_id: str) -> list[tuple[str, list[str] | None]]:
    rows = await importer.graph.query(
        "MATCH (s:Service {source_id: $source})-[m:MEETS]->(n:Need) "
        "RETURN n.code AS code, m.mapped_from AS via ORDER BY code",
        source=source_id,
    )
    return [(row["code"], row["via"]) for row in rows]


async def test_oruk1_services_meet_the_kith_needs_their_terms_map_to(importer: Importer) -> None:
    kith_needs = service("needs-carrier", needs=("food", "debt"))
    await import_services(importer, [kith_needs], "kith")
    await import_services(importer, oruk1_feed(), "council")
    terms = await importer.graph.query(
        "MATCH (s:Service)-[:CLASSIFIED_AS]->(t:TaxonomyTerm) RETURN s.source_id AS s, t.id AS t"
    )
    terms_of: dict[str, set[str]] = {}
    for row in terms:  # a service also carries its supplier attributes' terms (#20)
        terms_of.setdefault(row["s"], set()).add(row["t"])
    # "Food banks" (esdServiceTypes) and "Debt advice" (esdNeeds) in the council's feed
    for source_id, need in (("101", "food"), ("ABC-102", "debt")):
        meets = await _meets(importer, source_id)
        assert [code for code, _ in meets] == [need]
        via = meets[0][1]
        assert via is not None
        assert len(via) == 1
        assert via[0] in terms_of[source_id]


async def test_an_oruk3_feed_with_its_own_taxonomy_meets_kith_needs(importer: Importer) -> None:
    await import_services(importer, [service("needs-carrier", needs=("housing",))], "kith")
    own = service("lga", needs=())
    term = {"id": uid("lga/housing"), "name": "Homelessness & Housing", "description": "LGA",
            "taxonomy": "LGA needs"}  # fmt: skip
    own["attributes"] = [{"id": uid("lga/attr"), "taxonomy_term": term}]
    await import_services(importer, [own], "lga-feed")
    assert await _meets(importer, own["id"]) == [("housing", [term["id"]])]
    rows = await importer.graph.query(
        "MATCH (:Service {id: $id})-[:CLASSIFIED_AS]->(t:TaxonomyTerm) RETURN t.id AS id",
        id=own["id"],
    )
    assert rows == [{"id": term["id"]}]  # the feed's own term is kept as well


async def test_a_need_the_graph_does_not_hold_is_not_invented(importer: Importer) -> None:
    own = service("lonely", needs=())
    term = {"id": uid("t/lonely"), "name": "Befriending", "description": "x", "taxonomy": "x"}
    own["attributes"] = [{"id": uid("a/lonely"), "taxonomy_term": term}]
    summary = await import_services(importer, [own], "feed")
    assert summary.created == 1
    assert await importer.graph.query("MATCH (n:Need) RETURN n") == []
