"""Safe defaults for every response: security headers and a content security policy, an
optional access token (for a server reachable beyond this machine), and a CSRF token on every
form that changes something.

With a token set, a browser signs in once on /login (the token is checked in constant time and
a cookie holding its keyed hash is set, HttpOnly and SameSite=Strict); scripts send
`Authorization: Bearer TOKEN`. Without one the app answers only on the address it was bound to,
127.0.0.1 by default.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

AUTH_COOKIE = "kuntahaku_auth"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Original HTML files are served sandboxed: their scripts never run with our origin.
FILE_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
OPEN_PATHS = ("/login", "/static/", "/healthz")


class Secrets:
    """The access token (may be empty) and the keys derived for cookies and forms."""

    def __init__(self, token: str = "", key: bytes = b"") -> None:
        self.token = token
        # Worker processes of one server share `key` (so a form made by one is accepted by
        # another); a lone process draws its own.
        self._key = key or secrets.token_bytes(32)

    def _mac(self, what: str) -> str:
        return hmac.new(self._key, what.encode(), hashlib.sha256).hexdigest()

    @property
    def auth_cookie(self) -> str:
        """The cookie value that proves a browser gave the token."""
        return self._mac("auth")

    @property
    def csrf(self) -> str:
        """The hidden value every changing form carries; another site cannot read it."""
        return self._mac("csrf")

    def token_ok(self, given: str) -> bool:
        """Whether `given` is the access token."""
        return bool(self.token) and hmac.compare_digest(given.encode(), self.token.encode())

    def authorised(self, request: Request) -> bool:
        """Whether a request may see the index."""
        if not self.token:
            return True
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer ") and self.token_ok(header[7:].strip()):
            return True
        cookie = request.cookies.get(AUTH_COOKIE, "")
        return hmac.compare_digest(cookie.encode(), self.auth_cookie.encode())


def safe_next(target: str, default: str = "/") -> str:
    """A local path to go back to after a form: never another site (`//host`, `http:`)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(c) < 32 for c in target):
        return default
    return target


class SecurityMiddleware:
    """Adds security headers, and keeps out requests without the token when one is set (plain
    ASGI: Starlette's BaseHTTPMiddleware cost a task group and memory streams per request)."""

    def __init__(self, app: ASGIApp, keys: Secrets) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check access, then add headers to whatever the app answers."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        path = request.url.path
        frame = "DENY" if not path.startswith("/file/") else "SAMEORIGIN"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                headers["X-Frame-Options"] = frame
                if "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        if not path.startswith(OPEN_PATHS) and not self.keys.authorised(request):
            if path.startswith("/api/"):
                response: Response = JSONResponse(
                    {"error": "this server needs an access token (Authorization: Bearer …)"},
                    status_code=401,
                )
            else:
                target = path + (f"?{request.url.query}" if request.url.query else "")
                response = RedirectResponse(f"/login?next={_quote(target)}", status_code=303)
            await response(scope, receive, with_headers)
            return
        await self.app(scope, receive, with_headers)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
