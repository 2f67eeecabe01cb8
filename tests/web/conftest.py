"""Fixtures for this suite (defined in tests.helpers.web_stack: the real gateway, issuer and web app,
and Debian's chromium driven by Playwright)."""

from tests.helpers.web_stack import (  # noqa: F401  (fixtures)
    browser,
    demo_services,
    district,
    page,
    router,
    web_stack,
)
