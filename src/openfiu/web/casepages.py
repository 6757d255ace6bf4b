"""The case page: timeline, evidence, network view, decisions.

``GET /cases/{reference}`` shows a case to those with need-to-know (and to auditors, for
oversight): what it holds (links, notes, attachments), its decisions, its complete
history, and a network of its accounts and entities drawn by ``static/case-graph.js``
with cytoscape.js from ``GET /cases/{reference}/graph.json``. Forms add notes, links and
attachments, and propose a decision, which takes effect only once a reviewer approves it;
the forms to assign, export and withdraw a proposal post to :mod:`openfiu.web.caseactions`.
Every reading and change is audited by :mod:`openfiu.cases`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from openfiu.audit import PERMISSIONS, PermissionDeniedError, allowed
from openfiu.cases import (
    EFFECTS,
    add_attachment,
    add_link,
    add_note,
    case_assignee,
    case_graph,
    has_access,
    known_teams,
    load_case,
    propose,
    read_attachment,
    timeline,
)
from openfiu.cases.access import require_case
from openfiu.cases.casework import DIRECT_LINK_KINDS
from openfiu.store.models import Case, CaseTeamGrant, User
from openfiu.web import caseactions
from openfiu.web.auth import Principal, allow, may
from openfiu.web.casecalls import back, call, require_role
from openfiu.web.rendering import render
from openfiu.web.state import get_state

router = APIRouter(include_in_schema=False)
router.include_router(caseactions.router)  # assign, export, withdraw (forms on this page)

READERS = ("case.view", "audit.read")


def _may(session: Session, me: User, action: str, case: Case) -> bool:
    try:
        require_case(session, me, action, case)
    except PermissionDeniedError:
        return False
    return case.status != "closed"


def _may_export(session: Session, me: User, case: Case) -> bool:
    try:
        require_case(session, me, "case.export", case)
    except PermissionDeniedError:
        return False
    return True


def _assignable(session: Session, me: User, case: Case) -> list[str]:
    """Who ``me`` may assign ``case`` to: active users whose roles edit cases — anyone for
    a supervisor (the assignment grants access), else those who hold access already."""
    people = session.scalars(select(User).where(User.active.is_(True)).order_by(User.username))
    editors = [
        u for u in people if any("case.edit" in PERMISSIONS.get(role, ()) for role in u.role_names)
    ]
    if allowed(me, "case.grant"):
        return [u.username for u in editors]
    return [u.username for u in editors if has_access(session, u, case)]


def _assignable_teams(session: Session, me: User, case: Case) -> list[str]:
    """The teams ``me`` may assign ``case`` to: those with a member who edits cases — any
    for a supervisor (the assignment grants the team access), else those holding a grant."""
    teams = known_teams(session, "case.edit")
    if allowed(me, "case.grant"):
        return teams
    granted = set(
        session.scalars(select(CaseTeamGrant.team).where(CaseTeamGrant.case_id == case.id))
    )
    return [team for team in teams if team in granted]


def _team_grants(session: Session, case: Case) -> list[CaseTeamGrant]:
    query = select(CaseTeamGrant).where(CaseTeamGrant.case_id == case.id)
    return list(session.scalars(query.order_by(CaseTeamGrant.team)))


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(wanted))).all()
    return {row[0]: row[1] for row in rows}


def _case_page(session: Session, user_id: int, reference: str) -> dict[str, Any]:
    history = timeline(session, user_id, reference)  # checks access; audited as case.view
    case = load_case(session, reference)
    me = session.get_one(User, user_id)
    people = _names(
        session,
        {n.author_id for n in case.notes}
        | {a.uploaded_by for a in case.attachments}
        | {d.proposed_by for d in case.decisions}
        | {d.approved_by for d in case.decisions}
        | {g.user_id for g in case.grants},
    )
    editor = _may(session, me, "case.edit", case)
    supervisor = allowed(me, "case.grant") and case.status != "closed"
    return {
        "case": {
            "reference": case.reference,
            "title": case.title,
            "summary": case.summary,
            "status": case.status,
            "created_at": case.created_at,
            "version": case.version,
            "assignee": case_assignee(session, case.id),
        },
        "links": [
            {"kind": r.kind, "target": r.target, "label": r.label, "data": r.data or {}}
            for r in case.links
        ],
        "notes": [
            {"at": n.created_at, "author": people.get(n.author_id or 0, "?"), "text": n.text}
            for n in case.notes
        ],
        "attachments": [
            {
                "id": a.id,
                "filename": a.filename,
                "size": a.size,
                "sha256": a.sha256,
                "by": people.get(a.uploaded_by or 0, "?"),
                "at": a.uploaded_at,
            }
            for a in case.attachments
        ],
        "decisions": [
            {
                "id": d.id,
                "version": d.version,
                "kind": d.kind,
                "status": d.status,
                "mine": d.proposed_by == me.id,
                "reasons": d.reasons,
                "by": people.get(d.proposed_by, "?"),
                "reviewer": people.get(d.approved_by or 0),
                "review_reasons": d.review_reasons,
                "at": d.proposed_at,
            }
            for d in case.decisions
        ],
        "access": sorted(people.get(g.user_id, "?") for g in case.grants)
        + [f"team {g.team}" for g in _team_grants(session, case)],
        "history": list(reversed(history)),
        "can_edit": editor,
        "can_export": _may_export(session, me, case),
        "assignable": _assignable(session, me, case) if editor or supervisor else [],
        "assignable_teams": _assignable_teams(session, me, case) if editor or supervisor else [],
        "can_propose": _may(session, me, "decision.propose", case),
        "can_review": any(d.status == "proposed" and d.proposed_by != me.id for d in case.decisions)
        and _may(session, me, "decision.approve", case),
    }


@router.get("/cases/{reference}", response_class=HTMLResponse)
async def case_page(
    request: Request,
    reference: str,
    principal: Annotated[Principal, Depends(allow(page=True))],
) -> Response:
    """One case: evidence, network, decisions and history (need-to-know; audited)."""
    require_role(principal, *READERS)
    page = await call(request, lambda s: _case_page(s, principal.id, reference))
    return render(
        request,
        "case.html",
        principal,
        effects=EFFECTS,
        link_kinds=DIRECT_LINK_KINDS,
        max_upload=get_state(request).settings.max_upload_bytes,
        can_grant=may(principal, "case.grant"),
        **page,
    )


@router.get("/cases/{reference}/graph.json")
async def case_network(
    request: Request,
    reference: str,
    principal: Annotated[Principal, Depends(allow(page=False))],
) -> Response:
    """The case's network as cytoscape.js elements (same access as the page; audited)."""
    require_role(principal, *READERS)
    elements = await call(request, lambda s: case_graph(s, principal.id, reference).to_cytoscape())
    return JSONResponse(elements)


@router.post("/cases/{reference}/notes")
async def note(
    request: Request,
    reference: str,
    principal: Annotated[Principal, Depends(allow(page=True))],
    text: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """Write a note on the case (``case.edit`` with a grant; audited)."""
    require_role(principal, "case.edit")
    await call(request, lambda s: add_note(s, principal.id, reference, text))
    return back(f"/cases/{reference}", "Note added.", request)


@router.post("/cases/{reference}/links")
async def evidence_link(
    request: Request,
    reference: str,
    principal: Annotated[Principal, Depends(allow(page=True))],
    kind: Annotated[str, Form(max_length=16)] = "",
    target: Annotated[str, Form(max_length=256)] = "",
    label: Annotated[str, Form(max_length=512)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Link a subject, account or transaction to the case (audited)."""
    require_role(principal, "case.edit")
    await call(
        request,
        lambda s: add_link(
            s, principal.id, reference, kind, target, label=label, reason=reason or None
        ),
    )
    return back(f"/cases/{reference}", f"{kind.capitalize()} {target} linked.", request)


@router.post("/cases/{reference}/attachments")
async def attachment_upload(
    request: Request,
    reference: str,
    principal: Annotated[Principal, Depends(allow(page=True))],
    file: Annotated[UploadFile, File()],
) -> Response:
    """Attach a file (within the upload limit; its sha256 is kept and audited)."""
    require_role(principal, "case.edit")
    limit = get_state(request).settings.max_upload_bytes
    content = await file.read(limit + 1)
    if len(content) > limit:
        raise HTTPException(413, f"the file is over {limit:,} bytes")
    name = file.filename or "upload"
    media = file.content_type or "application/octet-stream"
    await call(
        request,
        lambda s: add_attachment(s, principal.id, reference, name, content, media_type=media),
    )
    return back(f"/cases/{reference}", f"{name} attached.", request)


@router.get("/attachments/{attachment_id}")
async def attachment_download(
    request: Request,
    attachment_id: int,
    principal: Annotated[Principal, Depends(allow(page=True))],
) -> Response:
    """Download an attachment (need-to-know; audited as ``attachment.read``)."""
    require_role(principal, *READERS)

    def work(session: Session) -> tuple[str, bytes]:
        row, content = read_attachment(session, principal.id, attachment_id)
        return row.filename, content

    filename, data = await call(request, work)
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename)[:200]
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{safe or "attachment"}"'},
    )


@router.post("/cases/{reference}/decisions")
async def propose_decision(
    request: Request,
    reference: str,
    principal: Annotated[Principal, Depends(allow(page=True))],
    kind: Annotated[str, Form(max_length=32)] = "",
    reasons: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Propose a decision; nothing happens until a reviewer approves it (four eyes)."""
    require_role(principal, "decision.propose")
    await call(request, lambda s: propose(s, principal.id, reference, kind, reasons))
    message = (
        f"Decision '{kind.replace('_', ' ')}' proposed. A reviewer must approve it before it "
        "takes effect."
    )
    return back(f"/cases/{reference}", message, request)


__all__ = ["router"]
