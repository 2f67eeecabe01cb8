"""The questionnaire form, generated from the instrument's definition (its items and answer
options as the gateway serves them), and what a submitted form becomes: the API's input, or
errors next to the questions they are about. The gateway scores and validates; this module
only reads the form and words the refusals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from starlette.datastructures import FormData

from kith_web.forms import FormErrors

TIMEPOINT_CHOICES = (("BASELINE", "Baseline (the first time)"), ("REVIEW", "Review"),
                     ("KEEP_IN_TOUCH", "Keep in touch contact"))  # fmt: skip


def item_field(item_id: str) -> str:
    return f"item-{item_id}"


@dataclass
class Submitted:
    """What the coach entered, kept to show the form again after an error."""

    timepoint: str
    taken_on: str
    answers: dict[str, int]


def when_taken(text: str, today: date) -> datetime | None:
    """A date from the form as a moment: now for today, midday UTC for an earlier day."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    if day == today:
        return datetime.now(UTC)
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def read(sent: FormData, instrument: dict[str, Any], today: date) -> tuple[Submitted, FormErrors]:
    """The answers given (an unanswered question is left out: the instrument's missing-item
    rule decides whether it can still be scored) and the errors the form itself can see."""
    errors = FormErrors()
    answers: dict[str, int] = {}
    values = {o["value"] for o in instrument["options"]}
    for item in instrument["items"]:
        given = str(sent.get(item_field(item["id"]), ""))
        if given.lstrip("-").isdigit() and int(given) in values:
            answers[item["id"]] = int(given)
        elif given:
            errors.add(item_field(item["id"]), f"Choose one of the answers to “{item['text']}”")
    submitted = Submitted(str(sent.get("timepoint", "")), str(sent.get("taken_on", "")), answers)
    if submitted.timepoint not in dict(TIMEPOINT_CHOICES):
        errors.add("timepoint", "Choose when in the person's journey this was taken")
    taken = when_taken(submitted.taken_on, today)
    if taken is None:
        errors.add("taken_on", "Enter the date it was taken, for example 3 December 2026")
    elif taken.date() > today:
        errors.add("taken_on", "The date it was taken cannot be in the future")
    if not answers:
        first = instrument["items"][0]["id"]
        errors.add(item_field(first), "Answer the questions the person answered")
    return submitted, errors


def api_input(person_id: str, instrument: dict[str, Any], s: Submitted, key: str,
              today: date) -> dict[str, Any]:  # fmt: skip
    taken = when_taken(s.taken_on, today)
    assert taken is not None  # read() refused the form otherwise
    return {"idempotencyKey": key, "personId": person_id, "instrumentId": instrument["id"],
            "timepoint": s.timepoint, "takenAt": taken.isoformat(),
            "answers": [{"item": k, "value": v} for k, v in s.answers.items()]}  # fmt: skip


def refused(field: str, message: str, instrument: dict[str, Any], s: Submitted) -> FormErrors:
    """The gateway's refusal, next to the question or field it names."""
    errors = FormErrors()
    if field.startswith("answers."):
        errors.add(item_field(field.removeprefix("answers.")), message)
    elif field == "answers":
        missing = [i for i in instrument["items"] if i["id"] not in s.answers]
        target = item_field(missing[0]["id"]) if missing else item_field(
            instrument["items"][0]["id"])  # fmt: skip
        errors.add(target, _missing_words(message, instrument, s))
    elif field == "takenAt":
        errors.add("taken_on", message)
    elif field == "timepoint":
        errors.add("timepoint", message)
    else:
        errors.add(item_field(instrument["items"][0]["id"]), message)
    return errors


def _missing_words(message: str, instrument: dict[str, Any], s: Submitted) -> str:
    numbers = [str(n) for n, i in enumerate(instrument["items"], 1) if i["id"] not in s.answers]
    if "unanswered" not in message or not numbers:
        return message
    which = "question " + numbers[0] if len(numbers) == 1 else "questions " + ", ".join(numbers)
    return (
        f"Not answered: {which}. {instrument['name']} cannot be scored without"
        f" {'it' if len(numbers) == 1 else 'them'}: ask the person, or leave it for now."
    )
