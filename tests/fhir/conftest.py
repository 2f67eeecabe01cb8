"""Fixtures for this suite (defined in tests.helpers.fhir, shared with the suites that need them)."""

from tests.helpers.fhir import fhir, served  # noqa: F401  (fixtures)
from tests.helpers.referrals import api  # noqa: F401  (fixture)
