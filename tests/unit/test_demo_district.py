"""The synthetic demo directory: deterministic, realistic, and valid Open Referral UK 3.0."""

from __future__ import annotations

import json
import math
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from jsonschema.validators import validator_for  # type: ignore[import-untyped]
from kith_devstack.demo_catalogue import KINDS, RP_MODULES
from kith_devstack.demo_district import (
    NAMESPACE,
    NEEDS,
    REFERENCE_TIME,
    AreaRow,
    generate_directory,
    needs_taxonomy,
    read_areas,
    uid,
)
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[2]
AREAS = ROOT / "data/areas"
SCHEMAS = ROOT / "standards/oruk-3.0/schema"
CRAVEN = "E07000163"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
PHONE = re.compile(r"01632 960\d{3}|0113 496 0\d{3}|07700 900\d{3}")  # Ofcom drama ranges
POSTCODE = re.compile(r"[A-Z]{1,2}\d{1,2} \d[ABD-HJLNP-UW-Z]{2}")

# jsonschema checks "date-time" and "uri" only with optional extras (rfc3339-validator,
# rfc3987) that the workspace does not install, so register strict stand-ins.
CHECKER = FormatChecker()


@CHECKER.checks("date-time", raises=ValueError)  # type: ignore[untyped-decorator]
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return RFC3339.fullmatch(value) is not None


@CHECKER.checks("uri")  # type: ignore[untyped-decorator]
def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc) and not re.search(r"\s", value)


@cache
def bradford() -> list[AreaRow]:
    return read_areas(AREAS / "bradford_craven_lsoa2011_imd2019.csv")


@cache
def england() -> list[AreaRow]:
    return read_areas(AREAS / "england_lsoa2011_imd2019.csv.gz")


@cache
def directory() -> list[dict[str, Any]]:
    return generate_directory(bradford())


@cache
def registry() -> Registry:
    return Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text()), DRAFT202012))
        for p in SCHEMAS.glob("*.json")
    )


@cache
def service_validator() -> Any:
    schema = json.loads((SCHEMAS / "compiled/service.json").read_text())
    cls = validator_for(schema, default=Draft202012Validator)  # the schema declares no $schema
    cls.check_schema(schema)
    return cls(schema, format_checker=CHECKER)


def part_validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    return Draft202012Validator(schema, registry=registry(), format_checker=CHECKER)


def walk(obj: Any) -> Iterator[dict[str, Any]]:
    if isinstance(obj, dict):
        yield obj
        for value in obj.values():
            yield from walk(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from walk(value)


def location(service: dict[str, Any]) -> dict[str, Any]:
    loc: dict[str, Any] = service["service_at_locations"][0]["location"]
    return loc


def test_read_areas_reads_both_files() -> None:
    local, national = bradford(), england()
    assert len(local) == 342
    assert len(national) == 32_844
    assert {a.lad_name for a in local} == {"Bradford", "Craven"}
    assert 580_000 < sum(a.population for a in local) < 590_000
    first = local[0]
    assert isinstance(first.imd_decile, int)
    assert isinstance(first.lat, float)
    assert 0 <= first.share("pakistani") <= 1


def test_uid_is_uuid5_of_the_fixed_namespace() -> None:
    for name in ("need/pain", "org/food-bank/E01010568/0", ""):
        assert uid(name) == str(uuid.uuid5(NAMESPACE, name))


def test_needs_taxonomy_is_a_valid_oruk_taxonomy() -> None:
    taxonomy = needs_taxonomy()
    assert taxonomy["name"] == "Kith needs"
    assert not list(part_validator("taxonomy.json").iter_errors(taxonomy))
    codes = [n.code for n in NEEDS]
    assert 16 <= len(codes) <= 20
    assert len(set(codes)) == len(codes)
    assert {"pain", "sleep", "loneliness", "debt", "faith-support", "carers"} <= set(codes)
    assert [t["term"] for t in taxonomy["taxonomy_terms"]] == codes
    assert taxonomy == needs_taxonomy()


def test_same_seed_is_byte_identical_and_another_seed_differs() -> None:
    once = json.dumps(generate_directory(bradford(), seed=7), sort_keys=True)
    again = json.dumps(generate_directory(list(bradford()), seed=7), sort_keys=True)
    assert once == again
    assert json.dumps(generate_directory(bradford(), seed=8), sort_keys=True) != once


def test_counts_match_the_request() -> None:
    services = directory()
    assert len(services) == 300
    assert len({s["organization_id"] for s in services}) == 120
    small = generate_directory(bradford(), services=40, organisations=15, seed=3)
    assert len(small) == 40
    assert len({s["organization_id"] for s in small}) == 15
    assert generate_directory([], services=10) == []


def test_every_service_validates_against_the_compiled_oruk_schema() -> None:
    validator, phones = service_validator(), part_validator("phone.json")
    for service in directory():
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(service)]
        assert not errors, (service["name"], errors[:5])
        for contact in service["contacts"]:
            for phone in contact["phones"]:
                assert not list(phones.iter_errors(phone))


def test_format_checking_is_really_on() -> None:
    good = directory()[0]
    for path, bad in (
        (("id",), "not-a-uuid"),
        (("email",), "nobody"),
        (("last_modified",), "yesterday"),
        (("url",), "no scheme"),
    ):
        broken = json.loads(json.dumps(good))
        broken[path[0]] = bad
        assert list(service_validator().iter_errors(broken)), path


def test_kinds_are_realistic() -> None:
    services = directory()
    kinds = Counter(s["kith_kind"] for s in services)
    assert {k.code for k in KINDS} | {"rethinking-pain"} == set(kinds)
    orgs = Counter({s["organization_id"]: s["kith_kind"] for s in services}.values())
    assert orgs["gp-practice"] >= 10
    assert orgs["food-bank"] >= 5
    assert orgs["faith-group"] >= 8
    for service in services:
        ods = [
            i
            for i in service["organization"]["organization_identifiers"]
            if i["identifier_type"] == "ODS code"
        ]
        if service["kith_kind"] == "gp-practice":
            assert re.fullmatch(r"B8[23]\d{3}", ods[0]["identifier"])
        else:
            assert not ods
    faiths = " ".join(
        s["organization"]["name"] for s in services if s["kith_kind"] == "faith-group"
    )
    assert "Church" in faiths
    assert "Masjid" in faiths or "Islamic" in faiths


def test_rethinking_pain_has_every_tier_and_module_once() -> None:
    pain = [s for s in directory() if s["kith_kind"] == "rethinking-pain"]
    assert Counter(s["kith_tier"] for s in pain) == {1: 1, 2: 10, 3: 1}
    modules = Counter(s["name"] for s in pain if s["kith_tier"] == 2)
    assert modules == Counter(m.name for m in RP_MODULES)
    assert "Rethinking Pain: Sleep Therapy" in modules
    assert all(s["kith_area_codes"] == ["E08000032", CRAVEN] for s in pain)
    assert all(s["kith_tier"] is None for s in directory() if s["kith_kind"] != "rethinking-pain")


def test_needs_and_extensions_are_coherent() -> None:
    codes = {n.code: uid(f"need/{n.code}") for n in NEEDS}
    for s in directory():
        needs = [a["taxonomy_term"]["term"] for a in s["attributes"]]
        assert 1 <= len(needs) <= 3
        assert all(
            a["taxonomy_term_id"] == codes[a["taxonomy_term"]["term"]] for a in s["attributes"]
        )
        assert s["kith_capacity_status"] in {"open", "waitlist", "closed", "additional-assessment"}
        (cap,) = s["service_capacity"]
        assert set(cap) == {"id", "unit", "available", "maximum", "updated"}
        assert cap["unit"] == "places"
        assert 0 <= cap["available"] <= cap["maximum"]
        assert (cap["available"] > 0) == (s["kith_capacity_status"] == "open") or (
            s["kith_capacity_status"] == "additional-assessment"
        )
        if s["status"] != "active":
            assert s["kith_capacity_status"] == "closed"
        assert isinstance(s["kith_self_referral"], bool)
        gender = s["kith_eligibility"]["gender"]
        assert gender == {"mens-shed": "male", "womens-group": "female"}.get(s["kith_kind"], gender)
        assert gender in (None, "male", "female")
        assert s["kith_area_codes"] == [c for a in s["service_areas"] for c in a["kith_area_codes"]]
        assert all(a["uri"].endswith(a["kith_area_codes"][0]) for a in s["service_areas"])
        kind = s["kith_kind"]
        if kind == "faith-group":
            assert "faith-support" in needs or "food" in needs
        if kind == "food-bank":
            assert "food" in needs
    statuses = Counter(s["kith_capacity_status"] for s in directory())
    assert statuses["open"] > 0.6 * 300
    assert 0 < statuses["closed"] < statuses["waitlist"] < statuses["open"]
    assert Counter(s["status"] for s in directory())["active"] > 0.9 * 300
    assert any(
        a["kith_area_codes"][0].startswith("E02") for s in directory() for a in s["service_areas"]
    )


def test_listings_are_fresh_due_and_stale() -> None:
    ages: Counter[str] = Counter()
    for s in directory():
        modified = datetime.fromisoformat(s["last_modified"].replace("Z", "+00:00"))
        assert modified < REFERENCE_TIME
        assert date.fromisoformat(s["assured_date"]) == modified.date()
        age = REFERENCE_TIME - modified
        ages["fresh" if age < timedelta(183) else "due" if age < timedelta(365) else "stale"] += 1
    assert ages["fresh"] > ages["due"] > 0
    assert ages["stale"] > 0.1 * 300


def test_locations_contacts_and_links_look_real_but_are_fake() -> None:
    services = directory()
    by_code = {a.lsoa_code: a for a in bradford()}
    online = [s for s in services if location(s)["location_type"] == "virtual"]
    assert 0.05 * 300 <= len(online) <= 0.16 * 300
    for s in services:
        loc = location(s)
        assert loc["id"] == s["service_at_locations"][0]["location_id"]
        if loc["location_type"] == "virtual":
            assert "latitude" not in loc
            assert "addresses" not in loc
        else:
            area = by_code[loc["kith_lsoa_code"]]
            assert abs(loc["latitude"] - area.lat) < 0.003
            assert abs(loc["longitude"] - area.lon) < 0.005
            (address,) = loc["addresses"]
            assert address["country"] == "GB"
            assert POSTCODE.fullmatch(address["postal_code"]), address["postal_code"]
            assert address["postal_code"][:2] in {"BD", "LS", "LA"}
        for url in (s["url"], s["organization"]["website"]):
            assert urlsplit(url).hostname.endswith(".example.org")
        assert s["email"].endswith(".example.org")
        assert all(PHONE.fullmatch(p["number"]) for c in s["contacts"] for p in c["phones"])
        assert s["languages"][0]["name"] == "English"
        assert "When: " in s["description"]
        assert len(s["description"]) > 120
    assert any(
        a["kith_access"] == "hearing-loop"
        for s in services
        for a in location(s).get("accessibility", [])
    )
    assert any(o["amount"] > 0 for s in services for o in s.get("cost_options", []))


def test_languages_follow_the_census() -> None:
    by_code = {a.lsoa_code: a for a in bradford()}
    high, craven = [], []
    for seed in (7, 8, 9):
        for s in generate_directory(bradford(), seed=seed):
            code = location(s).get("kith_lsoa_code")
            if code is None:
                continue
            urdu = any(lang["code"] == "ur" for lang in s["languages"])
            if by_code[code].share("pakistani") >= 0.3:
                high.append(urdu)
            elif by_code[code].lad_code == CRAVEN:
                craven.append(urdu)
    assert len(high) > 50
    assert len(craven) > 20
    assert sum(high) / len(high) > 0.4
    assert sum(craven) / len(craven) < 0.05


SUBSET = [a for i, a in enumerate(bradford()) if i % 4 == 0 or a.lad_code == CRAVEN]


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    services=st.integers(1, 90),
    organisations=st.integers(1, 40),
)
def test_any_seed_gives_unique_ids_and_coordinates_inside_the_areas(
    seed: int, services: int, organisations: int
) -> None:
    out = generate_directory(SUBSET, services=services, organisations=organisations, seed=seed)
    assert len(out) == services
    assert len({s["id"] for s in out}) == services
    seen: dict[str, str] = {}
    for obj in walk(out):  # one id, one object: shared objects (org, venue, term) are identical
        if "id" in obj:
            body = json.dumps(obj, sort_keys=True)
            assert seen.setdefault(obj["id"], body) == body
    lat_pad = 1 / 111.32
    lon_pad = 1 / (111.32 * math.cos(math.radians(max(a.lat for a in SUBSET))))
    for obj in walk(out):
        if "latitude" in obj:
            assert min(a.lat for a in SUBSET) - lat_pad <= obj["latitude"]
            assert obj["latitude"] <= max(a.lat for a in SUBSET) + lat_pad
            assert min(a.lon for a in SUBSET) - lon_pad <= obj["longitude"]
            assert obj["longitude"] <= max(a.lon for a in SUBSET) + lon_pad


def test_england_wide_directory_is_valid() -> None:
    out = generate_directory(england(), services=2_000, organisations=800, seed=11)
    assert len(out) == 2_000
    assert len({location(s).get("kith_lsoa_code") for s in out}) > 500
    validator = service_validator()
    for s in out[::10]:
        assert not list(validator.iter_errors(s)), s["name"]
    codes = [a["postal_code"] for s in out for a in location(s).get("addresses", [])]
    assert all(POSTCODE.fullmatch(c) for c in codes)
