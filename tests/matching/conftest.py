"""Fixtures for this suite (defined in tests.helpers.matching, shared with the suites that need them)."""

from tests.helpers.matching import golden_graph  # noqa: F401  (fixtures)
