"""`Prefer: return=` on a create or a transaction (FHIR R4 http.html#ops): `minimal` answers
no body, `representation` the stored resource, `OperationOutcome` an outcome; the answer says
which it applied, and warnings about what was not kept are never dropped by the choice."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from kith_gateway.fhir.prefer import Return, preferred_return

from tests.helpers import fhir_gravity as gravity
from tests.helpers import fhir_resources as resources
from tests.helpers.fhir import Fhir
from tests.helpers.referrals import PRESCRIBER


async def _post_minimal(fhir: Fhir, body: dict[str, object]) -> tuple[int, bytes, dict[str, str]]:
    token = fhir.token(PRESCRIBER)
    headers = {"content-type": "application/fhir+json", "authorization": f"Bearer {token}"}
    response = await fhir.client.post(
        f"{fhir.url}/fhir/Task", json=body, headers={**headers, "prefer": "return=minimal"}
    )
    return response.status_code, response.content, dict(response.headers)


async def test_return_minimal_answers_no_body_but_where_it_lives(fhir: Fhir) -> None:
    await fhir.api.consent("PSN-0001")
    status, body, headers = await _post_minimal(fhir, resources.task())
    assert (status, body) == (201, b"")
    assert headers["preference-applied"] == "return=minimal"
    assert headers["etag"] == 'W/"2"'
    location = headers["location"].split("/fhir/")[1]
    status, task, _ = await fhir.call("GET", f"/fhir/{location}", PRESCRIBER)
    assert (status, task["resourceType"]) == (200, "Task")


async def test_return_minimal_still_says_what_was_not_kept(fhir: Fhir) -> None:
    await fhir.api.consent("PSN-0002")
    sent = gravity.gravity_task("PSN-0002", priority="urgent")
    status, body, headers = await _post_minimal(fhir, sent)
    assert (status, body) == (201, b"")
    assert headers["warning"].startswith("199 kith ")


async def test_return_representation_gives_the_task_even_with_warnings(fhir: Fhir) -> None:
    await fhir.api.consent("PSN-0002")
    sent = gravity.gravity_task("PSN-0002", priority="urgent")
    prefer = {"prefer": "return=representation"}
    status, task, headers = await fhir.call("POST", "/fhir/Task", PRESCRIBER, sent, prefer)
    assert status == 201, task
    assert task["resourceType"] == "Task"
    assert task["identifier"] == sent["identifier"]
    assert headers["preference-applied"] == "return=representation"
    assert "priority" in headers["warning"].lower()


async def test_return_operation_outcome_answers_an_outcome_even_when_all_was_kept(
    fhir: Fhir,
) -> None:
    await fhir.api.consent("PSN-0001")
    prefer = {"prefer": "return=OperationOutcome"}
    status, answer, headers = await fhir.call(
        "POST", "/fhir/Task", PRESCRIBER, resources.task(), prefer
    )
    assert status == 201, answer
    assert answer["resourceType"] == "OperationOutcome"
    assert [i["severity"] for i in answer["issue"]] == ["information"]
    assert headers["preference-applied"] == "return=OperationOutcome"
    again = await fhir.call("POST", "/fhir/Task", PRESCRIBER, resources.task(), prefer)
    assert again[0] == 201  # a new identifier: a new referral, answered the same way


async def test_a_transaction_returns_each_stored_resource_on_request(fhir: Fhir) -> None:
    prefer = {"prefer": "return=representation"}
    status, answer, headers = await fhir.call(
        "POST", "/fhir", PRESCRIBER, resources.bundle(), prefer
    )
    assert status == 200, answer
    assert headers["preference-applied"] == "return=representation"
    kinds = [e.get("resource", {}).get("resourceType") for e in answer["entry"]]
    assert kinds == [None, "ServiceRequest", "Consent", "Task"]  # the Patient is not stored
    for entry in answer["entry"][1:]:
        kind, where = entry["resource"]["resourceType"], entry["response"]["location"]
        assert where.startswith(f"{kind}/{entry['resource']['id']}")


async def test_a_transaction_gives_every_entry_an_outcome_on_request(fhir: Fhir) -> None:
    prefer = {"prefer": "return=OperationOutcome"}
    status, answer, _ = await fhir.call("POST", "/fhir", PRESCRIBER, resources.bundle(), prefer)
    assert status == 200, answer
    assert all(e["response"]["outcome"]["issue"] for e in answer["entry"])
    assert not any("resource" in e for e in answer["entry"])


@given(
    st.sampled_from(list(Return)),
    st.sampled_from(["", "respond-async, ", "wait=10, handling=lenient,"]),
)
def test_the_return_preference_is_read_among_others_in_any_case(
    choice: Return, before: str
) -> None:
    assert preferred_return(f"{before}RETURN={choice.value.upper()}") is choice
    assert preferred_return(f'{before}return="{choice.value}"; x=1') is choice


def test_an_unknown_preference_is_ignored_not_refused() -> None:
    for header in (None, "", "return=everything", "handling=strict", "return"):
        assert preferred_return(header) is None
