"""The alert queue (screening hits and monitoring alerts) and the list of cases.

``GET /alerts`` lists work items with filters (kind, rule, score, status, assigned to me
— personally or to one of my teams —, to my teams, or to nobody); each item has two
triage forms: *false positive* (with the reason) and *escalate* (into a new case, or an
existing one by its reference), and an *assign* form (to a user who triages, a team with
a member who does — the value ``team:NAME`` —, or nobody). ``GET /cases`` lists the
cases the user may read (all, those assigned to them or their teams, or to their teams).
Every listing, triage and assignment is audited by
:mod:`openfiu.cases` (``workitem.queue``, ``workitem.false_positive``,
``workitem.escalate``, ``workitem.assign``, ``case.list``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from openfiu.audit import PERMISSIONS
from openfiu.cases import (
    UNASSIGNED,
    QueueFilters,
    assign_item,
    case_assignee,
    escalate,
    known_teams,
    list_cases,
    mark_false_positive,
    queue,
    teams_of,
)
from openfiu.store.models import Alert, User
from openfiu.web.auth import Principal, allow
from openfiu.web.caseactions import assignee_or_team
from openfiu.web.casecalls import back, call, require_role
from openfiu.web.rendering import render

router = APIRouter(include_in_schema=False)

STATUSES = ("new", "escalated", "false_positive", "closed", "any")
CASE_STATUSES = ("", "open", "str_filed", "disseminated", "closed")
ASSIGNED = ("", "me", "teams", UNASSIGNED)
"""The queue's assignment filter: anyone, assigned to me (or my teams), to my teams, to
nobody."""
CASES_ASSIGNED = ("", "me", "teams")


def _number(text: str, name: str) -> float | None:
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        raise HTTPException(422, f"{name} must be a number such as 0.8") from None
    if not 0.0 <= value <= 1.0:
        raise HTTPException(422, f"{name} must be between 0 and 1")
    return value


def _assignee(assigned: str, me: Principal) -> str | None:
    """The queue's ``assignee`` filter from the form's choice (any, me, nobody)."""
    if assigned not in ASSIGNED:
        raise HTTPException(422, "assigned must be empty (anyone), me, teams or - (nobody)")
    return {"": None, "me": me.username, "teams": None, UNASSIGNED: UNASSIGNED}[assigned]


def _filters(
    kind: str, rule: str, min_score: str, status: str, page: int, assignee: str | None
) -> QueueFilters:
    if kind not in ("", "alert", "match"):
        raise HTTPException(422, "kind must be alert or match")
    if status not in STATUSES:
        raise HTTPException(422, f"status must be one of {', '.join(STATUSES)}")
    return QueueFilters(
        assignee=assignee,
        kind=kind or None,
        rule=rule.strip() or None,
        min_score=_number(min_score, "minimum score"),
        status=None if status == "any" else status,
        page=max(1, page),
        per_page=25,
    )


def _rules(session: Session) -> list[str]:
    return ["screening", *session.scalars(select(Alert.rule).distinct().order_by(Alert.rule))]


def _triagers(session: Session) -> list[str]:
    """Active users whose roles triage work items: who an item may be assigned to."""
    people = session.scalars(select(User).where(User.active.is_(True)).order_by(User.username))
    return [
        u.username
        for u in people
        if any("alert.triage" in PERMISSIONS.get(role, ()) for role in u.role_names)
    ]


@router.get("/alerts", response_class=HTMLResponse)
async def alert_queue(
    request: Request,
    principal: Annotated[Principal, Depends(allow("alert.triage", page=True))],
    kind: str = "",
    rule: str = "",
    min_score: str = "",
    status: str = "new",
    assigned: str = "",
    page: int = 1,
) -> Response:
    """Screening hits and monitoring alerts waiting for triage, highest score first;
    ``assigned=me`` shows the items assigned to the user or to one of their teams,
    ``assigned=teams`` those assigned to their teams, ``assigned=-`` nobody's."""
    filters = _filters(kind, rule, min_score, status, page, _assignee(assigned, principal))

    def work(session: Session) -> tuple[Any, list[str], list[str], list[str]]:
        wanted = filters
        if assigned == "teams":
            wanted = replace(filters, teams=tuple(teams_of(session, principal.id)))
        return (
            queue(session, principal.id, wanted),
            _rules(session),
            _triagers(session),
            known_teams(session, "alert.triage"),
        )

    found, rules, triagers, teams = await call(request, work)
    form = {
        "kind": kind,
        "rule": rule,
        "min_score": min_score,
        "status": status,
        "assigned": assigned,
    }
    links = {
        step: "/alerts?" + urlencode({**form, "page": found.page + step})
        for step in (-1, 1)
        if 1 <= found.page + step <= found.pages
    }
    return render(
        request,
        "alerts.html",
        principal,
        found=found,
        form=form,
        rules=rules,
        statuses=STATUSES,
        triagers=triagers,
        teams=teams,
        pages=links,
        back_to=request.url.path + ("?" + request.url.query if request.url.query else ""),
    )


def _return_path(value: str) -> str:
    return value if value.startswith("/alerts") and not value.startswith("//") else "/alerts"


@router.post("/alerts/{key}/false-positive")
async def false_positive(
    request: Request,
    key: str,
    principal: Annotated[Principal, Depends(allow("alert.triage", page=True))],
    reason: Annotated[str, Form(max_length=2000)] = "",
    back_to: Annotated[str, Form(max_length=500)] = "/alerts",
) -> Response:
    """Close a new item as a false positive, with the reason (audited)."""
    item = await call(request, lambda s: mark_false_positive(s, principal.id, key, reason))
    message = f"{item.key} marked as a false positive. It stays in the audit log."
    return back(_return_path(back_to), message, request)


@router.post("/alerts/{key}/assign")
async def assign(
    request: Request,
    key: str,
    principal: Annotated[Principal, Depends(allow("alert.triage", page=True))],
    assignee: Annotated[str, Form(max_length=128)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    back_to: Annotated[str, Form(max_length=500)] = "/alerts",
) -> Response:
    """Assign a work item to a user who triages, or a team (``team:NAME``; empty: to
    nobody); audited."""
    who, team = assignee_or_team(assignee)
    await call(request, lambda s: assign_item(s, principal.id, key, who, reason or None, team=team))
    if who or team:
        message = f"{key} assigned to {who or 'team ' + str(team)}."
    else:
        message = f"{key} is assigned to nobody now."
    return back(_return_path(back_to), message, request)


@router.post("/alerts/{key}/escalate")
async def escalate_item(
    request: Request,
    key: str,
    principal: Annotated[Principal, Depends(allow("alert.triage", page=True))],
    reason: Annotated[str, Form(max_length=2000)] = "",
    case: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Escalate an item into a new case (or the case named), then open that case."""

    def work(session: Session) -> str:
        row = escalate(session, principal.id, key, reason=reason, case=case.strip() or None)
        return row.reference

    reference = await call(request, work)
    message = f"{key} escalated into case {reference}. Add evidence, then propose a decision."
    return back(f"/cases/{reference}", message, request)


@router.get("/cases", response_class=HTMLResponse)
async def cases(
    request: Request,
    principal: Annotated[Principal, Depends(allow(page=True))],
    status: str = "",
    assigned: str = "",
    page: int = 1,
) -> Response:
    """The cases this user may read (need-to-know), newest first; ``assigned=me``: those
    assigned to the user or one of their teams; ``assigned=teams``: to their teams."""
    require_role(principal, "case.view", "audit.read")
    if status not in CASE_STATUSES:
        raise HTTPException(
            422, f"status must be one of {', '.join(s for s in CASE_STATUSES if s)}"
        )
    if assigned not in CASES_ASSIGNED:
        raise HTTPException(422, "assigned must be empty (anyone), me or teams")
    mine = principal.id if assigned == "me" else None

    def work(session: Session) -> Any:
        teams = teams_of(session, principal.id) if assigned == "teams" else None
        found = list_cases(
            session,
            principal.id,
            status=status or None,
            assignee=mine,
            teams=teams,
            page=max(1, page),
        )
        rows = [
            {
                "reference": c.reference,
                "title": c.title,
                "status": c.status,
                "assignee": case_assignee(session, c.id),
                "created_at": c.created_at,
                "pending": sum(1 for d in c.decisions if d.status == "proposed"),
            }
            for c in found.items
        ]
        return found, rows

    found, rows = await call(request, work)
    return render(
        request,
        "cases.html",
        principal,
        found=found,
        rows=rows,
        status=status,
        assigned=assigned,
        statuses=CASE_STATUSES,
    )


__all__ = ["router"]
