"""The gateway's GraphQL, called with the signed-in user's token. The web service holds no
rules of its own: what the gateway refuses is shown, never second-guessed."""

from __future__ import annotations

from typing import Any

import httpx


class SignInRequired(Exception):
    """The gateway does not accept the user's token (expired, revoked): sign in again."""


class NotAllowed(Exception):
    """The gateway says this user's roles do not allow it (FORBIDDEN)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class GatewayError(Exception):
    """Anything else unexpected: the page says something went wrong, the log says what."""


class BadInput(Exception):
    """The gateway refused what the user typed (BAD_USER_INPUT); `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _raise_for(errors: list[dict[str, Any]]) -> None:
    codes = {str((e.get("extensions") or {}).get("code")) for e in errors}
    message = str(errors[0].get("message", "the request failed"))
    if "UNAUTHENTICATED" in codes:
        raise SignInRequired
    if "FORBIDDEN" in codes:
        raise NotAllowed(message)
    if "BAD_USER_INPUT" in codes:
        raise BadInput(message)
    raise GatewayError(message)


class Gateway:
    def __init__(self, url: str, http: httpx.AsyncClient) -> None:
        self.endpoint = f"{url.rstrip('/')}/graphql"
        self.http = http

    async def run(
        self,
        token: str | None,
        query: str,
        variables: dict[str, Any] | None = None,
        wait_seconds: float | None = None,
    ) -> dict[str, Any]:
        """The `data` of a GraphQL answer, or one of this module's exceptions.
        `wait_seconds`: for the few reports (gap maps) that may take longer than a page should."""
        headers = {"authorization": f"Bearer {token}"} if token else {}
        sent = {"query": query, "variables": variables or {}}
        wait = httpx.USE_CLIENT_DEFAULT if wait_seconds is None else httpx.Timeout(wait_seconds)
        try:
            response = await self.http.post(self.endpoint, json=sent, headers=headers, timeout=wait)
        except httpx.HTTPError as exc:
            raise GatewayError(f"gateway unreachable: {type(exc).__name__}") from None
        if response.status_code >= 500:
            raise GatewayError(f"gateway answered {response.status_code}")
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            _raise_for(body["errors"])
        data: dict[str, Any] = body.get("data") or {}
        return data
