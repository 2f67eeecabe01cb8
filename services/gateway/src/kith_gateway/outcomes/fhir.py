"""A measure as FHIR R4: a `QuestionnaireResponse` (the answers) with its scores as contained
`Observation`s (category survey, LOINC-coded where the definition has a code we found, text
otherwise), read by an authorised GP system at `GET /fhir/QuestionnaireResponse/{id}`.

The person travels only as the holding organisation's pseudonym, as in referrals. Reading is
the same as `personMeasures`: a practitioner or clinician of an organisation that reaches the
person (`queries.IN_REACH`), audited in the reading transaction.
"""

from __future__ import annotations

from typing import Any

from kith_common.auth import Principal
from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.kernel.access import Scope
from kith_gateway.outcomes.access import PRACTITIONERS
from kith_gateway.outcomes.instruments import Instrument, built_in
from kith_gateway.outcomes.queries import IN_REACH
from kith_gateway.outcomes.reads import MeasureView, measure_view

LOINC = "http://loinc.org"
PSEUDONYM = "urn:kith:person-pseudonym"
QUESTIONNAIRE = "urn:kith:questionnaire"  # + ':' + instrument id + '|' + version
SURVEY = {"system": "http://terminology.hl7.org/CodeSystem/observation-category",
          "code": "survey", "display": "Survey"}  # fmt: skip

READ = f"""
MATCH (m:Measure {{id: $id}})
MATCH (p:Person {{id: m.person_id}}) WHERE {IN_REACH}
RETURN m {{.id, .person_id, .instrument_id, .instrument_version, .timepoint, .item_ids, .item_values,
          .score_ids, .score_values, .taken_at, .organisation_id, .service_id}} AS measure,
       p.reference AS pseudonym, p.organisation_id AS holder
"""


def may_read(principal: Principal) -> bool:
    return principal.has(*PRACTITIONERS)


def _code(code: str | None, text: str) -> dict[str, Any]:
    coding = [{"system": LOINC, "code": code}] if code else []
    return {"coding": coding, "text": text} if coding else {"text": text}


def _subject(pseudonym: str | None, holder: str) -> dict[str, Any]:
    if pseudonym is None:
        return {"display": "person without a pseudonym"}
    return {"identifier": {"system": PSEUDONYM, "value": pseudonym,
                           "assigner": {"reference": f"Organization/{holder}"}}}  # fmt: skip


def _observations(m: MeasureView, inst: Instrument, subject: dict[str, Any]) -> list[Any]:
    return [{
        "resourceType": "Observation", "id": f"score-{s.id}", "status": "final",
        "category": [{"coding": [SURVEY]}], "code": _code(s.loinc, s.name), "subject": subject,
        "effectiveDateTime": m.taken_at.isoformat(),
        "valueQuantity": {"value": m.scores[s.id], "unit": "{score}",
                          "system": "http://unitsofmeasure.org", "code": "{score}"},
        "derivedFrom": [{"reference": f"QuestionnaireResponse/{m.id}"}],
    } for s in inst.scores if s.id in m.scores]  # fmt: skip


def questionnaire_response(m: MeasureView, pseudonym: str | None, holder: str) -> dict[str, Any]:
    inst = built_in()[m.instrument_id]
    subject = _subject(pseudonym, holder)
    labels = {o.value: o.label for o in inst.options}
    texts = {i.id: i for i in inst.items}
    observations = _observations(m, inst, subject)
    return {
        "resourceType": "QuestionnaireResponse", "id": m.id,
        "questionnaire": f"{QUESTIONNAIRE}:{inst.id}|{m.instrument_version}",
        "status": "completed", "subject": subject, "authored": m.taken_at.isoformat(),
        "author": {"reference": f"Organization/{m.organisation_id}"},
        "contained": observations,
        "extension": [{"url": "urn:kith:fhir:measure-timepoint", "valueCode": m.timepoint}],
        "item": [{
            "linkId": item, "text": texts[item].text,
            "answer": [{"valueCoding": {"system": f"{QUESTIONNAIRE}:{inst.id}:answers",
                                        "code": str(v), "display": labels[v]}}],
        } for item, v in m.answers.items()]
        + [{"linkId": f"score-{o['id'][6:]}", "text": o["code"]["text"],
            "answer": [{"valueReference": {"reference": f"#{o['id']}"}}]}
           for o in observations],
    }  # fmt: skip


async def read_response(
    graph: Graph, principal: Principal, measure_id: str
) -> dict[str, Any] | None:
    scope = Scope(principal.user_id, principal.organisation_id, True, False, "direct-care-fhir")

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any] | None:
        row = await (await tx.run(READ, id=measure_id, org=scope.organisation_id)).single()
        if row is None:
            return None
        m = measure_view(row["measure"])
        person_id = row["measure"]["person_id"]
        await record(tx, scope, [Access("outcomes.measure.fhir-read", person_id, m.id)])
        return questionnaire_response(m, row["pseudonym"], row["holder"])

    return await graph.write(work)
