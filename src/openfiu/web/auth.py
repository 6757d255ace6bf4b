"""Who is asking, and may they: the authentication and authorisation every endpoint uses.

A request is signed in by one of

* the session cookie (browser; made by ``POST /login``), which also needs the session's
  CSRF token on every state-changing request (form field ``csrf_token`` or header
  ``X-CSRF-Token``);
* an API key: ``Authorization: ApiKey <key>`` (as yente clients send it),
  ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``;
* HTTP basic with a store user's name and password (sign-in rate limits apply).

Every route declares what it needs with :func:`allow`::

    @router.get("/api/search")
    async def search(principal: Principal = Depends(allow("search"))) -> ...

which answers 401 (API) or a redirect to ``/login`` (pages) when nobody is signed in and
403 saying why when the roles do not allow it (:func:`openfiu.audit.why_not`). Routes
without it must be listed in :data:`PUBLIC_PATHS`; a test checks every route.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import HTTPException, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from openfiu.audit import authenticate, why_not
from openfiu.store.models.people import User
from openfiu.web.security import CSRF_FIELD, CSRF_HEADER, SAFE_METHODS, csrf_matches
from openfiu.web.state import WebState, get_state

PUBLIC_PATHS = frozenset({"/healthz", "/login", "/openapi.json", "/static"})
"""Paths that need no sign-in (the sign-in form itself, health, the API schema, assets)."""

Via = Literal["session", "api-key", "basic"]


@dataclass(frozen=True, slots=True)
class Principal:
    """The signed-in user of one request (satisfies :class:`openfiu.audit.permissions.UserLike`)."""

    id: int
    username: str
    display_name: str
    role_names: frozenset[str]
    active: bool
    via: Via
    key_label: str | None = None
    default_justification: str | None = None

    @property
    def actor(self) -> str:
        """The name written in the audit log."""
        return self.username


class LoginRequiredError(Exception):
    """A page needs a signed-in user; the app redirects to ``/login?next=…``."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def _principal(user: User, via: Via, **extra: Any) -> Principal:
    return Principal(
        id=user.id,
        username=user.username,
        display_name=user.display_name or user.username,
        role_names=user.role_names,
        active=user.active,
        via=via,
        **extra,
    )


def _cached(state: WebState, key: str, load: Callable[[], Principal | None]) -> Principal | None:
    """``load()`` kept for ``user_cache_seconds`` (API keys are used many times a second)."""
    ttl = state.settings.user_cache_seconds
    cache = state.principals
    now = time.monotonic()
    hit = cache.get(key)
    if hit is not None and hit[0] > now:
        found: Principal | None = hit[1]
        return found
    value = load()
    if ttl > 0:
        if len(cache) > 10_000:
            cache.clear()
        cache[key] = (now + ttl, value)
    return value


def _user_by(state: WebState, **where: Any) -> User | None:
    column = User.id if "id" in where else User.username
    value = where.get("id", where.get("username"))
    with state.store.transaction() as session:
        return session.scalars(select(User).where(column == value)).one_or_none()


def _api_key_principal(state: WebState, key: str) -> Principal | None:
    found = state.keys.find(key)
    if found is None:
        return None

    def load() -> Principal | None:
        user = _user_by(state, username=found.user)
        if user is None:
            return None
        return _principal(
            user, "api-key", key_label=found.label, default_justification=found.justification
        )

    return _cached(state, "key:" + found.sha256, load)


def client_ip(request: Request) -> str:
    """The client's address (behind a proxy, run uvicorn with ``--proxy-headers``)."""
    return request.client.host if request.client is not None else "unknown"


async def _basic_principal(state: WebState, request: Request, token: str) -> Principal | None:
    try:
        username, _, password = base64.b64decode(token, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    ip = client_ip(request)
    wait = state.limiter.blocked(ip, username)
    if wait is not None:
        raise HTTPException(
            429, "too many sign-in attempts; wait and try again", {"Retry-After": f"{wait:.0f}"}
        )
    digest = hashlib.sha256(f"{username}\0{password}".encode()).hexdigest()

    def check() -> Principal | None:
        with state.store.transaction() as session:
            user = authenticate(session, username, password)
            return _principal(user, "basic") if user is not None else None

    principal = await run_in_threadpool(_cached, state, "basic:" + digest, check)
    if principal is None:
        state.limiter.fail(ip, username)
    else:
        state.limiter.succeed(username)
    return principal


async def _session_principal(state: WebState, request: Request) -> Principal | None:
    session = request.session
    uid, login_at = session.get("uid"), session.get("login_at")
    if not isinstance(uid, int) or not isinstance(login_at, int | float):
        return None
    if time.time() - login_at > state.settings.session_max_age:
        session.clear()
        return None
    user = await run_in_threadpool(_user_by, state, id=uid)
    if user is None or not user.active:
        session.clear()
        return None
    if request.method not in SAFE_METHODS:
        given = request.headers.get(CSRF_HEADER)
        if given is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            value = (await request.form()).get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
        if not csrf_matches(session, given):
            raise HTTPException(403, "missing or wrong CSRF token; reload the page and try again")
    return _principal(user, "session")


async def current_principal(request: Request) -> Principal | None:
    """The signed-in user of ``request``, or None (raises 403 for a bad CSRF token)."""
    state = get_state(request)
    header = request.headers.get("authorization")
    if header:
        scheme, _, token = header.partition(" ")
        scheme, token = scheme.lower(), token.strip()
        if scheme in ("apikey", "bearer", "token"):
            return _api_key_principal(state, token)
        if scheme == "basic":
            return await _basic_principal(state, request, token)
        return None
    key = request.headers.get("x-api-key")
    if key:
        return _api_key_principal(state, key.strip())
    if "session" in request.scope:
        return await _session_principal(state, request)
    return None


Dependency = Callable[[Request], Awaitable[Principal]]


def allow(*actions: str, page: bool = False) -> Dependency:
    """A dependency: the signed-in :class:`Principal` allowed any of ``actions``
    (names from :data:`openfiu.audit.ACTIONS`; none given: any signed-in user).

    ``page`` True redirects to the sign-in form instead of answering 401.
    """

    async def dependency(request: Request) -> Principal:
        principal = await current_principal(request)
        if principal is None:
            if page:
                raise LoginRequiredError(request.url.path)
            raise HTTPException(
                401,
                "sign in: send an API key (Authorization: ApiKey <key>) or HTTP basic",
                {"WWW-Authenticate": 'ApiKey realm="openfiu"'},
            )
        if not principal.active:
            raise HTTPException(403, "the account is locked")
        if actions:
            reasons = [why_not(principal, action) for action in actions]
            if all(reason is not None for reason in reasons):
                raise HTTPException(403, f"{principal.username} may not do this: {reasons[0]}")
        return principal

    dependency.openfiu_actions = actions  # type: ignore[attr-defined]
    return dependency


def may(principal: Principal, action: str) -> bool:
    """True when ``principal`` may do ``action`` (for showing or hiding links)."""
    return why_not(principal, action) is None


__all__ = [
    "PUBLIC_PATHS",
    "LoginRequiredError",
    "Principal",
    "allow",
    "client_ip",
    "current_principal",
    "may",
]
