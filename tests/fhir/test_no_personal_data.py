"""A FHIR scenario (Bundle with consent, reads, status round trip, refusals), then a search of
everything that left the process as logs or events for the synthetic person data sent in."""

from __future__ import annotations

import io

import pytest
from kith_gateway.fhir import codes
from nats.js import JetStreamContext

from tests.helpers import fhir_resources as resources
from tests.helpers.fhir import Fhir
from tests.helpers.logs import json_logs  # noqa: F401  (fixture)
from tests.helpers.referrals import PRESCRIBER, WORKER_B, deliver
from tests.support import published

PSEUDONYM = "SYN-FHIR-4471-KW"
REASON = "SYNTHETIC-REASON evicted after narwhal incident"
SECRETS = (PSEUDONYM, REASON, "narwhal")


async def scenario(fhir: Fhir) -> None:
    sent = resources.bundle(PSEUDONYM)
    sent["entry"][1]["resource"]["reasonCode"] = [{"text": REASON}]
    status, response, _ = await fhir.call("POST", "/fhir", PRESCRIBER, sent)
    assert status == 200, response
    task_id = response["entry"][3]["response"]["location"].split("/")[1]
    await deliver(fhir.graph, {"id": task_id})
    _, task, _ = await fhir.call("GET", f"/fhir/Task/{task_id}", WORKER_B)
    assert task["for"]["identifier"]["value"] == PSEUDONYM  # the data really flowed
    for change in ("accepted", "in-progress", "completed"):
        headers = {"if-match": f'W/"{task["meta"]["versionId"]}"'}
        _, task, _ = await fhir.call(
            "PUT", f"/fhir/Task/{task_id}", WORKER_B, task | {"status": change}, headers
        )
    assert task["status"] == "completed"
    bad = resources.task(PSEUDONYM, reason=REASON) | {"status": "completed"}
    assert (await fhir.call("POST", "/fhir/Task", PRESCRIBER, bad))[0] == 400
    named = resources.bundle(PSEUDONYM, patient_extra={"name": [{"text": "narwhal"}]})
    assert (await fhir.call("POST", "/fhir", PRESCRIBER, named))[0] == 400


async def test_no_personal_data_in_logs_or_events(
    fhir: Fhir,
    jetstream: JetStreamContext,
    json_logs: io.StringIO,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("DEBUG")
    await scenario(fhir)
    events = await published(fhir.graph, jetstream)
    logs = capsys.readouterr()
    text = json_logs.getvalue() + logs.out + logs.err + caplog.text
    assert any(b"kith.referral.completed" in e for e in events)
    assert '"path": "/fhir"' in text  # the gateway's request log lines were captured
    assert codes.PSEUDONYM not in text
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} reached a log line"
        assert not [e for e in events if secret.encode() in e], f"{secret!r} reached an event"
