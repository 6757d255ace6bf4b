"""Work items: screening matches and monitoring alerts waiting for an analyst.

Both kinds appear in one queue, highest score first, each with a key that names it
(``alert:17``, ``match:42`` — the row ids). An analyst triages an item: a **false
positive** (with the reason) or **escalated** into a new or an existing case, which then
holds the item and what it is about (an alert's accounts and transactions, a match's
listed entity). Nothing is decided about a person here: a confirmed match, a freeze or a
report is a case decision that a second person approves (:mod:`openfiu.cases.decisions`).

Example::

    with store.transaction() as session:
        page = queue(session, ana, QueueFilters(kind="match", min_score=0.8))
        item = page.items[0]
        case = escalate(session, ana, item.key, reason="name, birth year and country agree")

Statuses: ``new`` → ``false_positive`` or ``escalated`` (alerts also become ``closed``
when their case closes). A false positive can still be escalated later, with a reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from openfiu.audit.permissions import require
from openfiu.cases.access import CaseRef, load_case, require_case, require_open, teams_of
from openfiu.cases.base import Page, UserRef, acting, audit, check_paging, find, need_reason
from openfiu.cases.casework import link, open_case
from openfiu.cases.errors import CaseInputError, CaseStateError, NotFoundError
from openfiu.store.base import utcnow
from openfiu.store.models import (
    Alert,
    Case,
    CaseLink,
    ScreeningMatch,
    User,
    WorkAssignment,
)

ITEM_KINDS = ("alert", "match")
SCREENING_RULE = "screening"
"""The ``rule`` of every screening match in the queue (alerts carry their rule's name)."""
UNASSIGNED = "-"
"""``QueueFilters(assignee=UNASSIGNED)`` selects the items nobody is assigned to."""
TARGET_TYPES = {"alert": "alert", "match": "screening_match"}
"""The audit target type of each kind of work item."""


@dataclass(frozen=True)
class QueueFilters:
    """Which work items to list. ``None`` means any; ``status`` defaults to ``new``."""

    kind: str | None = None
    rule: str | None = None
    min_score: float | None = None
    max_score: float | None = None
    status: str | None = "new"
    assignee: str | None = None
    """A username — the items assigned to that user or to one of their teams — or
    :data:`UNASSIGNED`."""
    page: int = 1
    per_page: int = 50
    teams: tuple[str, ...] | None = None
    """Only the items assigned to one of these teams (an empty tuple: none)."""


@dataclass(frozen=True)
class WorkItem:
    """One alert or screening match as the queue shows it."""

    key: str
    kind: str
    id: int
    rule: str
    typology: str
    """An alert's typology; a match's list (source)."""
    score: float
    status: str
    title: str
    explanation: str
    created_at: dt.datetime
    assignee: str | None
    """The username of the user it is assigned to (None when nobody, or a team)."""
    subjects: tuple[str, ...]
    """An alert's accounts; a match's screened name and list reference."""
    cases: tuple[str, ...]
    """References of the cases that hold this item."""
    assigned_team: str | None = None
    """The team it is assigned to (None when nobody, or a user)."""


Item = Alert | ScreeningMatch


def parse_key(key: str) -> tuple[str, int]:
    """``("alert", 17)`` for ``"alert:17"``.

    >>> parse_key("match:42")
    ('match', 42)
    """
    kind, _, number = key.partition(":")
    if kind not in ITEM_KINDS or not number.isdigit():
        raise CaseInputError(f"work item {key!r}: expected alert:ID or match:ID")
    return kind, int(number)


def load_item(session: Session, key: str | WorkItem) -> Item:
    """The alert or match row of a work item; :class:`NotFoundError` when there is none."""
    kind, number = parse_key(key.key if isinstance(key, WorkItem) else key)
    row: Item | None = (
        session.get(Alert, number) if kind == "alert" else session.get(ScreeningMatch, number)
    )
    if row is None:
        raise NotFoundError(f"no work item {kind}:{number}")
    return row


def _kind(row: Item) -> str:
    return "alert" if isinstance(row, Alert) else "match"


def _union() -> Select[Any]:
    alerts = select(
        literal("alert", String).label("kind"),
        Alert.id.label("id"),
        Alert.rule.label("rule"),
        Alert.score.label("score"),
        Alert.status.label("status"),
        WorkAssignment.assignee_id.label("assignee_id"),
        WorkAssignment.assignee_team.label("assignee_team"),
    ).outerjoin(WorkAssignment, WorkAssignment.alert_id == Alert.id)
    matches = select(
        literal("match", String),
        ScreeningMatch.id,
        literal(SCREENING_RULE, String),
        ScreeningMatch.score,
        ScreeningMatch.status,
        WorkAssignment.assignee_id,
        WorkAssignment.assignee_team,
    ).outerjoin(WorkAssignment, WorkAssignment.match_id == ScreeningMatch.id)
    items = union_all(alerts, matches).subquery("work_items")
    return select(*items.c)


def _conditions(session: Session, query: Select[Any], f: QueueFilters) -> list[ColumnElement[bool]]:
    c = query.selected_columns
    conditions: list[ColumnElement[bool]] = []
    if f.kind is not None:
        if f.kind not in ITEM_KINDS:
            raise CaseInputError(f"kind {f.kind!r}: expected {' or '.join(ITEM_KINDS)}")
        conditions.append(c.kind == f.kind)
    if f.rule is not None:
        conditions.append(c.rule == f.rule)
    if f.min_score is not None:
        conditions.append(c.score >= f.min_score)
    if f.max_score is not None:
        conditions.append(c.score <= f.max_score)
    if f.status is not None:
        conditions.append(c.status == f.status)
    if f.assignee == UNASSIGNED:
        conditions.append(and_(c.assignee_id.is_(None), c.assignee_team.is_(None)))
    elif f.assignee is not None:
        person = find(session, f.assignee)
        mine = c.assignee_team.in_(teams_of(session, person.id))
        conditions.append(or_(c.assignee_id == person.id, mine))
    if f.teams is not None:
        conditions.append(c.assignee_team.in_(f.teams))
    return conditions


def queue(session: Session, user: UserRef, filters: QueueFilters | None = None) -> Page[WorkItem]:
    """One page of work items (``alert.triage``), highest score first; audited as
    ``workitem.queue`` with the filters."""
    me = acting(session, user)
    require(me, "alert.triage")
    f = filters or QueueFilters()
    offset, limit = check_paging(f.page, f.per_page)
    query = _union()
    conditions = _conditions(session, query, f)
    query = query.where(and_(*conditions)) if conditions else query
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    c = query.selected_columns
    page = session.execute(
        query.order_by(c.score.desc(), c.kind, c.id).offset(offset).limit(limit)
    ).all()
    items = [describe(session, load_item(session, f"{row[0]}:{row[1]}")) for row in page]
    audit(session, me, "workitem.queue", "queue", "-", None, _filter_details(f))
    return Page(items=items, total=total, page=f.page, per_page=f.per_page)


def _filter_details(f: QueueFilters) -> dict[str, object]:
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in vars(f).items()
        if value is not None
    }


def describe(session: Session, row: Item) -> WorkItem:
    """The :class:`WorkItem` of an alert or match row."""
    kind = _kind(row)
    assignment = session.execute(
        select(User.username, WorkAssignment.assignee_team)
        .outerjoin(User, WorkAssignment.assignee_id == User.id)
        .where(
            WorkAssignment.alert_id == row.id
            if kind == "alert"
            else WorkAssignment.match_id == row.id
        )
    ).first()
    assignee, team = (assignment[0], assignment[1]) if assignment else (None, None)
    holder = CaseLink.alert_id if kind == "alert" else CaseLink.match_id
    cases = tuple(
        session.scalars(
            select(Case.reference).join(CaseLink).where(holder == row.id).order_by(Case.id)
        )
    )
    if isinstance(row, Alert):
        return WorkItem(
            key=f"alert:{row.id}",
            kind="alert",
            id=row.id,
            rule=row.rule,
            typology=row.typology,
            score=row.score,
            status=row.status,
            title=f"{row.rule}: {', '.join(row.accounts[:3])}",
            explanation=row.explanation,
            created_at=row.created_at,
            assignee=assignee,
            subjects=tuple(row.accounts),
            cases=cases,
            assigned_team=team,
        )
    return WorkItem(
        key=f"match:{row.id}",
        kind="match",
        id=row.id,
        rule=SCREENING_RULE,
        typology=row.source,
        score=row.score,
        status=row.status,
        title=f"{row.query_name} ~ {row.primary_name} ({row.reference})",
        explanation=row.explanation,
        created_at=row.run.started_at,
        assignee=assignee,
        subjects=(row.query_name, row.reference),
        cases=cases,
        assigned_team=team,
    )


def _set_status(row: Item, status: str, me: User) -> str:
    before = row.status
    row.status = status
    if isinstance(row, Alert):
        row.triaged_by, row.triaged_at = me.id, utcnow()
    return before


def mark_false_positive(
    session: Session, user: UserRef, item: str | WorkItem, reason: str
) -> WorkItem:
    """Close a new work item as a false positive (``alert.triage``), with the reason;
    audited as ``workitem.false_positive``."""
    me = acting(session, user)
    require(me, "alert.triage")
    why = need_reason(reason, "marking a false positive")
    row = load_item(session, item)
    if row.status != "new":
        raise CaseStateError(
            f"{_kind(row)}:{row.id} is {row.status}, not new; only new items are triaged"
        )
    before = _set_status(row, "false_positive", me)
    session.flush()
    audit(
        session,
        me,
        "workitem.false_positive",
        TARGET_TYPES[_kind(row)],
        row.id,
        why,
        {"status": [before, row.status]},
    )
    return describe(session, row)


def escalate(
    session: Session,
    user: UserRef,
    item: str | WorkItem,
    *,
    reason: str,
    case: CaseRef | None = None,
    title: str | None = None,
) -> Case:
    """Escalate a work item into ``case``, or into a new case when ``case`` is None; return
    the case. Needs ``alert.triage`` and ``case.create`` (new case) or ``case.edit`` on the
    case. The case then links the item and what it concerns: an alert's accounts and
    transactions, a match's listed entity. Audited as ``workitem.escalate``."""
    me = acting(session, user)
    require(me, "alert.triage")
    why = need_reason(reason, "escalating")
    row = load_item(session, item)
    kind = _kind(row)
    if row.status == "closed":
        raise CaseStateError(f"{kind}:{row.id} is closed with its case")
    if case is None:
        target = open_case(session, me, title or _title(row), reason=why)
    else:
        target = load_case(session, case)
        require_case(session, me, "case.edit", target)
        require_open(target)
    before = _set_status(row, "escalated", me)
    session.flush()
    audit(
        session,
        me,
        "workitem.escalate",
        TARGET_TYPES[kind],
        row.id,
        why,
        {"case": target.reference, "status": [before, row.status]},
    )
    _link_item(session, me, target, row, why)
    return target


def _title(row: Item) -> str:
    if isinstance(row, Alert):
        return f"Alert {row.rule} on {', '.join(row.accounts[:3]) or 'no account'}"
    return f"Possible match: {row.query_name} ~ {row.primary_name} ({row.reference})"


def _link_item(session: Session, me: User, case: Case, row: Item, why: str) -> None:
    if isinstance(row, Alert):
        link(
            session,
            me,
            case,
            "alert",
            row.alert_id,
            label=row.explanation[:512],
            alert_id=row.id,
            data={"rule": row.rule, "score": row.score},
            why=why,
        )
        for account in row.accounts:
            link(session, me, case, "account", account, data={"alert": row.alert_id}, why=why)
        for transaction in row.transactions:
            link(
                session,
                me,
                case,
                "transaction",
                transaction,
                data={"alert": row.alert_id, "accounts": list(row.accounts)},
                why=why,
            )
        return
    link(
        session,
        me,
        case,
        "match",
        f"match:{row.id}",
        label=row.explanation[:512],
        match_id=row.id,
        why=why,
        data={"score": row.score, "query_name": row.query_name, "entity": row.entity_id},
    )
    subject = {
        "reference": row.reference,
        "source": row.source,
        "kind": row.kind,
        "listed": True,
        "record_id": row.record_id,
    }
    link(session, me, case, "subject", row.entity_id, label=row.primary_name, data=subject, why=why)
