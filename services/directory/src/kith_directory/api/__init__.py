"""The ORUK 3.0 read API (Starlette). Thin: parse parameters, call a query, shape JSON."""

from kith_directory.api.app import create_app

__all__ = ["create_app"]
