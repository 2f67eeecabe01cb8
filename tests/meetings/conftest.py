"""Fixtures for this suite (defined in tests.helpers.meetings, shared with the suites that need them)."""

from tests.helpers.meetings import api  # noqa: F401  (fixtures)
