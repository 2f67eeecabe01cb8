"""Fixtures for this suite (defined in tests.helpers.e2e, shared with the suites that need them)."""

from tests.helpers.e2e import demo_district, stack  # noqa: F401  (fixtures)
