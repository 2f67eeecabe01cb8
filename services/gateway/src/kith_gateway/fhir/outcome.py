"""Refusals as FHIR `OperationOutcome`s: one exception type carries the HTTP status and the
issues, and `of_validation` turns the model library's validation errors into issues that say
where (`expression`) and what (`diagnostics`), without echoing whole inputs back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

MAX_ISSUES = 20
MAX_DIAGNOSTICS = 300


@dataclass(frozen=True)
class Issue:
    code: str  # http://hl7.org/fhir/issue-type, e.g. invalid, required, not-found, conflict
    diagnostics: str
    expression: tuple[str, ...] = ()
    severity: str = "error"

    def as_fhir(self) -> dict[str, Any]:
        issue: dict[str, Any] = {
            "severity": self.severity,
            "code": self.code,
            "diagnostics": self.diagnostics[:MAX_DIAGNOSTICS],
        }
        if self.expression:
            issue["expression"] = list(self.expression)
        return issue


class FhirError(Exception):
    """An expected refusal: HTTP `status` plus the issues of the OperationOutcome."""

    def __init__(
        self, status: int, issues: list[Issue], headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(status, [i.diagnostics for i in issues])
        self.status, self.issues, self.headers = status, issues, headers or {}

    def resource(self) -> dict[str, Any]:
        return outcome(self.issues)


def fail(
    status: int,
    code: str,
    diagnostics: str,
    *expression: str,
    headers: dict[str, str] | None = None,
) -> FhirError:
    return FhirError(status, [Issue(code, diagnostics, tuple(expression))], headers or {})


def invalid(diagnostics: str, *expression: str) -> FhirError:
    return fail(400, "invalid", diagnostics, *expression)


def outcome(issues: list[Issue]) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [issue.as_fhir() for issue in issues[:MAX_ISSUES]],
    }


def informational(diagnostics: str) -> dict[str, Any]:
    return outcome([Issue("informational", diagnostics, severity="information")])


def _expression(resource_type: str, loc: tuple[int | str, ...]) -> str:
    path = resource_type
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path.replace("for_fhir", "for")


def of_validation(resource_type: str, exc: ValidationError, prefix: str = "") -> FhirError:
    """400 with one issue per validation error (the first MAX_ISSUES of them)."""
    issues = []
    for error in exc.errors(include_input=False, include_url=False)[:MAX_ISSUES]:
        where = _expression(resource_type, tuple(error["loc"]))
        message = " ".join(str(error["msg"]).split())
        code = "required" if "missing" in str(error["type"]) else "invalid"
        issues.append(Issue(code, f"{prefix}{where}: {message}", (where,)))
    return FhirError(400, issues or [Issue("invalid", f"{prefix}invalid {resource_type}")])
