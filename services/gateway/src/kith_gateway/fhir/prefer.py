"""The `Prefer` header of a create or update (FHIR R4 http.html#ops, RFC 7240): what the body
of a successful answer holds. `return=minimal`: nothing; `return=representation`: the
resource; `return=OperationOutcome`: an OperationOutcome with the hints and warnings. With no
preference Kith answers the resource, or an OperationOutcome when something sent was not kept.

Warnings are never silent: when the client's choice leaves no room for them in the body
(minimal, representation), they travel as `Warning: 199` headers as well."""

from __future__ import annotations

from enum import StrEnum

from kith_gateway.fhir.outcome import Issue

MAX_WARNING_CHARS = 200


class Return(StrEnum):
    MINIMAL = "minimal"
    REPRESENTATION = "representation"
    OUTCOME = "OperationOutcome"


def preferred_return(header: str | None) -> Return | None:
    """The `return` preference, or None when absent or not one FHIR defines (RFC 7240:
    a preference the server does not understand is ignored, never refused)."""
    for preference in (header or "").split(","):
        name, _, value = preference.split(";")[0].strip().partition("=")
        if name.strip().lower() != "return":
            continue
        wanted = value.strip().strip('"').lower()
        for choice in Return:
            if choice.value.lower() == wanted:
                return choice
    return None


def applied(choice: Return | None) -> dict[str, str]:
    """RFC 7240's `Preference-Applied`, so a client knows its preference was honoured."""
    return {"preference-applied": f"return={choice.value}"} if choice else {}


def warning_headers(warnings: tuple[Issue, ...] | list[Issue]) -> dict[str, str]:
    """Each warning as an RFC 7234 `199` (miscellaneous) warning, ASCII and quote-safe."""
    if not warnings:
        return {}
    texts = [_quoted(issue.diagnostics) for issue in warnings]
    return {"warning": ", ".join(f'199 kith "{text}"' for text in texts)}


def _quoted(text: str) -> str:
    safe = text[:MAX_WARNING_CHARS].encode("ascii", "replace").decode()
    return "".join(c if c.isprintable() and c not in '"\\' else " " for c in safe)
