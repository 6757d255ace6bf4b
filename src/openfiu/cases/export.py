"""Exporting a case: its whole content as one JSON document, or its evidence as CSV.

An export takes a case out of the system (to a prosecutor, a partner unit, a court file),
so it needs what every reading needs — ``case.export`` (analysts) with a grant on the case
(need-to-know) — and a **justification**, and it is itself an audit event
(``case.export``, with the format and how many items of each kind left). Auditors read
cases for oversight but do not export them.

The document holds everything the case page shows: the case, its subjects, accounts,
transactions, alerts and screening matches (with why each was raised), notes, attachments
(name, size, sha256 — not the bytes, which stay downloadable one by one, each download
audited), decisions (withdrawn ones say so), who holds access, who it is assigned to
(``assigned_to``, a user, or ``assigned_team``), and the complete timeline — which ends
with the export's own event.

Example::

    with store.transaction() as session:
        document = export_case(session, ana, "C-2024-00007", "request 12/2024 of the prosecutor")
        text = evidence_csv(document)          # one row per linked item
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from openfiu.cases.access import CaseRef, load_case, require_case
from openfiu.cases.base import UserRef, acting, audit, need_reason
from openfiu.cases.errors import CaseInputError
from openfiu.cases.history import history_of
from openfiu.store.base import utcnow
from openfiu.store.models import (
    Alert,
    Case,
    CaseLink,
    CaseTeamGrant,
    ScreeningMatch,
    User,
    WorkAssignment,
)

FORMATS: Final[tuple[str, ...]] = ("json", "csv")
"""``json``: the whole case; ``csv``: its evidence, one row per linked item."""

EVIDENCE_COLUMNS: Final[tuple[str, ...]] = (
    "kind", "target", "label", "flags", "added_at", "added_by", "score", "status",
    "explanation", "details",
)  # fmt: skip
"""Columns of :func:`evidence_csv`."""

FORMULA_STARTS: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r")
"""A CSV cell starting with one of these is prefixed with ``'`` so that a spreadsheet shows
it as text instead of running it as a formula (names and labels come from outside)."""


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _flags(data: Mapping[str, Any]) -> list[str]:
    return [flag for flag in ("confirmed", "frozen") if data.get(flag)]


def _link(row: CaseLink, names: Mapping[int, str]) -> dict[str, Any]:
    data = dict(row.data or {})
    return {
        "kind": row.kind,
        "target": row.target,
        "label": row.label,
        "flags": _flags(data),
        "data": data,
        "added_at": _iso(row.added_at),
        "added_by": names.get(row.added_by or 0),
    }


def _alert(session: Session, row: CaseLink, names: Mapping[int, str]) -> dict[str, Any]:
    found = _link(row, names)
    alert = session.get(Alert, row.alert_id) if row.alert_id is not None else None
    if alert is not None:
        found.update(
            rule=alert.rule,
            typology=alert.typology,
            score=alert.score,
            status=alert.status,
            accounts=list(alert.accounts),
            transactions=list(alert.transactions),
            explanation=alert.explanation,
            created_at=_iso(alert.created_at),
        )
    return found


def _match(session: Session, row: CaseLink, names: Mapping[int, str]) -> dict[str, Any]:
    found = _link(row, names)
    match = session.get(ScreeningMatch, row.match_id) if row.match_id is not None else None
    if match is not None:
        found.update(
            screened_name=match.query_name,
            listed_name=match.primary_name,
            list_reference=match.reference,
            list=match.source,
            score=match.score,
            status=match.status,
            explanation=match.explanation,
        )
    return found


def _content(session: Session, case: Case, names: Mapping[int, str]) -> dict[str, Any]:
    links: dict[str, list[dict[str, Any]]] = {
        "subjects": [],
        "accounts": [],
        "transactions": [],
        "alerts": [],
        "matches": [],
    }
    for row in case.links:
        if row.kind == "alert":
            links["alerts"].append(_alert(session, row, names))
        elif row.kind == "match":
            links["matches"].append(_match(session, row, names))
        else:
            links.get(f"{row.kind}s", links["subjects"]).append(_link(row, names))
    return links


def _decisions(case: Case, names: Mapping[int, str]) -> list[dict[str, Any]]:
    return [
        {
            "id": d.id,
            "kind": d.kind,
            "status": d.status,
            "reasons": d.reasons,
            "proposed_by": names.get(d.proposed_by),
            "proposed_at": _iso(d.proposed_at),
            "reviewed_by": names.get(d.approved_by or 0),
            "decided_at": _iso(d.decided_at),
            "review_reasons": d.review_reasons,
        }
        for d in case.decisions
    ]


def export_case(
    session: Session, user: UserRef, case: CaseRef, justification: str, fmt: str = "json"
) -> dict[str, Any]:
    """The whole content of ``case`` as plain data (JSON-ready), for ``user`` with
    ``case.export`` and a grant on it; ``justification`` is required. Audited as
    ``case.export`` with ``fmt`` (what the caller will write) and the counts."""
    me = acting(session, user)
    row = load_case(session, case)
    require_case(session, me, "case.export", row)
    why = need_reason(justification, "exporting a case")
    if fmt not in FORMATS:
        raise CaseInputError(f"export format {fmt!r}: expected {' or '.join(FORMATS)}")
    names: dict[int, str] = {
        uid: name for uid, name in session.execute(select(User.id, User.username)).all()
    }
    evidence = _content(session, row, names)
    counts = {kind: len(items) for kind, items in evidence.items()}
    counts |= {"notes": len(row.notes), "decisions": len(row.decisions)}
    event = audit(session, me, "case.export", "case", row.id, why, {"format": fmt, **counts})
    assigned = session.execute(
        select(User.username, WorkAssignment.assignee_team)
        .outerjoin(User, WorkAssignment.assignee_id == User.id)
        .where(WorkAssignment.case_id == row.id)
    ).first()
    assignee, assigned_team = (assigned[0], assigned[1]) if assigned else (None, None)
    teams = session.scalars(
        select(CaseTeamGrant.team)
        .where(CaseTeamGrant.case_id == row.id)
        .order_by(CaseTeamGrant.team)
    )
    return {
        "export": {
            "by": me.username,
            "at": _iso(utcnow()),
            "justification": why,
            "format": fmt,
            "audit_event": event.seq,
        },
        "case": {
            "reference": row.reference,
            "title": row.title,
            "summary": row.summary,
            "status": row.status,
            "created_at": _iso(row.created_at),
            "created_by": names.get(row.created_by or 0),
            "closed_at": _iso(row.closed_at),
            "version": row.version,
            "assigned_to": assignee,
            "assigned_team": assigned_team,
        },
        **evidence,
        "notes": [
            {"at": _iso(n.created_at), "author": names.get(n.author_id or 0), "text": n.text}
            for n in row.notes
        ],
        "attachments": [
            {
                "id": a.id,
                "filename": a.filename,
                "media_type": a.media_type,
                "size": a.size,
                "sha256": a.sha256,
                "uploaded_by": names.get(a.uploaded_by or 0),
                "uploaded_at": _iso(a.uploaded_at),
            }
            for a in row.attachments
        ],
        "decisions": _decisions(row, names),
        "access": {
            "users": sorted(names.get(g.user_id, "?") for g in row.grants),
            "teams": list(teams),
        },
        "timeline": [
            {
                "at": _iso(e.at),
                "seq": e.seq,
                "actor": e.actor,
                "action": e.action,
                "summary": e.summary,
                "justification": e.justification,
            }
            for e in history_of(session, row)
        ],
    }


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def evidence_csv(document: Mapping[str, Any]) -> str:
    """The evidence of an exported case (:func:`export_case`) as CSV: one row per linked
    subject, account, transaction, alert and match, with :data:`EVIDENCE_COLUMNS`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EVIDENCE_COLUMNS)
    for group in ("subjects", "accounts", "transactions", "alerts", "matches"):
        items: Sequence[Mapping[str, Any]] = document.get(group, [])
        for item in items:
            details = {
                k: v for k, v in item.items() if k not in EVIDENCE_COLUMNS and k not in ("data",)
            }
            details |= {k: v for k, v in (item.get("data") or {}).items() if k not in details}
            row = [
                item.get("kind"),
                item.get("target"),
                item.get("label"),
                " ".join(item.get("flags", [])),
                item.get("added_at"),
                item.get("added_by"),
                item.get("score"),
                item.get("status"),
                item.get("explanation"),
                "; ".join(f"{k}={v}" for k, v in sorted(details.items())),
            ]
            writer.writerow([_cell(value) for value in row])
    return out.getvalue()


__all__ = ["EVIDENCE_COLUMNS", "FORMATS", "evidence_csv", "export_case"]
