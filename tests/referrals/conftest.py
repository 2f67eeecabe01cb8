"""Fixtures for this suite (defined in tests.helpers.referrals, shared with the suites that need them)."""

from tests.helpers.logs import json_logs  # noqa: F401  (fixture)
from tests.helpers.referrals import api, live  # noqa: F401  (fixtures)
