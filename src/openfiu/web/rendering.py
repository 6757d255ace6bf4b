"""Server-rendered pages: the navigation and one way to render a template.

Pages extend ``templates/base.html`` (navigation, signed-in user, sign-out form) and fill
its ``content`` block. A new page (alert queue, case, four-eyes, audit browser) adds a
router module with its routes, a template, and a :class:`NavItem` to :data:`NAV` naming the
action a user needs to see the link::

    NAV.append(NavItem("Alerts", "/alerts", "alert.triage"))

    @router.get("/alerts")
    def alerts(request: Request, principal: Principal = Depends(allow("alert.triage", page=True))):
        return render(request, "alerts.html", principal, alerts=...)

Templates get ``principal``, ``nav`` (the links this user may follow), ``csrf_token`` (put
it in every form: ``<input type="hidden" name="csrf_token" value="{{ csrf_token }}">``)
and what the route passes. Scripts and styles are files under ``static/`` (the CSP
forbids inline ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from openfiu import __version__
from openfiu.audit import PERMISSIONS
from openfiu.web.auth import Principal
from openfiu.web.casecalls import take_flash
from openfiu.web.security import CSRF_FIELD, new_csrf_token
from openfiu.web.state import get_state


@dataclass(frozen=True, slots=True)
class NavItem:
    """A link in the navigation, shown to users allowed ``action`` (None: everyone)."""

    label: str
    path: str
    action: str | None = None
    or_action: str | None = None
    """A second action that also shows the link (e.g. auditors reading cases)."""


NAV: list[NavItem] = [
    NavItem("Home", "/"),
    NavItem("Name search", "/search", "search"),
    NavItem("Batch screening", "/batch", "search"),
    NavItem("Alert queue", "/alerts", "alert.triage"),
    NavItem("Cases", "/cases", "case.view", "audit.read"),
    NavItem("Decisions to review", "/decisions", "decision.approve"),
    NavItem("Case access", "/access", "case.grant"),
    NavItem("Audit log", "/audit", "audit.read"),
    NavItem("List versions", "/lists"),
]
"""The navigation, in order; later pages append their items."""


def shows(principal: Principal, item: NavItem) -> bool:
    """True when ``principal``'s roles allow ``item`` (case actions: by role; the grant
    on each case is checked when it is opened)."""
    wanted = [a for a in (item.action, item.or_action) if a is not None]
    if not wanted:
        return True
    if not principal.active:
        return False
    return any(
        action in PERMISSIONS.get(role, frozenset())
        for action in wanted
        for role in principal.role_names
    )


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = new_csrf_token()
        request.session[CSRF_FIELD] = token
    return token


def render(
    request: Request,
    template: str,
    principal: Principal | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render ``template`` with the shared context (see the module docstring)."""
    nav = [item for item in NAV if shows(principal, item)] if principal is not None else []
    templates = get_state(request).templates
    return templates.TemplateResponse(
        request,
        template,
        {
            "principal": principal,
            "nav": nav,
            "csrf_token": csrf_token(request),
            "version": __version__,
            "flash": take_flash(request),
            "current": request.url.path,
            **context,
        },
        status_code=status_code,
    )


__all__ = ["NAV", "NavItem", "csrf_token", "render", "shows"]
