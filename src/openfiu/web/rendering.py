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
from openfiu.web.auth import Principal, may
from openfiu.web.security import CSRF_FIELD, new_csrf_token
from openfiu.web.state import get_state


@dataclass(frozen=True, slots=True)
class NavItem:
    """A link in the navigation, shown to users allowed ``action`` (None: everyone)."""

    label: str
    path: str
    action: str | None = None


NAV: list[NavItem] = [
    NavItem("Home", "/"),
    NavItem("Name search", "/search", "search"),
]
"""The navigation, in order; later pages append their items."""


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
    nav = (
        [item for item in NAV if item.action is None or may(principal, item.action)]
        if principal is not None
        else []
    )
    templates = get_state(request).templates
    return templates.TemplateResponse(
        request,
        template,
        {
            "principal": principal,
            "nav": nav,
            "csrf_token": csrf_token(request),
            "version": __version__,
            **context,
        },
        status_code=status_code,
    )


__all__ = ["NAV", "NavItem", "csrf_token", "render"]
