"""Outcome measures over FHIR: a GP (clinician) of the holding practice reads a PHQ-9 as a
QuestionnaireResponse with its score as an LOINC-coded Observation; other organisations and
roles that do not work with the person are refused."""

from __future__ import annotations

from kith_common.auth import Role

from tests.helpers.fhir import Fhir
from tests.helpers.outcomes import RECORD_MEASURE, add_person, phq9
from tests.helpers.referrals import ORG_A, PRESCRIBER, principal

GP = principal(ORG_A, Role.CLINICIAN, user="gp-a")
OTHER_GP = principal("org-housing-c", Role.CLINICIAN, user="gp-c")
LEAD = principal(ORG_A, Role.SYSTEM_LEAD, user="lead")


async def test_a_gp_reads_a_phq9_as_questionnaire_response(fhir: Fhir) -> None:
    person = await add_person(fhir.graph, "PSN-0042")
    saved = await fhir.api.ok(RECORD_MEASURE, {"i": phq9(person, [2, 1, 1, 1, 0, 0, 1, 0, 1])},
                              PRESCRIBER)  # fmt: skip
    status, qr, _ = await fhir.call("GET", f"/fhir/QuestionnaireResponse/{saved['id']}", GP)
    assert status == 200
    assert qr["status"] == "completed"
    assert qr["subject"]["identifier"]["value"] == "PSN-0042"
    assert qr["questionnaire"] == "urn:kith:questionnaire:phq-9|1"
    (observation,) = qr["contained"]
    assert observation["code"]["coding"] == [{"system": "http://loinc.org", "code": "44261-6"}]
    assert observation["valueQuantity"]["value"] == 7
    answers = {i["linkId"]: i["answer"][0] for i in qr["item"]}
    assert answers["1"]["valueCoding"]["display"] == "More than half the days"
    assert answers["score-total"]["valueReference"]["reference"] == "#score-total"
    audit = await fhir.graph.query(
        "MATCH (a:AuditEvent {what: 'outcomes.measure.fhir-read'}) RETURN a.person_id AS p"
    )
    assert audit == [{"p": person}]


async def test_others_cannot_read_it(fhir: Fhir) -> None:
    person = await add_person(fhir.graph, "PSN-0043")
    saved = await fhir.api.ok(RECORD_MEASURE, {"i": phq9(person, [0] * 9)}, PRESCRIBER)
    path = f"/fhir/QuestionnaireResponse/{saved['id']}"
    assert (await fhir.call("GET", path, OTHER_GP))[0] == 404
    assert (await fhir.call("GET", path, LEAD))[0] == 403
    assert (await fhir.call("GET", path, None))[0] == 401
    assert (await fhir.call("GET", "/fhir/QuestionnaireResponse/nope", GP))[0] == 404
