"""What the test suites share: builders, clients, constants and fixtures (each suite's
conftest.py imports the fixtures it uses from here; no test imports another test module)."""
