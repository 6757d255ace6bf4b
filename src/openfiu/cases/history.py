"""A case's complete history (:func:`timeline`) and its network (:func:`case_graph`).

**Timeline.** Every change made through :mod:`openfiu.cases` is an audit event, so the
history is read from the audit log: the events about the case and everything it holds
(decisions, notes, attachments, links, grants) and about the alerts and matches linked to
it, in the log's order — including who viewed the case. Case records that no event
describes (rows written by other tools, such as an import) are added from their own
timestamps, so nothing the case holds is missing. Masked details (retention) show as such.

**Graph.** Nodes are the accounts, subjects (listed entities and screened people),
transactions, alerts and matches linked to the case; edges say how they relate (an alert
flags an account, a transaction moves money between accounts, a match says a screened
name may be a listed entity). :meth:`CaseGraph.to_cytoscape` gives the elements that
cytoscape.js draws as they are.

Example::

    with store.transaction() as session:
        for entry in timeline(session, rex, "C-2024-00007"):
            print(entry.at, entry.actor, entry.action, entry.summary)
        graph = case_graph(session, rex, "C-2024-00007").to_cytoscape()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session, selectinload

from openfiu.cases.access import CaseRef, load_case, require_read
from openfiu.cases.base import UserRef, acting, audit
from openfiu.store.models import Alert, AuditEvent, Case, ScreeningMatch

CHILD_TARGETS = (
    ("decision", "decisions"),
    ("note", "notes"),
    ("attachment", "attachments"),
    ("case_link", "links"),
    ("case_grant", "grants"),
)
"""Audit target types of what a case holds, and the :class:`Case` attribute holding them."""


@dataclass(frozen=True)
class TimelineEntry:
    """One moment in a case's history. ``seq`` is the audit event's number (None for a
    record no event describes); ``details`` None with ``masked`` True: removed by retention."""

    at: dt.datetime
    seq: int | None
    actor: str
    action: str
    target_type: str
    target_id: str
    summary: str
    justification: str | None = None
    details: dict[str, Any] | None = None
    masked: bool = False


def _targets(case: Case) -> list[ColumnElement[bool]]:
    pairs: list[tuple[str, list[str]]] = [("case", [str(case.id)])]
    for target_type, attribute in CHILD_TARGETS:
        pairs.append((target_type, [str(row.id) for row in getattr(case, attribute)]))
    pairs.append(("alert", [str(r.alert_id) for r in case.links if r.alert_id is not None]))
    pairs.append(("screening_match", [str(r.match_id) for r in case.links if r.match_id]))
    return [
        and_(AuditEvent.target_type == kind, AuditEvent.target_id.in_(ids))
        for kind, ids in pairs
        if ids
    ]


SUMMARIES: Final[Mapping[str, str]] = {
    "case.open": "opened the case: {title}",
    "case.grant": "gave access to {who}",
    "case.revoke": "took access from {who}",
    "case.assign": "assigned the case to {assignee}",
    "case.link": "linked {kind} {target}",
    "case.note": "wrote a note",
    "case.attach": "attached {filename} ({size} bytes, sha256 {sha256})",
    "case.view": "viewed the case ({view})",
    "attachment.read": "read the attachment",
    "decision.propose": "proposed {kind}",
    "decision.approve": "approved {kind}; now in force: {effect}",
    "decision.reject": "rejected {kind}",
    "decision.withdraw": "withdrew the proposed {kind}",
    "case.export": "exported the case ({format})",
    "workitem.escalate": "escalated {item} into case {case}",
    "workitem.false_positive": "marked {item} a false positive",
    "workitem.assign": "assigned {item} to {assignee}",
}
"""How the timeline words each action (fields from the event's details)."""


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _summary(event: AuditEvent) -> str:
    if event.masked:
        return f"{event.action} (details removed by retention)"
    details = event.details or {}
    who = details.get("user") or f"team {details.get('team')}"
    team = details.get("team")
    assignee = details.get("assignee") or (f"team {team}" if team else "nobody")
    fields = _Blank(
        details, who=who, assignee=assignee, item=f"{event.target_type} {event.target_id}"
    )
    template = SUMMARIES.get(event.action, "{action} {item}")
    return template.format_map(_Blank(fields, action=event.action))


def _record_entries(case: Case, described: set[tuple[str, str, str]]) -> list[TimelineEntry]:
    """Entries for case records that no audit event describes. Each record is matched with
    the action that made it: ``(target type, id, action)``."""
    rows: list[tuple[str, int, str, dt.datetime, str]] = [
        ("case", case.id, "case.open", case.created_at, f"case {case.reference} created")
    ]
    rows += [("note", n.id, "case.note", n.created_at, "note written") for n in case.notes]
    rows += [
        ("attachment", a.id, "case.attach", a.uploaded_at, f"attached {a.filename}")
        for a in case.attachments
    ]
    rows += [
        ("case_link", r.id, "case.link", r.added_at, f"linked {r.kind} {r.target}")
        for r in case.links
    ]
    rows += [
        ("case_grant", g.id, "case.grant", g.granted_at, f"access for user {g.user_id}")
        for g in case.grants
    ]
    for d in case.decisions:
        rows.append(("decision", d.id, "decision.propose", d.proposed_at, f"{d.kind} proposed"))
        if d.decided_at is not None:
            verb = {"approved": "approve", "rejected": "reject", "withdrawn": "withdraw"}[d.status]
            rows.append(
                ("decision", d.id, f"decision.{verb}", d.decided_at, f"{d.kind} {d.status}")
            )
    return [
        TimelineEntry(at, None, "(record)", "record", target_type, str(target_id), summary)
        for target_type, target_id, action, at, summary in rows
        if (target_type, str(target_id), action) not in described
    ]


def timeline(session: Session, user: UserRef, case: CaseRef) -> list[TimelineEntry]:
    """The case's complete history, oldest first (``case.view`` with access, or oversight).
    Reading it is audited as ``case.view`` (and so appears at its end)."""
    me = acting(session, user)
    row = load_case(session, case)
    require_read(session, me, row)
    audit(session, me, "case.view", "case", row.id, None, {"view": "timeline"})
    return history_of(session, row)


def history_of(session: Session, row: Case) -> list[TimelineEntry]:
    """The timeline of ``row`` with no access check and no audit event: for callers that
    checked and audited already (:func:`timeline`, :func:`openfiu.cases.export_case`)."""
    events = session.scalars(
        select(AuditEvent)
        .options(selectinload(AuditEvent.details_row))
        .where(or_(false(), *_targets(row)))
        .order_by(AuditEvent.seq)
    ).all()
    entries = [
        TimelineEntry(
            at=e.at,
            seq=e.seq,
            actor=e.actor,
            action=e.action,
            target_type=e.target_type,
            target_id=e.target_id,
            summary=_summary(e),
            justification=e.justification,
            details=e.details,
            masked=e.masked,
        )
        for e in events
    ]
    described = {(e.target_type, e.target_id, e.action) for e in events}
    entries += _record_entries(row, described)
    entries.sort(key=lambda e: (e.at, e.seq if e.seq is not None else -1))
    return entries


@dataclass
class CaseGraph:
    """Nodes and edges of a case's network. Node ids are ``kind:target``."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)

    def node(self, kind: str, target: str, label: str = "", **data: Any) -> str:
        key = f"{kind}:{target}"
        found = self.nodes.setdefault(key, {"id": key, "kind": kind, "label": label or target})
        found.update({k: v for k, v in data.items() if v is not None})
        if label:
            found["label"] = label
        return key

    def edge(self, source: str, target: str, kind: str, label: str = "") -> None:
        key = f"{source}->{target}:{kind}"
        if all(e["id"] != key for e in self.edges):
            self.edges.append(
                {
                    "id": key,
                    "source": source,
                    "target": target,
                    "kind": kind,
                    "label": label or kind.replace("_", " "),
                }
            )

    def to_cytoscape(self) -> list[dict[str, Any]]:
        """cytoscape.js elements: ``[{"group": "nodes", "data": {...}}, …]``."""
        return [{"group": "nodes", "data": n} for n in self.nodes.values()] + [
            {"group": "edges", "data": e} for e in self.edges
        ]


def case_graph(session: Session, user: UserRef, case: CaseRef) -> CaseGraph:
    """The network of ``case`` (same access as :func:`timeline`); audited as ``case.view``."""
    me = acting(session, user)
    row = load_case(session, case)
    require_read(session, me, row)
    audit(session, me, "case.view", "case", row.id, None, {"view": "graph"})
    graph = CaseGraph()
    for link in row.links:
        data = link.data or {}
        flags = {"frozen": data.get("frozen"), "confirmed": data.get("confirmed")}
        if link.kind == "account":
            graph.node("account", link.target, link.label, **flags)
        elif link.kind == "subject":
            graph.node("entity", link.target, link.label, listed=data.get("listed"), **flags)
            for account in data.get("accounts", []):
                graph.edge(f"entity:{link.target}", graph.node("account", account), "holds")
        elif link.kind == "transaction":
            node = graph.node("transaction", link.target, link.label, amount=data.get("amount"))
            if data.get("from"):
                graph.edge(graph.node("account", data["from"]), node, "pays")
            if data.get("to"):
                graph.edge(node, graph.node("account", data["to"]), "pays")
            for account in data.get("accounts", []) if not data.get("from") else []:
                graph.edge(graph.node("account", account), node, "involved_in")
        elif link.kind == "alert" and link.alert_id is not None:
            _alert(graph, link.target, data, session, link.alert_id)
        elif link.kind == "match" and link.match_id is not None:
            _match(graph, session, link.match_id, flags)
    return graph


def _alert(
    graph: CaseGraph, alert_key: str, data: dict[str, Any], session: Session, row_id: int
) -> None:
    alert = session.get(Alert, row_id)
    if alert is None:
        return
    node = graph.node("alert", alert_key, f"{alert.rule} ({alert.score:.2f})", rule=alert.rule)
    for account in alert.accounts:
        graph.edge(node, graph.node("account", account), "flags")
    for transaction in alert.transactions:
        graph.edge(node, graph.node("transaction", transaction), "includes")


def _match(graph: CaseGraph, session: Session, match_id: int, flags: dict[str, Any]) -> None:
    match = session.get(ScreeningMatch, match_id)
    if match is None:
        return
    screened = graph.node(
        "entity", match.record_id or f"query:{match.id}", match.query_name, listed=False
    )
    listed = graph.node(
        "entity", match.entity_id, match.primary_name, listed=True, reference=match.reference
    )
    graph.edge(screened, listed, "may_be", f"may be ({match.score:.2f})")
    graph.nodes[screened].update({k: v for k, v in flags.items() if v is not None})
