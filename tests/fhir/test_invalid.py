"""Bad requests get a 4xx OperationOutcome that says what is wrong and where; nothing a
client sends makes the server fail (hypothesis throws random and mangled JSON at it)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.task import Task
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kith_gateway.fhir import handlers
from kith_gateway.fhir.bundle import referral_bundle
from kith_gateway.fhir.consent_in import consent_ask
from kith_gateway.fhir.inbound import contained_request, referral_ask
from kith_gateway.fhir.references import validate
from kith_gateway.fhir.refusals import EXPECTED, as_fhir
from kith_gateway.fhir.updates import transition_request

from tests.helpers import fhir_resources as resources
from tests.helpers.fhir import Fhir, nodes
from tests.helpers.referrals import PRESCRIBER, WORKER_B


def _without(path: list[Any]) -> dict[str, Any]:
    task = resources.task()
    target = task
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return task


def _with(path: list[Any], value: Any) -> dict[str, Any]:
    task = resources.task()
    target = task
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return task


CASES = [
    ("not a task", {"resourceType": "Patient"}, "Task.resourceType"),
    ("no status", _without(["status"]), "Task.status"),
    ("status not new", _with(["status"], "completed"), "Task.status"),
    ("unknown element", _with(["colour"], "red"), "Task.colour"),
    ("focus external", _with(["focus"], {"reference": "ServiceRequest/x"}), "Task.focus"),
    ("named person", _with(["for"], {"display": "Synthetic Person"}), "Task.for"),
    ("no service", _without(["contained", 0, "performer"]), "ServiceRequest.performer"),
    ("no home area", _without(["contained", 0, "extension"]), "ServiceRequest.extension"),
    ("not social prescribing", _with(["contained", 0, "code", "coding", 0, "code"], "123"),
     "ServiceRequest.code"),
    ("bad area", _with(["contained", 0, "extension", 0, "valueCoding", "code"], "X1"),
     "ServiceRequest.extension"),
    ("empty reason", _with(["contained", 0, "reasonCode"], [{"text": "  "}]),
     "ServiceRequest.reasonCode"),
    ("bad service id", _with(["contained", 0, "performer", 0, "reference"], "HealthcareService/x"),
     "ServiceRequest.performer"),
    ("no identifier", _without(["identifier"]), "Task.identifier"),
    ("untyped contained resource", _with(["contained", 0, "resourceType"], None), "Task"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "body", "where"), CASES, ids=[c[0] for c in CASES])
async def test_an_invalid_task_is_a_400_that_says_where(
    fhir: Fhir, name: str, body: dict[str, Any], where: str
) -> None:
    await fhir.api.consent("PSN-0001")
    before = await nodes(fhir.graph)
    status, outcome, _ = await fhir.call("POST", "/fhir/Task", PRESCRIBER, body)
    assert status == 400, outcome
    expressions = [e for i in outcome["issue"] for e in i.get("expression", [])]
    assert where in expressions, outcome
    assert await nodes(fhir.graph) == before


async def test_transport_problems_are_outcomes_too(fhir: Fhir) -> None:
    status, outcome, _ = await fhir.call("POST", "/fhir/Task", PRESCRIBER, raw=b"{nope")
    assert (status, outcome["issue"][0]["code"]) == (400, "invalid")
    plain = {"content-type": "text/plain"}
    assert (await fhir.call("POST", "/fhir/Task", PRESCRIBER, {}, plain))[0] == 415
    big = b'{"resourceType": "Task", "x": "' + b"a" * 300_000 + b'"}'
    assert (await fhir.call("POST", "/fhir/Task", PRESCRIBER, raw=big))[0] == 413
    assert (await fhir.call("GET", "/fhir/Patient/1", PRESCRIBER))[0] == 404
    assert (await fhir.call("PATCH", "/fhir/Task/1", PRESCRIBER, {}))[0] == 404
    assert (await fhir.call("POST", "/fhir/Task", WORKER_B, resources.task()))[0] == 403


async def test_the_capability_statement_describes_the_endpoint(fhir: Fhir) -> None:
    status, statement, _ = await fhir.call("GET", "/fhir/metadata", None)
    assert status == 200
    assert statement["resourceType"] == "CapabilityStatement"
    assert statement["fhirVersion"] == "4.0.1"
    kinds = {
        r["type"]: {i["code"] for i in r["interaction"]} for r in statement["rest"][0]["resource"]
    }
    assert kinds == {
        "Task": {"read", "vread", "create", "update"},
        "ServiceRequest": {"read", "vread"},
        "Consent": {"read"},
        "QuestionnaireResponse": {"read"},
    }


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    _containers,
    max_leaves=12,
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(doc, dict):
        for k, v in doc.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            found += _paths(v, (*prefix, i))
    return found


@st.composite
def mangled(draw: st.DrawFn) -> Any:
    """A valid Task or Bundle with one element replaced by random JSON, or removed."""
    doc = copy.deepcopy(draw(st.sampled_from([resources.task(), resources.bundle()])))
    path = draw(st.sampled_from(_paths(doc)))
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    if draw(st.booleans()):
        parent[path[-1]] = draw(json_values)
    elif isinstance(parent, dict):
        del parent[path[-1]]
    return doc


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.one_of(json_values, mangled()),
    where=st.sampled_from([("POST", "/fhir/Task"), ("POST", "/fhir"), ("PUT", "/fhir/Task/x")]),
)
async def test_no_body_makes_the_server_fail(fhir: Fhir, body: Any, where: tuple[str, str]) -> None:
    headers = {"if-match": 'W/"2"'}
    raw = json.dumps(body).encode()
    status, resource, _ = await fhir.call(*where, PRESCRIBER, raw=raw, headers=headers)
    assert status < 500, resource  # `call` also checks the answer is a valid FHIR resource


def _parse_everything(body: Any) -> None:
    """What the routes do before any I/O, for each kind of request."""
    scope = handlers.refer_scope(PRESCRIBER)
    if isinstance(body, dict) and body.get("resourceType") == "Bundle":
        parts = referral_bundle(validate(Bundle, body))
        ask = referral_ask(parts.task, parts.request, parts.patients)
        if parts.consent is not None:
            handlers.new_consent(scope, consent_ask(parts.consent, parts.patients), "k-12345678")
    else:
        task = validate(Task, body)
        transition_request(task, "x", None, 2, None)
        ask = referral_ask(task, contained_request(task), {})
    handlers.new_referral(scope, ask, "k-12345678")


@settings(max_examples=400, deadline=None)
@given(body=st.one_of(json_values, mangled()))
def test_parsing_refuses_only_with_typed_errors(body: Any) -> None:
    """Without a server: many more shapes, and every refusal must be one the edge maps."""
    refused: int | None = None
    try:
        _parse_everything(body)
    except EXPECTED as exc:
        refused = as_fhir(exc).status
    assert refused in (None, 400, 422)
