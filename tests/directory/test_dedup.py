"""De-duplication across feeds: the detector on small constructed cases (pure), and on the
real graph: linked, read as one service with both sources, confirmed or split by a lead."""

from __future__ import annotations

from typing import Any

import httpx
from hypothesis import given
from hypothesis import strategies as st
from kith_common.auth import Role
from kith_directory.api import create_app
from kith_directory.deduplicate import deduplicate
from kith_directory.domain.dedup import Fingerprint, find_matches, name_similarity, score
from kith_directory.domain.matching_keys import phone_key, web_key
from kith_directory.handlers import Importer, import_services

from tests.helpers.directory_gateway import SERVICES, Gateway, staff
from tests.helpers.oruk import service, uid

BASE = Fingerprint(
    id="a", feed_id="council", name="Shipley Community Food Bank",
    phones=frozenset({"01274960123"}), emails=frozenset({"help@shipleyfood.example.org"}),
    webs=frozenset({"shipleyfood.example.org"}), postcodes=frozenset({"BD18 3AA"}),
    points=((53.8330, -1.7740),), created="1",
)  # fmt: skip


def other(**changes: Any) -> Fingerprint:
    return Fingerprint(**{**BASE.__dict__, "id": "b", "feed_id": "nhs", "created": "2", **changes})


def test_phone_and_url_spellings_normalise() -> None:
    for spelling in ("01274 960123", "+44 1274 960123", "(01274) 960-123", "0044 (0)1274960123"):
        assert phone_key(spelling) == "01274960123"
    assert phone_key("01274 960123 ext 4") == "01274960123"
    assert phone_key("999") is None
    assert web_key("HTTPS://www.Example.org/Food/") == web_key("example.org/food")


def test_the_same_service_spelt_differently_is_linked_automatically() -> None:
    twin = other(name="Food Bank, Shipley Comunity", phones=frozenset({"01274960123"}))
    match = score(BASE, twin)
    assert match is not None
    assert (match.duplicate, match.canonical, match.status) == ("b", "a", "auto")
    assert {"phone", "email", "web", "postcode", "proximity"} <= set(match.signals)


def test_a_sibling_service_sharing_everything_but_its_name_is_not() -> None:
    sibling = other(name="Shipley Debt and Money Advice")
    assert score(BASE, sibling) is None


def test_same_name_far_away_is_only_suggested_at_most() -> None:
    elsewhere = other(
        phones=frozenset(), emails=frozenset(), webs=frozenset(), postcodes=frozenset(),
        points=((51.5, -0.12),),
    )  # fmt: skip
    match = score(BASE, elsewhere)
    assert match is None or match.status == "suggested"


def test_same_feed_never_links() -> None:
    assert score(BASE, other(feed_id="council")) is None
    assert find_matches([BASE, other(feed_id="council")]) == []


@given(st.text(max_size=30), st.text(max_size=30))
def test_name_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    assert 0 <= name_similarity(a, b) <= 1
    assert name_similarity(a, b) == name_similarity(b, a)


@given(st.permutations(["shipley", "community", "food", "bank"]))
def test_word_order_does_not_matter(words: list[str]) -> None:
    assert name_similarity("Shipley Community Food Bank", " ".join(words)) == 1


def council_and_nhs() -> tuple[dict[str, Any], dict[str, Any]]:
    council = service("larder", name="Shipley Community Larder", lat=53.8330, lon=-1.7740)
    council["url"] = "https://shipleylarder.example.org"
    council["contacts"] = [
        {"id": uid("c1"), "phones": [{"id": uid("p1"), "number": "01274 960123"}]}
    ]
    nhs = service(
        "nhs-larder", name="Community Larder Shipley", org="nhs-org", lat=53.8331, lon=-1.7741
    )
    nhs["url"] = "http://www.shipleylarder.example.org/"
    nhs["contacts"] = [
        {"id": uid("c2"), "phones": [{"id": uid("p2"), "number": "+44 1274 960123"}]}
    ]
    return council, nhs


async def test_readers_see_one_service_with_both_sources_until_a_lead_splits_it(
    importer: Importer,
) -> None:
    council, nhs = council_and_nhs()
    await import_services(importer, [council, service("other")], "council")
    await import_services(importer, [nhs], "nhs")
    summary = await deduplicate(importer.graph)
    assert (summary.auto, summary.suggested) == (1, 0)
    gateway, lead = Gateway(importer.graph), staff("ics", Role.SYSTEM_LEAD, user="lead-1")
    found = await gateway.ok(SERVICES, {"search": "larder"})
    [node] = [edge["node"] for edge in found["edges"]]
    assert node["id"] == council["id"]
    assert {s["feedId"] for s in node["sources"]} == {"council", "nhs"}
    transport = httpx.ASGITransport(app=create_app(importer.graph))
    async with httpx.AsyncClient(transport=transport, base_url="http://d.test") as client:
        listed = (await client.get("/services")).json()
        assert {s["id"] for s in listed["contents"]} == {council["id"], uid("service/other")}
        assert (await client.get(f"/services/{nhs['id']}")).status_code == 200

        decide = """mutation($i: DecideDuplicateInput!) { decideDuplicate(input: $i) {
            __typename ... on DuplicateDecided { status } } }"""
        pair = {"duplicateId": nhs["id"], "canonicalId": council["id"]}
        refused = await gateway.run(
            decide, {"i": {**pair, "decision": "SPLIT"}}, staff("x", Role.ORG_ADMIN)
        )
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        split = await gateway.ok(decide, {"i": {**pair, "decision": "SPLIT"}}, lead)
        assert split == {"__typename": "DuplicateDecided", "status": "split"}
        again = await deduplicate(importer.graph)
        assert again.auto == 1  # still detected, but the lead's decision stands
        listed = (await client.get("/services")).json()
        assert len(listed["contents"]) == 3
        confirmed = await gateway.ok(decide, {"i": {**pair, "decision": "CONFIRM"}}, lead)
        assert confirmed["status"] == "confirmed"
        assert (await client.get("/services")).json()["total_items"] == 2
    [link] = await importer.graph.query(
        "MATCH (a)-[r:SAME_AS]->(b) RETURN a.id AS a, b.id AS b, r.status AS status,"
        " r.decided_by AS by, r.signals AS signals"
    )
    assert (link["a"], link["b"], link["status"], link["by"]) == (
        nhs["id"],
        council["id"],
        "confirmed",
        "lead-1",
    )
    assert {"phone", "web", "proximity"} <= set(link["signals"])
