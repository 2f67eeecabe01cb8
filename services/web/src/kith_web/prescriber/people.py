"""Recording and editing a person: needs, what matters in their words, languages, faith,
access needs, travel limit, and the home area found by a place name (the gateway offers the
neighbourhoods; nobody types an area code). Without JavaScript: "Find" re-shows the form with
the neighbourhoods to choose from; the idempotency key of the rendered form is kept, so a
double submit records one person."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.forms import FormErrors
from kith_web.prescriber import profile_form as pf
from kith_web.prescriber.areamap import choices_map
from kith_web.prescriber.words import (
    ACCESS,
    AGE_BANDS,
    DAYS,
    FAITH,
    GENDERS,
    GROUPS,
    LANGUAGES,
    TIMES,
    TRAVEL_KM,
)
from kith_web.web import call, form, render, user

NEEDS = "{ needOptions { code name } }"
AREAS = """query($p: String!) { homeAreaSearch(place: $p) { place tooBroad
  options { code name neighbourhood district distanceKm } } }"""
PROFILE = """query($id: ID!) { person(id: $id) { __typename ... on PersonRecord {
  id pseudonym profile { homeArea needs maxTravelKm languages preferredLanguage
  interpreterNeeded preferences accessNeeds whatMatters ageBand gender
  availability { day start end } } } }
  personOverview(personId: $id) { homeArea } }"""
RESULT = """__typename ... on PersonSaved { person { id } } ... on InputError { field message }
  ... on ConflictError { message } ... on NotFoundError { message }"""
CREATE = f"mutation($i: CreatePersonInput!) {{ createPerson(input: $i) {{ {RESULT} }} }}"
UPDATE = f"mutation($i: UpdatePersonInput!) {{ updatePerson(input: $i) {{ {RESULT} }} }}"


def _choices(words: dict[str, str]) -> list[dict[str, str]]:
    return [{"value": k, "text": v} for k, v in words.items()]


async def _show(
    request: Request,
    fields: pf.ProfileForm,
    key: str,
    errors: FormErrors | None = None,
    search: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    person_id = request.path_params.get("id")
    needs = (await call(request, NEEDS))["needOptions"]
    context = {
        "f": fields,
        "key": key,
        "person_id": person_id,
        "action": f"/people/{person_id}/edit" if person_id else "/people/new",
        "need_items": [{"value": n["code"], "text": n["name"]} for n in needs],
        "languages": _choices(LANGUAGES),
        "access": _choices(ACCESS),
        "faith": _choices(FAITH),
        "groups": _choices(GROUPS),
        "travel": _choices(TRAVEL_KM),
        "age_bands": _choices(AGE_BANDS),
        "genders": _choices(GENDERS),
        "days": _choices(DAYS),
        "times": [{"value": k, "text": text} for k, (text, _, _) in TIMES.items()],
        "search": search,
        "area_map": await choices_map(request, search["options"]) if search else None,
        "errors": errors or FormErrors(),
    }
    return await render(request, "people/form.html", context, status)


async def new(request: Request) -> Response:
    await user(request)
    return await _show(request, pf.ProfileForm(), "")


async def edit(request: Request) -> Response:
    await user(request)
    data = await call(request, PROFILE, {"id": request.path_params["id"]})
    person = data["person"]
    if person["__typename"] != "PersonRecord":
        raise HTTPException(404)
    area = (data["personOverview"] or {}).get("homeArea")
    fields = (
        pf.from_record(person["pseudonym"], person["profile"], area)
        if person["profile"]
        else pf.ProfileForm(pseudonym=person["pseudonym"] or "")
    )
    return await _show(request, fields, "")


async def save(request: Request) -> Response:
    await user(request)
    sent = await form(request)
    fields, key = pf.read_profile(sent), str(sent.get("idempotency_key", ""))
    if sent.get("find") is not None and not fields.place:
        errors = FormErrors()
        errors.add("place", "Enter a neighbourhood, town or postcode")
        return await _show(request, fields, key, errors, status=400)
    if sent.get("find") is not None or (fields.place and not fields.home_area):
        search = (await call(request, AREAS, {"p": fields.place}))["homeAreaSearch"]
        return await _show(request, fields, key, search=search)
    errors = pf.check(fields)
    if errors:
        return await _show(request, fields, key, errors, status=400)
    person_id = request.path_params.get("id")
    if person_id:
        given = {"id": person_id, "pseudonym": fields.pseudonym, "profile": pf.to_input(fields)}
        result = (await call(request, UPDATE, {"i": given}))["updatePerson"]
    else:
        given = {"idempotencyKey": key, "pseudonym": fields.pseudonym,
                 "profile": pf.to_input(fields)}  # fmt: skip
        result = (await call(request, CREATE, {"i": given}))["createPerson"]
    if result["__typename"] == "PersonSaved":
        return RedirectResponse(f"/people/{result['person']['id']}", status_code=303)
    errors = FormErrors()
    errors.add(pf.field_id(result.get("field", "")), result["message"])
    return await _show(request, fields, key, errors, status=400)


def routes() -> list[BaseRoute]:
    return [
        Route("/people/new", new),
        Route("/people/new", save, methods=["POST"]),
        Route("/people/{id}/edit", edit),
        Route("/people/{id}/edit", save, methods=["POST"]),
    ]
