"""Protections every response and request gets: security headers, a body size limit,
sign-in rate limits and CSRF tokens.

The middlewares are plain ASGI (no per-request task switching), so they cost little on
the ``/match`` hot path.

Example::

    >>> limiter = LoginLimiter(window=60, per_user=2, per_ip=10, per_ip_minute=100)
    >>> limiter.fail("10.0.0.1", "ana", now=0.0); limiter.fail("10.0.0.1", "ana", now=1.0)
    >>> limiter.blocked("10.0.0.1", "ana", now=2.0) is not None
    True
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
"""No inline scripts or styles, nothing from other sites, no framing."""

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)
NO_STORE = (b"cache-control", b"no-store")
"""Pages and API answers hold personal data: browsers and proxies must not keep them."""

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response, and ``Cache-Control:
    no-store`` to everything but static files."""

    def __init__(self, app: ASGIApp, static_prefix: str = "/static/") -> None:
        self.app = app
        self.static_prefix = static_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith(self.static_prefix)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if not static and NO_STORE[0] not in present:
                    headers.append(NO_STORE)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimitMiddleware:
    """Refuses request bodies over ``max_bytes`` with 413: at once when ``Content-Length``
    says so; a body sent without a length (chunked) is read first, up to the limit, and
    handed on only when it fits."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared: int | None = None
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _too_large(send, "a Content-Length that is not a number", 400)
                    return
        if declared is not None:
            if declared > self.max_bytes:
                await _too_large(send, f"the body is over {self.max_bytes:,} bytes")
                return
            await self.app(scope, receive, send)
            return
        if scope.get("method") in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _too_large(send, f"the body is over {self.max_bytes:,} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _too_large(send: Send, why: str, status: int = 413) -> None:
    body = ('{"detail": "request refused: ' + why + '; send less or split it"}').encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
                NO_STORE,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class LoginLimiter:
    """Sign-in rate limits kept in memory (per process): failed attempts per username and
    per address within ``window`` seconds, and all attempts per address a minute."""

    def __init__(self, window: float, per_user: int, per_ip: int, per_ip_minute: int) -> None:
        self.window, self.per_user, self.per_ip = window, per_user, per_ip
        self.per_ip_minute = per_ip_minute
        self._user_failures: dict[str, deque[float]] = defaultdict(deque)
        self._ip_failures: dict[str, deque[float]] = defaultdict(deque)
        self._ip_attempts: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    @staticmethod
    def _trim(times: deque[float], since: float) -> deque[float]:
        while times and times[0] <= since:
            times.popleft()
        return times

    def blocked(self, ip: str, username: str, now: float | None = None) -> float | None:
        """Seconds to wait when a sign-in from ``ip`` as ``username`` is refused, else None."""
        now = time.monotonic() if now is None else now
        user = username.strip().lower()
        with self._lock:
            waits: list[float] = []
            checks: tuple[tuple[deque[float], float, int], ...] = (
                (
                    self._trim(self._user_failures[user], now - self.window),
                    self.window,
                    self.per_user,
                ),
                (self._trim(self._ip_failures[ip], now - self.window), self.window, self.per_ip),
                (self._trim(self._ip_attempts[ip], now - 60), 60.0, self.per_ip_minute),
            )
            for times, span, limit in checks:
                if len(times) >= limit:
                    waits.append(times[len(times) - limit] + span - now)
            if waits:
                return max(1.0, max(waits))
            self._ip_attempts[ip].append(now)
            return None

    def fail(self, ip: str, username: str, now: float | None = None) -> None:
        """Count a failed sign-in."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._user_failures[username.strip().lower()].append(now)
            self._ip_failures[ip].append(now)

    def succeed(self, username: str) -> None:
        """A right password clears the username's failures (not the address's)."""
        with self._lock:
            self._user_failures.pop(username.strip().lower(), None)


def new_csrf_token() -> str:
    """A fresh random token for a session."""
    return secrets.token_urlsafe(32)


def csrf_matches(session: dict[str, Any], given: str | None) -> bool:
    """True when ``given`` is the session's CSRF token (compared in constant time)."""
    expected = session.get(CSRF_FIELD)
    if not isinstance(expected, str) or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


__all__ = [
    "CSP",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SAFE_METHODS",
    "SECURITY_HEADERS",
    "BodyLimitMiddleware",
    "LoginLimiter",
    "SecurityHeadersMiddleware",
    "csrf_matches",
    "new_csrf_token",
]
