"""The FHIR edge (`/fhir/...`): parse and validate, authenticate with the same bearer JWT as
GraphQL, call a handler, answer FHIR JSON. Every refusal is an OperationOutcome."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.task import Task
from kith_common.auth import AuthError, JwksVerifier, Principal, bearer_token
from kith_common.graph import Graph
from kith_common.logging import get_logger
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kith_gateway.fhir import consent_out, consent_store, handlers, outbound, prefer
from kith_gateway.fhir.bundle import referral_bundle
from kith_gateway.fhir.capability import capability_statement
from kith_gateway.fhir.consent_in import consent_ask
from kith_gateway.fhir.consent_parts import consent_parts
from kith_gateway.fhir.inbound import contained_request, referral_ask
from kith_gateway.fhir.outcome import Issue, fail, invalid, outcome
from kith_gateway.fhir.prefer import Return
from kith_gateway.fhir.references import key_from_identifiers, validate
from kith_gateway.fhir.refusals import EXPECTED, as_fhir
from kith_gateway.fhir.responses import transaction_response
from kith_gateway.fhir.sender import SenderDetails, sender_details
from kith_gateway.fhir.updates import expected_version
from kith_gateway.fhir.wire import json_body, respond
from kith_gateway.outcomes import fhir as outcomes_fhir
from kith_gateway.referrals.access import read_scope
from kith_gateway.referrals.domain import check_idempotency_key
from kith_gateway.referrals.views import ReferralView

log = get_logger(__name__)
Handler = Callable[[Request, Principal], Awaitable[Response]]
Render = Callable[[ReferralView, SenderDetails], dict[str, Any]]
Issues = tuple[Issue, ...] | list[Issue]
KEY_HEADER = "idempotency-key"


def _key(request: Request, task: Task) -> str:
    """The `Idempotency-Key` header if sent, else one derived from `Task.identifier`."""
    header = request.headers.get(KEY_HEADER)
    if header is not None:
        return check_idempotency_key(header)
    derived = key_from_identifiers(task.identifier)
    if derived is None:
        raise invalid(
            "send an Idempotency-Key header or a Task.identifier, so that a retry cannot"
            " create a second referral",
            "Task.identifier",
        )
    return derived


class FhirApi:
    def __init__(self, graph: Graph, verifier: JwksVerifier) -> None:
        self.graph, self.verifier = graph, verifier

    async def _task(
        self, view: ReferralView, request: Request, status: int = 200, warnings: Issues = ()
    ) -> Response:
        """The Task as the client's `Prefer: return=` asks (see `prefer`)."""
        choice = prefer.preferred_return(request.headers.get("prefer"))
        headers = {"etag": outbound.etag(view.version), **prefer.applied(choice)}
        if status == 201:
            headers["location"] = f"{request.base_url}fhir/Task/{view.id}/_history/{view.version}"
        if choice is Return.OUTCOME or (choice is None and warnings):
            done = "created" if status == 201 else "answered with"
            said = Issue("informational", f"{done} Task/{view.id}", severity="information")
            return respond(outcome([*warnings, said]), status, headers)
        headers |= prefer.warning_headers(warnings)  # not silent when the body has no room
        if choice is Return.MINIMAL:
            return Response(status_code=status, headers=headers)
        flag = await handlers.capacity_flag(self.graph, view)
        sender = await handlers.sender_of(self.graph, view)
        return respond(outbound.task(view, flag, sender), status, headers)

    async def _principal(self, request: Request) -> Principal:
        token = bearer_token(request.headers.get("authorization"))
        challenge = {"www-authenticate": "Bearer"}
        if token is None:
            raise fail(401, "login", "this endpoint needs a bearer token", headers=challenge)
        try:
            return await self.verifier.verify(token)
        except AuthError as exc:
            invalid_token = {"www-authenticate": 'Bearer error="invalid_token"'}  # RFC 6750
            raise fail(401, "login", exc.message, headers=invalid_token) from None

    def guarded(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request, await self._principal(request))
            except EXPECTED as exc:
                error = as_fhir(exc)
                return respond(error.resource(), error.status, error.headers)
            except Exception:  # masked: the log names the route, never the request's data
                log.exception("fhir_request_failed", path=request.url.path)
                issue = Issue("exception", "the server could not handle this request")
                return respond(outcome([issue]), 500)

        return endpoint

    async def create_task(self, request: Request, principal: Principal) -> Response:
        scope = handlers.refer_scope(principal)
        task = validate(Task, await json_body(request))
        contained = contained_request(task)
        ask = referral_ask(task, contained, {})
        sender = sender_details(task, contained)
        new = handlers.new_referral(scope, ask, _key(request, task))
        owner = ask.owner_organisation_id
        done = await handlers.create(self.graph, scope, new, owner, None, sender)
        view = await handlers.read(self.graph, principal, done.referral.id)
        status = 201 if done.referral.created else 200
        return await self._task(view, request, status, sender.warnings)

    async def transaction(self, request: Request, principal: Principal) -> Response:
        scope = handlers.refer_scope(principal)
        parts = referral_bundle(validate(Bundle, await json_body(request)))
        ask = referral_ask(parts.task, parts.request, parts.patients)
        key = _key(request, parts.task)
        consent, kept, consent_warnings = None, None, list[Issue]()
        if parts.consent is not None:
            given = consent_ask(parts.consent, parts.patients)
            if given.pseudonym != ask.pseudonym:
                raise invalid(
                    "the Consent is about another person than the Task", "Consent.patient"
                )
            consent = handlers.new_consent(scope, given, key)
            kept, consent_warnings = consent_parts(parts.consent)
        sender = sender_details(parts.task, parts.request)
        new = handlers.new_referral(scope, ask, key)
        owner = ask.owner_organisation_id
        done = await handlers.create(self.graph, scope, new, owner, consent, sender, kept)
        view = await handlers.read(self.graph, principal, done.referral.id)
        warnings = {"Task": [*sender.warnings], "Consent": consent_warnings}
        choice = prefer.preferred_return(request.headers.get("prefer"))
        resources = await self._entry_resources(principal, view, done.consent_id, choice)
        answer = transaction_response(parts.entry_types, view, done, warnings, choice, resources)
        return respond(answer, headers=prefer.applied(choice))

    async def _entry_resources(
        self,
        principal: Principal,
        view: ReferralView,
        consent_id: str | None,
        choice: Return | None,
    ) -> dict[str, dict[str, Any]]:
        """What a transaction stored, as resources, when the client asked for them."""
        if choice is not Return.REPRESENTATION:
            return {}
        flag = await handlers.capacity_flag(self.graph, view)
        sender = await handlers.sender_of(self.graph, view)
        found: dict[str, dict[str, Any]] = {
            "Task": outbound.task(view, flag, sender),
            "ServiceRequest": outbound.service_request(view, sender),
        }
        if consent_id:
            consent = await consent_store.read_consent(
                self.graph, read_scope(principal), consent_id
            )
            if consent is not None:
                found["Consent"] = consent_out.consent(consent)
        return found

    async def read_consent(self, request: Request, principal: Principal) -> Response:
        consent_id = request.path_params["id"]
        found = await consent_store.read_consent(self.graph, read_scope(principal), consent_id)
        if found is None:
            raise fail(404, "not-found", f"no consent {consent_id[:64]} visible to you")
        return respond(consent_out.consent(found))

    async def read_task(self, request: Request, principal: Principal) -> Response:
        view = await handlers.read(self.graph, principal, request.path_params["id"])
        return await self._task(view, request)

    async def read_request(self, request: Request, principal: Principal) -> Response:
        view = await handlers.read(self.graph, principal, request.path_params["id"])
        headers = {"etag": outbound.etag(view.version)}
        sender = await handlers.sender_of(self.graph, view)
        return respond(outbound.service_request(view, sender), headers=headers)

    def read_version(self, render: Render) -> Handler:
        """`GET /fhir/{Task|ServiceRequest}/{id}/_history/{vid}`: a past version (vread)."""

        async def handler(request: Request, principal: Principal) -> Response:
            view = await handlers.read(self.graph, principal, request.path_params["id"])
            vid = request.path_params["vid"]
            past = outbound.at_version(view, int(vid)) if vid.isdigit() and len(vid) < 9 else None
            if past is None:
                raise fail(404, "not-found", f"this referral has no version {vid[:12]}")
            sender = await handlers.sender_of(self.graph, view)
            headers = {"etag": outbound.etag(past.version)}
            return respond(render(past, sender), headers=headers)

        return handler

    async def update_task(self, request: Request, principal: Principal) -> Response:
        referral_id = request.path_params["id"]
        version = expected_version(request.headers.get("if-match"))
        task = validate(Task, await json_body(request))
        header = request.headers.get(KEY_HEADER)
        key = check_idempotency_key(header) if header is not None else None
        # Access first: an outsider gets the same 404 whatever status and version it guesses.
        await handlers.read(self.graph, principal, referral_id)
        await handlers.update(self.graph, principal, referral_id, task, version, key)
        return await self._task(await handlers.read(self.graph, principal, referral_id), request)

    async def read_questionnaire_response(self, request: Request, principal: Principal) -> Response:
        if not outcomes_fhir.may_read(principal):
            raise fail(403, "forbidden", "outcome measures are for the practitioners and"
                       " clinicians working with the person")  # fmt: skip
        found = await outcomes_fhir.read_response(self.graph, principal, request.path_params["id"])
        if found is None:
            raise fail(404, "not-found", "no such QuestionnaireResponse for you")
        return respond(found)

    async def unknown(self, request: Request, principal: Principal) -> Response:
        raise fail(404, "not-supported", f"no FHIR interaction {request.method} {request.url.path}")


async def metadata(_: Request) -> Response:
    return respond(capability_statement())


def fhir_routes(graph: Graph, verifier: JwksVerifier) -> list[Route]:
    api = FhirApi(graph, verifier)
    every = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    task_version = api.read_version(lambda view, sender: outbound.task(view, None, sender))
    return [
        Route("/fhir/metadata", metadata, methods=["GET"]),
        Route("/fhir", api.guarded(api.transaction), methods=["POST"]),
        Route("/fhir/Task", api.guarded(api.create_task), methods=["POST"]),
        Route("/fhir/Task/{id}", api.guarded(api.read_task), methods=["GET"]),
        Route("/fhir/Task/{id}", api.guarded(api.update_task), methods=["PUT"]),
        Route("/fhir/ServiceRequest/{id}", api.guarded(api.read_request), methods=["GET"]),
        Route("/fhir/Consent/{id}", api.guarded(api.read_consent), methods=["GET"]),
        Route("/fhir/Task/{id}/_history/{vid}", api.guarded(task_version), methods=["GET"]),
        Route(
            "/fhir/ServiceRequest/{id}/_history/{vid}",
            api.guarded(api.read_version(outbound.service_request)),
            methods=["GET"],
        ),
        Route(
            "/fhir/QuestionnaireResponse/{id}",
            api.guarded(api.read_questionnaire_response),
            methods=["GET"],
        ),
        Route("/fhir/{rest:path}", api.guarded(api.unknown), methods=every),
    ]
