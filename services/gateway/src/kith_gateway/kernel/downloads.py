"""Who is downloading: the bearer token of a plain HTTP download (minutes, gap maps), checked
like the GraphQL edge checks it. A missing token and a failed one are both 401s that say so in
`WWW-Authenticate` (RFC 6750), so a client knows whether to sign in or to get a new token."""

from __future__ import annotations

from kith_common.auth import AuthError, JwksVerifier, Principal, bearer_token
from starlette.requests import Request
from starlette.responses import JSONResponse, Response


def refusal(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


async def downloader(request: Request, verifier: JwksVerifier) -> Principal | Response:
    """The caller, or the 401 to send back."""
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        challenge = {"www-authenticate": "Bearer"}
        return refusal(401, "this download needs a bearer token", challenge)
    try:
        return await verifier.verify(token)
    except AuthError as exc:
        challenge = {"www-authenticate": 'Bearer error="invalid_token"'}
        return refusal(401, exc.message, challenge)
