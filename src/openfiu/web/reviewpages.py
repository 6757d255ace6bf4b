"""Oversight pages: decisions to review (four eyes), the audit log, list versions.

``GET /decisions`` lists the decisions proposed by others on the cases a reviewer may
see; each has *approve* and *reject* forms carrying the version shown, so that of two
reviewers acting at once the second is told to reload. ``GET /audit`` shows auditors the
newest audit events (filter by actor or action) and whether the hash chain is intact;
nothing on the page, or anywhere in the app, can change the log. ``GET /lists`` shows the
list versions kept in the store and what changed between two of them, as
:func:`openfiu.lists.diff_versions` defines it (added, removed, amended by reference).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from openfiu.audit import recent_events, record, verify
from openfiu.cases import EFFECTS, approve, pending_decisions, reject
from openfiu.lists import ListVersion, diff_versions
from openfiu.store import load_entities
from openfiu.store.models import User
from openfiu.store.models.lists import ListVersionRecord
from openfiu.web.auth import Principal, allow
from openfiu.web.casecalls import back, call, require_role
from openfiu.web.rendering import render
from openfiu.web.state import get_state

router = APIRouter(include_in_schema=False)


def _pending(session: Session, user_id: int) -> list[dict[str, Any]]:
    found = pending_decisions(session, user_id)
    ids = {d.proposed_by for d in found}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(ids))).tuples()
    names = {user_id: username for user_id, username in rows}
    return [
        {
            "id": d.id,
            "version": d.version,
            "kind": d.kind,
            "says": EFFECTS[d.kind].says,
            "reasons": d.reasons,
            "by": names.get(d.proposed_by, "?"),
            "at": d.proposed_at,
            "case": d.case.reference,
            "title": d.case.title,
        }
        for d in found
    ]


@router.get("/decisions", response_class=HTMLResponse)
async def decisions(
    request: Request, principal: Annotated[Principal, Depends(allow(page=True))]
) -> Response:
    """Decisions waiting for a second person (reviewers)."""
    require_role(principal, "decision.approve")
    rows = await call(request, lambda s: _pending(s, principal.id))
    return render(request, "decisions.html", principal, rows=rows)


@router.post("/decisions/{decision_id}/approve")
async def approve_decision(
    request: Request,
    decision_id: int,
    principal: Annotated[Principal, Depends(allow(page=True))],
    version: Annotated[int, Form()],
    reason: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Approve (four eyes): the decision takes effect now; audited."""
    require_role(principal, "decision.approve")

    def work(session: Session) -> str:
        row = approve(session, principal.id, decision_id, version, reason or None)
        return f"{row.kind.replace('_', ' ')} on case {row.case.reference}"

    what = await call(request, work)
    return back("/decisions", f"Approved: {what}. It is now in effect.", request)


@router.post("/decisions/{decision_id}/reject")
async def reject_decision(
    request: Request,
    decision_id: int,
    principal: Annotated[Principal, Depends(allow(page=True))],
    version: Annotated[int, Form()],
    reason: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Reject, with the reason; the case is unchanged; audited."""
    require_role(principal, "decision.approve")

    def work(session: Session) -> str:
        row = reject(session, principal.id, decision_id, version, reason)
        return f"{row.kind.replace('_', ' ')} on case {row.case.reference}"

    what = await call(request, work)
    return back("/decisions", f"Rejected: {what}. The case is unchanged.", request)


def _events(
    session: Session, actor: str, action: str, target: str, limit: int, viewer: str
) -> list[dict[str, Any]]:
    kind, _, number = target.partition(":")
    rows = recent_events(
        session,
        limit,
        actor=actor or None,
        action=action or None,
        target=(kind, number) if number else None,
    )
    shown = [
        {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor,
            "action": e.action,
            "target": f"{e.target_type}:{e.target_id}",
            "why": e.justification,
            "details": e.details,
            "masked": e.masked,
            "hash": e.hash,
        }
        for e in rows
    ]
    filters = {"actor": actor, "action": action, "target": target, "limit": limit}
    record(session, viewer, "audit.browse", "audit_log", "-", None, filters)
    return shown


@router.get("/audit", response_class=HTMLResponse)
async def audit_log(
    request: Request,
    principal: Annotated[Principal, Depends(allow("audit.read", page=True))],
    actor: str = "",
    action: str = "",
    target: str = "",
    limit: int = 100,
    check: str = "",
) -> Response:
    """The newest audit events (auditors); reading the log is itself audited."""
    limit = max(1, min(limit, 1000))
    rows = await call(
        request,
        lambda s: _events(s, actor.strip(), action.strip(), target.strip(), limit, principal.actor),
    )
    report = None
    if check:
        report = await run_in_threadpool(verify, get_state(request).store)
    form = {"actor": actor, "action": action, "target": target, "limit": limit}
    return render(request, "audit.html", principal, rows=rows, form=form, report=report)


def _versions(session: Session) -> list[ListVersionRecord]:
    query = select(ListVersionRecord).order_by(
        ListVersionRecord.source, ListVersionRecord.loaded_at.desc(), ListVersionRecord.id.desc()
    )
    return list(session.scalars(query))


def _stored(session: Session, row: ListVersionRecord) -> ListVersion:
    """A stored list version as the library's :class:`~openfiu.lists.ListVersion` (its
    entities read back from the store), so that the one definition of a difference,
    :func:`openfiu.lists.diff_versions`, compares it."""
    return ListVersion(
        source=row.source,
        version=row.version,
        path=row.path,
        sha256=row.sha256,
        format=row.format,
        entities=load_entities(session, row.id),
        loaded_at=row.loaded_at,
    )


def _diff(session: Session, old: int, new: int) -> dict[str, Any]:
    versions = {v.id: v for v in _versions(session)}
    if old not in versions or new not in versions:
        raise HTTPException(404, "no such list version; pick two from the table")
    before, after = versions[old], versions[new]
    return {
        "old": before,
        "new": after,
        "delta": diff_versions(_stored(session, before), _stored(session, after)),
        "other_source": before.source != after.source,
    }


@router.get("/lists", response_class=HTMLResponse)
async def list_versions(
    request: Request,
    principal: Annotated[Principal, Depends(allow(page=True))],
    old: int | None = None,
    new: int | None = None,
) -> Response:
    """The sanctions list versions kept, the ones in use, and a difference between two."""
    state = get_state(request)

    def work(session: Session) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        rows = [
            {
                "id": v.id,
                "source": v.source,
                "version": v.version,
                "sha256": v.sha256,
                "loaded_at": v.loaded_at,
                "entities": v.entity_count,
                "in_use": any(item.store_id == v.id for item in state.lists),
            }
            for v in _versions(session)
        ]
        diff = _diff(session, old, new) if old is not None and new is not None else None
        return rows, diff

    rows, diff = await call(request, work)
    return render(request, "lists.html", principal, rows=rows, diff=diff)


__all__ = ["router"]
