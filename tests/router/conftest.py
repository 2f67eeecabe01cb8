"""Fixtures for this suite (defined in tests.helpers.router, shared with the suites that need them)."""

from tests.helpers.router import world  # noqa: F401  (fixtures)
