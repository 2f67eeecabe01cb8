"""Fixtures for this suite (defined in tests.helpers.insights, shared with the suites that need them)."""

from tests.helpers.insights import api, area, district  # noqa: F401  (fixtures)
