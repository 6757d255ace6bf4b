"""The pages of the analyst application: sign in, home, name search, sign out.

Sign-in and sign-out are audited (``auth.login``, ``auth.login_failed``, ``auth.logout``);
a name search is a ``screening.search`` event like an API search. Every form carries the
session's CSRF token; :func:`openfiu.web.auth.allow` checks it on every POST.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from openfiu.audit import SearchRecord, authenticate, check_justification, record
from openfiu.errors import QueryError
from openfiu.store import JustificationRequiredError
from openfiu.web.auth import Principal, allow, client_ip, current_principal
from openfiu.web.rendering import render
from openfiu.web.security import CSRF_FIELD, csrf_matches, new_csrf_token
from openfiu.web.state import WebState, get_state

router = APIRouter(include_in_schema=False)

KINDS = ("", "person", "organization", "vessel", "wallet")


def _safe_next(path: str | None) -> str:
    """Only paths on this site (``/…``, not ``//host``) may be a sign-in's next page."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/"


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, next: str = "/") -> Response:
    """The sign-in form (signed-in users go straight on)."""
    principal = await current_principal(request)
    if principal is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", None, next=_safe_next(next), error=None)


def _login(state: WebState, username: str, password: str, ip: str) -> int | None:
    with state.store.transaction() as session:
        user = authenticate(session, username, password)
        if user is None:
            record(
                session,
                "anonymous",
                "auth.login_failed",
                "user",
                "-",
                None,
                {"username": username[:128], "ip": ip},
            )
            return None
        record(session, user.username, "auth.login", "user", user.id, None, {"ip": ip})
        return user.id


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=128)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password (argon2), rate-limited per address and per username."""
    state = get_state(request)
    target = _safe_next(next)
    if not csrf_matches(request.session, csrf_token):
        return render(
            request,
            "login.html",
            None,
            status_code=403,
            next=target,
            error="The form expired; please sign in again.",
        )
    ip = client_ip(request)
    wait = state.limiter.blocked(ip, username)
    if wait is not None:
        response = render(
            request,
            "login.html",
            None,
            status_code=429,
            next=target,
            error=f"Too many sign-in attempts. Wait {wait:.0f} seconds and try again.",
        )
        response.headers["Retry-After"] = f"{wait:.0f}"
        return response
    user_id = await run_in_threadpool(_login, state, username, password, ip)
    if user_id is None:
        state.limiter.fail(ip, username)
        return render(
            request,
            "login.html",
            None,
            status_code=401,
            next=target,
            error="Wrong username or password.",
        )
    state.limiter.succeed(username)
    request.session.clear()  # a new session: no fixation
    request.session.update(
        {"uid": user_id, "login_at": int(time.time()), CSRF_FIELD: new_csrf_token()}
    )
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(
    request: Request, principal: Annotated[Principal, Depends(allow(page=True))]
) -> Response:
    """End the session (the form carries the CSRF token)."""
    state = get_state(request)

    def write() -> None:
        with state.store.transaction() as session:
            record(session, principal.actor, "auth.logout", "user", principal.id)

    await run_in_threadpool(write)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request, principal: Annotated[Principal, Depends(allow(page=True))]
) -> Response:
    """What this user may do, and the lists in use."""
    state = get_state(request)
    return render(request, "home.html", principal, lists=state.lists)


@router.get("/search", response_class=HTMLResponse)
async def search_form(
    request: Request, principal: Annotated[Principal, Depends(allow("search", page=True))]
) -> Response:
    """The empty name-search form."""
    return render(request, "search.html", principal, form={}, kinds=KINDS, results=None)


@router.post("/search", response_class=HTMLResponse)
async def search(
    request: Request,
    principal: Annotated[Principal, Depends(allow("search", page=True))],
    name: Annotated[str, Form(max_length=1000)] = "",
    kind: Annotated[str, Form()] = "",
    birth_date: Annotated[str, Form(max_length=40)] = "",
    nationality: Annotated[str, Form(max_length=60)] = "",
    justification: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Screen one name and show each match with its explanation (audited)."""
    state = get_state(request)
    form = {
        "name": name,
        "kind": kind,
        "birth_date": birth_date,
        "nationality": nationality,
        "justification": justification,
    }
    query: dict[str, Any] = {
        "name": name,
        "kind": kind or None,
        "birth_date": birth_date or None,
        "nationality": nationality or None,
    }

    def page(status: int, error: str | None, results: list[dict[str, Any]] | None) -> Response:
        return render(
            request,
            "search.html",
            principal,
            status_code=status,
            form=form,
            kinds=KINDS,
            results=results,
            error=error,
        )

    if kind not in KINDS:
        return page(400, f"Unknown kind {kind!r}.", None)
    try:
        check_justification(query, justification)
        matches = state.screener.screen(query, limit=20)
    except (JustificationRequiredError, QueryError) as exc:
        return page(400, str(exc)[:1].upper() + str(exc)[1:] + ".", None)
    shown = state.screener.threshold
    results = [state.entities.scored(m, query, shown) | {"reference": m.reference} for m in matches]
    audited = {**query, "endpoint": "/search", "matched": [r["id"] for r in results]}
    try:
        await state.audit.write([SearchRecord(principal.actor, audited, justification)])
    except Exception as exc:
        raise HTTPException(503, "the search could not be audited, so no result is shown") from exc
    return page(200, None, results)


__all__ = ["router"]
