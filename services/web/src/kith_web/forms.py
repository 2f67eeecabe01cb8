"""Form errors in the shape the error-summary pattern shows: the API's own message, next to
the field it names and linked from the summary at the top of the page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldError:
    field: str  # the id of the input it belongs to
    message: str

    @property
    def summary(self) -> dict[str, str]:
        return {"text": self.message, "href": f"#{self.field}"}


@dataclass
class FormErrors:
    errors: list[FieldError] = field(default_factory=list)

    def add(self, field_id: str, message: str) -> None:
        self.errors.append(FieldError(field_id, message))

    def for_field(self, field_id: str) -> dict[str, str] | None:
        """The NHS.UK macros' `errorMessage` parameter for one field, or None."""
        found = next((e for e in self.errors if e.field == field_id), None)
        return {"text": found.message} if found else None

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __iter__(self) -> Iterator[FieldError]:
        return iter(self.errors)
