"""Fixtures for this suite (defined in tests.helpers.pathways, shared with the suites that need them)."""

from tests.helpers.pathways import api, pathway_id, person_id  # noqa: F401  (fixtures)
