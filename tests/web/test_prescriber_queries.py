"""Every GraphQL document the prescriber's pages send is valid against the gateway's schema,
so a query the gateway would refuse (say, a fragment on a type its union cannot hold) fails
here, not as a "something went wrong" page in front of a prescriber."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema, build_schema, parse, validate
from kith_gateway.schema import sdl
from kith_web.prescriber import caseload, matches, people, person, referring

DOCUMENTS = {
    "caseload": caseload.CASELOAD,
    "matches": matches.MATCHES,
    "home areas": people.AREAS,
    "profile": people.PROFILE,
    "person page": person.PERSON,
    "person fingerprint": person.FINGERPRINT,
    "proposal": person.PROPOSAL,
    "person to refer": referring.PERSON,
    "refer": referring.REFER,
    "record consent": referring.CONSENT,
    **{
        f"{answer} a proposal": referring.DECIDE.format(name=name, done=done)
        for answer, (name, done) in referring.DECIDED.items()
    },
}


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_schema(sdl())


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_page_asks_the_gateway_a_valid_question(schema: GraphQLSchema, name: str) -> None:
    problems = [e.message for e in validate(schema, parse(DOCUMENTS[name]))]
    assert problems == []
