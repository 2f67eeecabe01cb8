"""A system lead can never reach an individual: every query in the whole gateway schema (and
the insights mutation) is called as a system lead against a graph full of people and
referrals, selecting every field it can return, and no person id, referral id or pseudonym
may appear in any answer. The insights types themselves have no field that could hold one."""

from __future__ import annotations

import json
import re
from typing import Any

import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
)
from kith_common.graph import Graph

from tests.helpers.insights import LEAD, A, Api

SECRETS = re.compile(r"person-E01|ref-E01|PSN-")
INSIGHTS = ("gapMap", "equityAudit", "checkEquity")


def _value(kind: Any, person_id: str) -> Any:
    kind = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
    if isinstance(kind, GraphQLList):
        return [_value(kind.of_type, person_id)]
    if isinstance(kind, GraphQLInputObjectType):
        if kind.name == "GeographyInput":
            return {"code": A}
        return {
            name: _value(f.type, person_id)
            for name, f in kind.fields.items()
            if isinstance(f.type, GraphQLNonNull)
        }
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    return {"Int": 5, "Float": 2.5, "Boolean": False}.get(kind.name, person_id)


def _selection(kind: Any, depth: int = 0) -> str:
    named = get_named_type(kind)
    if isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return ""
    if depth > 5:
        return "{ __typename }"
    if isinstance(named, GraphQLUnionType):
        parts = " ".join(f"... on {t.name} {_selection(t, depth + 1)}" for t in named.types)
        return f"{{ __typename {parts} }}"
    fields = []
    for name, field in named.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
            continue  # a nested field needing arguments: not reachable by a plain walk
        fields.append(f"{name} {_selection(field.type, depth + 1)}")
    return "{ " + " ".join(fields) + " }"


def _operation(root: str, name: str, field: Any, person_id: str) -> tuple[str, dict[str, Any]]:
    required = {n: a for n, a in field.args.items() if isinstance(a.type, GraphQLNonNull)}
    decl = ", ".join(f"${n}: {a.type}" for n, a in required.items())
    args = ", ".join(f"{n}: ${n}" for n in required)
    head = f"{root}({decl})" if decl else root
    call = f"{name}({args})" if args else name
    variables = {n: _value(a.type, person_id) for n, a in required.items()}
    return f"{head} {{ {call} {_selection(field.type)} }}", variables


async def test_no_answer_to_a_system_lead_names_anyone(
    area: Graph,
    api: Api,
    schema: strawberry.Schema,
) -> None:
    graphql_schema = schema._schema
    assert graphql_schema.query_type
    assert graphql_schema.mutation_type
    people = await area.query("MATCH (p:Person) RETURN p.id AS id ORDER BY id LIMIT 1")
    referrals = await area.query("MATCH (r:Referral) RETURN r.id AS id ORDER BY id LIMIT 1")
    answered = set()
    targets = [("query", n, f) for n, f in graphql_schema.query_type.fields.items()]
    targets += [("mutation", "checkEquity", graphql_schema.mutation_type.fields["checkEquity"])]
    for root, name, field in targets:
        for some_id in (people[0]["id"], referrals[0]["id"]):
            query, variables = _operation(root, name, field, some_id)
            body = await api.run(query, variables, LEAD)
            text = json.dumps(body["data"])
            assert not SECRETS.search(text), (name, text[:500])
            if body.get("data") and body["data"].get(name) and "errors" not in body:
                answered.add(name)
    assert set(INSIGHTS) <= answered  # the walk really reached the aggregates


def test_insights_types_have_no_field_that_could_hold_an_individual(
    schema: strawberry.Schema,
) -> None:
    graphql_schema = schema._schema
    assert graphql_schema.query_type
    assert graphql_schema.mutation_type
    seen: set[str] = set()
    todo = [graphql_schema.query_type.fields[n].type for n in ("gapMap", "equityAudit")]
    todo.append(graphql_schema.mutation_type.fields["checkEquity"].type)
    suspicious = re.compile(r"(^id$|Id$|^person|^referral$|^history$|pseudonym|reference)", re.I)
    allowed = {"organisationId"}  # an organisation, not a person (the caller's own, or none)
    while todo:
        named = get_named_type(todo.pop())
        if named.name in seen:
            continue
        seen.add(named.name)
        if isinstance(named, GraphQLUnionType):
            todo.extend(named.types)
        elif isinstance(named, GraphQLObjectType):
            for fname, f in named.fields.items():
                assert fname in allowed or not suspicious.search(fname), (named.name, fname)
                todo.append(f.type)
    assert {"GapMap", "LsoaGap", "EquityAudit", "EquityGroup"} <= seen
