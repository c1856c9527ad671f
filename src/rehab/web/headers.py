"""Security headers on every answer, set in one place so no page or route can forget them.

- ``Content-Security-Policy``: scripts, styles, images and form posts only from this server, no
  inline script or style at all (our pages keep theirs in ``static/``), never inside a frame.
  A template with an inline ``<script>``, ``style=`` or ``onclick`` would simply not run; the
  tests check the templates have none.
- ``X-Content-Type-Options: nosniff``: a browser takes each answer as the type it says it is.
- ``Referrer-Policy: no-referrer``: addresses hold patient ids; they never leave in a Referer.
- ``Cache-Control: no-store`` on everything but our static files: pages and API answers hold
  patient data, and a shared computer's browser cache or a proxy must not keep them.

A plain ASGI wrapper rather than a ``BaseHTTPMiddleware``: it only adds headers as the answer
starts, so the phones' diary writes pay nothing measurable for it.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
                           "frame-ancestors 'none'")
EVERY_ANSWER = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),  # frame-ancestors for browsers that predate it
    (b"referrer-policy", b"no-referrer"),
]
NOT_KEPT = [(b"cache-control", b"no-store"), (b"pragma", b"no-cache")]
STATIC = "/static/"


def with_security_headers(response: Response) -> Response:
    """``response`` with every header of :class:`SecurityHeaders` (for an answer made outside it)."""
    for name, value in EVERY_ANSWER + NOT_KEPT:
        response.headers[name.decode()] = value.decode()
    return response


class SecurityHeaders:
    """Adds :data:`EVERY_ANSWER` to every HTTP answer, and :data:`NOT_KEPT` to all but static files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = EVERY_ANSWER if scope["path"].startswith(STATIC) else EVERY_ANSWER + NOT_KEPT

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in extra}
                message["headers"] = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names] + extra
            await send(message)

        await self.app(scope, receive, with_headers)
