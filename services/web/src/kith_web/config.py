"""The web service's configuration, read once in bootstrap from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kith_common.settings import Settings, SettingsError

PACKAGE_DIR = Path(__file__).resolve().parent
# `make setup` runs `npm ci` here: the pinned NHS.UK frontend, htmx and (for tests) axe-core.
DEFAULT_NODE_MODULES = PACKAGE_DIR.parent.parent / "node_modules"
DEFAULT_AREAS = PACKAGE_DIR.parents[3] / "data" / "areas"  # boundaries and ONS names (the map)


@dataclass(frozen=True)
class WebConfig:
    settings: Settings
    port: int = 8080
    base_url: str = "http://127.0.0.1:8080"  # where browsers reach this service
    gateway_url: str = "http://127.0.0.1:8000"
    oidc_issuer: str = "http://127.0.0.1:8009"
    oidc_client_id: str = "kith-web"
    idle_timeout_seconds: int = 30 * 60  # shared computers in GP practices
    node_modules: Path = DEFAULT_NODE_MODULES
    live_poll_seconds: float = 2.0  # how often a live page asks the gateway what changed
    areas_dir: Path = DEFAULT_AREAS

    @property
    def secure_cookies(self) -> bool:
        return not (self.settings.is_local or self.settings.environment == "test")

    @property
    def redirect_uri(self) -> str:
        return f"{self.base_url}/auth/callback"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WebConfig:
        env = os.environ if env is None else env
        settings = Settings.from_env(env)
        port = int(env.get("KITH_WEB_PORT", cls.port))
        config = cls(
            settings=settings,
            port=port,
            base_url=env.get("KITH_WEB_BASE_URL", f"http://127.0.0.1:{port}"),
            gateway_url=env.get("KITH_GATEWAY_URL", f"http://127.0.0.1:{settings.gateway_port}"),
            oidc_issuer=env.get("KITH_OIDC_ISSUER", settings.jwt_issuer),
            oidc_client_id=env.get("KITH_OIDC_CLIENT_ID", cls.oidc_client_id),
            idle_timeout_seconds=int(env.get("KITH_WEB_IDLE_SECONDS", cls.idle_timeout_seconds)),
            node_modules=Path(env.get("KITH_WEB_NODE_MODULES", str(DEFAULT_NODE_MODULES))),
            areas_dir=Path(env.get("KITH_WEB_AREAS_DIR", str(DEFAULT_AREAS))),
        )
        config.validate()
        return config

    def validate(self) -> None:
        if self.idle_timeout_seconds < 60:
            raise SettingsError("KITH_WEB_IDLE_SECONDS must be at least 60")
        if self.settings.environment == "production" and not self.base_url.startswith("https://"):
            raise SettingsError("production needs an https:// KITH_WEB_BASE_URL")
        if not (self.node_modules / "nhsuk-frontend").is_dir():
            raise SettingsError(
                f"{self.node_modules} has no nhsuk-frontend: run `make setup` (npm ci)"
            )
