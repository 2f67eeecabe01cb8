"""Hypothesis strategies for feeds in the shape councils publish: HTML in descriptions,
supplier (`pc_*`) fields, broken-but-repairable URLs and emails, duplicate ids, shared
organisations; as ORUK 1.0-era records and as ORUK 3.0 services."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tests.helpers.oruk import service, uid

html_text = st.sampled_from(
    ["<p>Food &amp; friendship</p>", "Drop in <b>Tuesdays</b><br>10&ndash;12", "&lt;i&gt;Free&lt;/i&gt;", "Plain"]
)  # fmt: skip
urls = st.sampled_from(
    ["https://x.example.org/a?tab=profile&section=username", "http:www.example.co.uk",
     "https:/example.co.uk", "www.example.org/x", "not a url", "javascript:alert(1)", ""]
)  # fmt: skip
emails = st.sampled_from(["help@example.org", "help@example.co.uk.", "<a@b.org>", "nobody", "N/A"])
stamps = st.sampled_from(["2023-06-01T09:30:00.000+0000", "12/05/2022", "yesterday", 1700000000000])
items = st.lists(
    st.one_of(st.just("oops"), st.fixed_dictionaries({"id": st.integers(1, 9)})), max_size=3
)


@st.composite
def council_record(draw: st.DrawFn) -> dict[str, Any]:
    """An ORUK 1.0-era record as council feeds (Placecube, Open Objects) publish them."""
    record: dict[str, Any] = {"id": draw(st.integers(1, 6)), "name": draw(html_text)}
    optional = {
        "description": html_text, "url": urls, "email": emails, "fees": html_text,
        "modified": stamps, "assured_by": emails, "pc_targetAudience": st.lists(html_text, max_size=2),
        "deliverable_type": html_text, "pc_owner": st.text(max_size=5),
        "contacts": st.lists(st.fixed_dictionaries({"id": st.integers(1, 9), "name": html_text}), max_size=2),
        "regular_schedules": st.lists(st.fixed_dictionaries({"id": st.integers(1, 9), "weekday": st.sampled_from(["Monday", "Funday"]), "opens_at": st.sampled_from(["9am", "25:00"])}), max_size=2),
        "fundings": items, "languages": st.lists(st.fixed_dictionaries({"language": st.sampled_from(["Urdu", "", "Welsh"])}), max_size=2),
        "organization": st.fixed_dictionaries({"id": st.integers(1, 3), "name": html_text, "url": urls}),
    }  # fmt: skip
    for key in draw(st.sets(st.sampled_from(sorted(optional)))):
        record[key] = draw(optional[key])
    return record


# A broken-but-repairable website per shared organisation (a table holds one row per id).
ORG_SITES = {1: "http:www.example.co.uk", 2: "https:/example.co.uk", 3: "www.example.org/x"}


@st.composite
def council_service(draw: st.DrawFn) -> dict[str, Any]:
    """An ORUK 3.0 service with a council's habits (ids repeat across a feed on purpose)."""
    key = f"council/{draw(st.integers(1, 6))}"
    number = draw(st.integers(1, 3))
    org = f"council-org/{number}"
    needs = draw(st.sampled_from([("food",), ("food", "housing"), ()]))
    record = service(key, name=draw(html_text), org=org, needs=needs)
    record["description"] = draw(html_text)
    for attribute in record["attributes"]:  # an attribute row belongs to one service
        attribute["id"] = uid(f"attr/{key}/{attribute['taxonomy_term']['term']}")
    optional: dict[str, Any] = {
        "url": urls, "email": emails, "fees": html_text,
        "contacts": st.lists(
            st.builds(_contact, st.just(key), st.integers(1, 9), html_text, emails),
            max_size=2,
            unique_by=lambda c: str(c["id"]),  # one table row per id: see the CSV form
        ),
        "kith_supplier_fields": st.fixed_dictionaries({"pc_owner": st.text(max_size=5)}),
    }  # fmt: skip
    for name in draw(st.sets(st.sampled_from(sorted(optional)))):
        record[name] = draw(optional[name])
    record["organization"]["website"] = ORG_SITES[number]  # one organisation, one website
    return record


def _contact(service_key: str, number: int, name: str, email: str) -> dict[str, Any]:
    return {"id": uid(f"contact/{service_key}/{number}"), "name": name, "email": email}
