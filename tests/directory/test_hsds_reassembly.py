"""CSV tables -> nested records (pure): whatever a document holds, flattening it into the
HSDS tables, writing the CSVs, reading them back and reassembling gives the same document."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kith_directory.adapters.datapackage import read_package, write_package
from kith_directory.domain.conform import conform
from kith_directory.domain.flatten import flatten
from kith_directory.domain.reassemble import reassemble

from tests.helpers.hsds import layout

ids = st.uuids().map(str)
# Any text but NUL and lone surrogates: commas, quotes, CR/LF, padding, blanks, "" included.
text = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=12)
numbers = st.one_of(
    st.integers(-(10**20), 10**20), st.floats(allow_nan=False, allow_infinity=False)
)
json_values = st.recursive(
    st.none() | st.booleans() | numbers | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)


def obj(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    extra = st.dictionaries(st.sampled_from(["kith_x", "pc_y"]), json_values, max_size=1)
    base = st.fixed_dictionaries(required, optional=optional)
    return st.tuples(base, extra).map(lambda pair: {**pair[1], **pair[0]})


phone = obj({"id": ids, "number": text}, {"extension": numbers, "location_id": ids,
            "languages": st.lists(obj({"id": ids}, {"name": text, "code": text}), max_size=2)})  # fmt: skip
contact = obj({"id": ids}, {"name": text, "phones": st.lists(phone, max_size=2)})
schedule = obj({"id": ids}, {"freq": st.sampled_from(["WEEKLY", "MONTHLY"]), "opens_at": text,
               "byday": text, "interval": numbers})  # fmt: skip
taxonomy = obj({"id": ids, "name": text, "description": text}, {"uri": text})
term = obj({"id": ids, "name": text, "description": text},
           {"taxonomy": text, "taxonomy_id": ids, "taxonomy_detail": taxonomy, "parent_id": ids})  # fmt: skip
attribute = obj({"id": ids, "taxonomy_term": term}, {"value": text, "link_type": text})
address = obj({"id": ids, "address_1": text, "city": text, "state_province": text,
               "postal_code": text, "country": text, "address_type": text}, {})  # fmt: skip
location = obj({"id": ids, "location_type": st.sampled_from(["physical", "virtual"])},
               {"latitude": numbers, "name": text, "addresses": st.lists(address, max_size=2)})  # fmt: skip
sal = obj({"id": ids, "location": location}, {"schedules": st.lists(schedule, max_size=2)})
organization = obj({"id": ids, "name": text, "description": text},
                   {"organization_identifiers": st.lists(obj(
                       {"id": ids, "identifier_type": text, "identifier": text}, {}), max_size=2)})  # fmt: skip
service = obj(
    {"id": ids, "name": text, "status": st.sampled_from(["active", "inactive"])},
    {
        "organization": organization,
        "description": st.none() | text,
        "minimum_age": numbers,
        "phones": st.lists(phone, max_size=2),
        "contacts": st.lists(contact, max_size=2),
        "schedules": st.lists(schedule, max_size=2),
        "service_at_locations": st.lists(sal, max_size=2),
        "attributes": st.lists(attribute, max_size=2),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(service, min_size=1, max_size=3, unique_by=lambda s: s["id"]))
def test_flatten_write_read_reassemble_gives_the_documents_back(docs: list[dict[str, Any]]) -> None:
    flat = flatten(layout(), docs)
    if flat.conflicts:  # the same (random) id twice with different contents: not this test
        return
    conform(layout(), flat)  # as the export does: values no cell may hold go to the shapes
    with tempfile.TemporaryDirectory() as folder:
        package = write_package(layout(), flat, Path(folder) / "p")
        raw, shapes = read_package(package, layout())
    out = reassemble(layout(), raw, shapes)
    assert out.rejected == []
    assert out.records == docs


def test_a_row_belongs_to_its_most_specific_parent() -> None:
    phone = {"id": "p", "contact_id": "c", "service_id": "s", "number": "1"}
    assert layout().natural_parent("phone", phone) == ("contact", "c")
    attribute = {"id": "a", "link_entity": "location", "link_id": "l"}
    assert layout().natural_parent("attribute", attribute) == ("location", "l")
    assert layout().natural_parent("location", {"id": "l", "organization_id": "o"}) is None
    assert "location" in layout().entities
    assert "organization" in layout().entities
