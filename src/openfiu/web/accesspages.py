"""Need-to-know in the browser: supervisors give and take back access to a case.

``GET /access`` asks for a case reference; ``GET /access?case=C-2024-00007`` shows who
holds access (users and teams, who granted it, why) with a form to grant it to a user or
a team and one to revoke each grant. Both changes go through
:func:`openfiu.cases.grant_access` / :func:`openfiu.cases.revoke_access` (``case.grant``,
supervisors; a reason is required; audited as ``case.grant`` / ``case.revoke``). Showing
the grants is audited as ``case.access.view``. The page shows a case's reference and
status only, never its content: supervisors read a case only with a grant of their own.
The page also assigns the case to a user or a team (``POST /cases/{reference}/assign``,
:mod:`openfiu.web.caseactions`), which gives the assignee access when they lack it.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from openfiu.audit import PERMISSIONS, record
from openfiu.cases import case_assignee, grant_access, known_teams, load_case, revoke_access
from openfiu.store.models import CaseGrant, CaseTeamGrant, User
from openfiu.web.auth import Principal, allow
from openfiu.web.casecalls import back, call
from openfiu.web.rendering import render

router = APIRouter(include_in_schema=False)


def _edits_cases(roles: frozenset[str]) -> bool:
    """True when one of ``roles`` works on cases (``case.edit``): who a case is assigned to."""
    return any("case.edit" in PERMISSIONS.get(role, ()) for role in roles)


def _grants(session: Session, principal: Principal, reference: str) -> dict[str, Any]:
    case = load_case(session, reference)
    names = dict(session.execute(select(User.id, User.username)).tuples().all())
    users = [
        {
            "username": names.get(g.user_id, "?"),
            "by": names.get(g.granted_by or 0, "—"),
            "at": g.granted_at,
            "reason": g.reason,
        }
        for g in session.scalars(
            select(CaseGrant).where(CaseGrant.case_id == case.id).order_by(CaseGrant.granted_at)
        )
    ]
    teams = [
        {
            "team": g.team,
            "by": names.get(g.granted_by or 0, "—"),
            "at": g.granted_at,
            "reason": g.reason,
        }
        for g in session.scalars(
            select(CaseTeamGrant)
            .where(CaseTeamGrant.case_id == case.id)
            .order_by(CaseTeamGrant.granted_at)
        )
    ]
    record(
        session,
        principal.actor,
        "case.access.view",
        "case",
        case.id,
        None,
        {"via": "web", "users": len(users), "teams": len(teams)},
    )
    people = list(
        session.scalars(select(User).where(User.active.is_(True)).order_by(User.username))
    )
    editors = [u.username for u in people if _edits_cases(u.role_names)]
    return {
        "case": {
            "reference": case.reference,
            "status": case.status,
            "opened": case.created_at,
            "assignee": case_assignee(session, case.id),
        },
        "assignable": editors,
        "assignable_teams": known_teams(session, "case.edit"),
        "users": users,
        "teams": teams,
        "candidates": [
            {"username": u.username, "roles": ", ".join(sorted(u.role_names))}
            for u in people
            if u.username not in {g["username"] for g in users}
        ],
    }


@router.get("/access", response_class=HTMLResponse)
async def access_page(
    request: Request,
    principal: Annotated[Principal, Depends(allow("case.grant", page=True))],
    case: str = "",
) -> Response:
    """Who holds access to a case, and the forms to grant and revoke it."""
    reference = case.strip()
    page: dict[str, Any] = {"case": None}
    if reference:
        page = await call(request, lambda s: _grants(s, principal, reference))
    return render(request, "access.html", principal, reference=reference, **page)


def _one_of(username: str, team: str) -> tuple[str | None, str | None]:
    user, group = username.strip() or None, team.strip() or None
    if (user is None) == (group is None):
        raise HTTPException(422, "choose a user or name a team (one of the two)")
    return user, group


def _here(reference: str) -> str:
    return "/access?" + urlencode({"case": reference}) if reference else "/access"


async def _change_access(
    request: Request,
    principal: Principal,
    case: str,
    username: str,
    team: str,
    reason: str,
    *,
    give: bool,
) -> Response:
    """Give (``give``) or take back a user's or a team's access to a case and go back to
    the access page with what was done."""
    user, group = _one_of(username, team)
    reference = case.strip()

    def work(session: Session) -> str:
        if give:
            grant_access(session, principal.id, reference, to_user=user, team=group, reason=reason)
        else:
            revoke_access(
                session, principal.id, reference, from_user=user, team=group, reason=reason
            )
        return load_case(session, reference).reference

    found = await call(request, work)
    who = f"team {group}" if group else str(user)
    if give:
        message = (
            f"{who} now has access to case {found}. Access given and taken is in the audit log."
        )
    else:
        message = f"{who} no longer has access to case {found}."
    return back(_here(found), message, request)


@router.post("/access/grant")
async def grant(
    request: Request,
    principal: Annotated[Principal, Depends(allow("case.grant", page=True))],
    case: Annotated[str, Form(max_length=64)] = "",
    username: Annotated[str, Form(max_length=128)] = "",
    team: Annotated[str, Form(max_length=64)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Give a user or a team access to the case (reason required; audited)."""
    return await _change_access(request, principal, case, username, team, reason, give=True)


@router.post("/access/revoke")
async def revoke(
    request: Request,
    principal: Annotated[Principal, Depends(allow("case.grant", page=True))],
    case: Annotated[str, Form(max_length=64)] = "",
    username: Annotated[str, Form(max_length=128)] = "",
    team: Annotated[str, Form(max_length=64)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Take back a user's or a team's access (reason required; audited)."""
    return await _change_access(request, principal, case, username, team, reason, give=False)


__all__ = ["router"]
