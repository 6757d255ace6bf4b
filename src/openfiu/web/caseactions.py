"""Case actions beyond evidence: assign a case, export it, withdraw one's own proposal.

* ``POST /cases/{reference}/assign`` — make a user or a team (the form's value
  ``team:NAME``) responsible for the case (:func:`openfiu.cases.assign_case`: a
  supervisor assigns anyone, granting access as needed; an analyst with ``case.edit`` on
  the case assigns a user or a team that already has access). A reason is required;
  audited as ``case.assign``.
* ``POST /cases/{reference}/export`` — download the case as JSON (everything) or its
  evidence as CSV (:func:`openfiu.cases.export_case`: ``case.export`` with a grant, and a
  justification); the export is audited as ``case.export`` before a byte is sent.
* ``POST /decisions/{decision_id}/withdraw`` — the proposer takes back a decision nobody
  has reviewed yet (:func:`openfiu.cases.withdraw`, with the version shown and a reason);
  audited as ``decision.withdraw`` and shown in the timeline. Nobody else may.

All three are forms on the case page (assignment also on the supervisors' access page);
each carries the session's CSRF token, which :func:`openfiu.web.auth.allow` checks.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from openfiu.cases import assign_case, evidence_csv, export_case, withdraw
from openfiu.web.auth import Principal, allow
from openfiu.web.casecalls import back, call, require_role

router = APIRouter(include_in_schema=False)

MEDIA_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8"}

TEAM_PREFIX = "team:"
"""An assign form's value for a team: ``team:fin`` (a username holds no colon)."""


def assignee_or_team(value: str) -> tuple[str | None, str | None]:
    """(user, team) from an assign form's choice: ``"ana"``, ``"team:fin"`` or empty.

    >>> assignee_or_team("team:fin"), assignee_or_team(" ana "), assignee_or_team("")
    ((None, 'fin'), ('ana', None), (None, None))
    """
    choice = value.strip()
    if choice.startswith(TEAM_PREFIX):
        return None, choice.removeprefix(TEAM_PREFIX).strip() or None
    return choice or None, None


def _return_path(value: str, reference: str) -> str:
    """Where to go after assigning: the case page, or the access page of the same case."""
    if value.startswith(("/cases/", "/access?")) and not value.startswith("//"):
        return value
    return f"/cases/{reference}"


@router.post("/cases/{reference}/assign")
async def assign(
    request: Request,
    reference: str,
    principal: Annotated[Principal, Depends(allow(page=True))],
    assignee: Annotated[str, Form(max_length=128)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    back_to: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Make ``assignee`` (a username, or ``team:NAME``) responsible for the case (reason
    required; audited)."""
    require_role(principal, "case.grant", "case.edit")
    who, team = assignee_or_team(assignee)
    if who is None and team is None:
        raise HTTPException(422, "choose the user or the team to assign the case to")

    def work(session: Session) -> None:
        assign_case(session, principal.id, reference, who, team=team, reason=reason)

    await call(request, work)
    whom = who or f"team {team}"
    message = f"Case {reference} is now assigned to {whom}; it shows in their cases."
    return back(_return_path(back_to, reference), message, request)


def _filename(reference: str, fmt: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in reference)[:80]
    return f"case-{safe or 'export'}{'-evidence' if fmt == 'csv' else ''}.{fmt}"


@router.post("/cases/{reference}/export")
async def export(
    request: Request,
    reference: str,
    principal: Annotated[Principal, Depends(allow(page=True))],
    justification: Annotated[str, Form(max_length=2000)] = "",
    format: Annotated[str, Form(max_length=8)] = "json",
) -> Response:
    """Download the case (JSON) or its evidence (CSV); need-to-know, a justification,
    audited as ``case.export``."""
    require_role(principal, "case.export")

    def work(session: Session) -> dict[str, Any]:
        return export_case(session, principal.id, reference, justification, format)

    document = await call(request, work)
    if format == "csv":
        body = evidence_csv(document)
    else:
        body = json.dumps(document, ensure_ascii=False, indent=2)
    return Response(
        body.encode("utf-8"),
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{_filename(reference, format)}"'},
    )


@router.post("/decisions/{decision_id}/withdraw")
async def withdraw_decision(
    request: Request,
    decision_id: int,
    principal: Annotated[Principal, Depends(allow(page=True))],
    version: Annotated[int, Form()],
    reason: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """The proposer withdraws their decision before review (reason required; audited)."""
    require_role(principal, "decision.propose")

    def work(session: Session) -> tuple[str, str]:
        row = withdraw(session, principal.id, decision_id, version, reason)
        return row.kind.replace("_", " "), row.case.reference

    kind, reference = await call(request, work)
    message = f"Withdrawn: {kind}. No reviewer will see it; the timeline keeps it."
    return back(f"/cases/{reference}", message, request)


__all__ = ["router"]
