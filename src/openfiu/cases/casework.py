"""Cases: open, assign, grant access, link evidence, write notes, attach files, read.

A case groups what an analyst found about one matter: the alerts and screening matches
that led to it, the subjects (listed entities, customers), accounts and transactions
involved, notes and attachments. Whoever opens a case gets a grant on it (need-to-know);
others get one from a supervisor (:func:`grant_access`, to a user or a whole team).

Example::

    with store.transaction() as session:
        case = open_case(session, ana, "Transfers to a listed company",
                         reason="alert A-17 and a UN hit on the payee")
        add_link(session, ana, case, "account", "ACC-0042", label="payer")
        add_note(session, ana, case, "Payee matches QDe.123 on name and address.")

Every change bumps the case's ``version`` (a form shows it; a stale one is refused with
:class:`~openfiu.store.ConcurrentUpdateError`) and is an audit event; every reading is an
audit event too (``case.view``, ``case.list``, ``attachment.read``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from openfiu.audit.permissions import require
from openfiu.cases.access import (
    CaseRef,
    load_case,
    require_case,
    require_open,
    require_read,
    teams_of,
    visible_cases,
)
from openfiu.cases.base import Page, UserRef, acting, audit, check_paging, find, need_reason
from openfiu.cases.errors import CaseInputError, NotFoundError
from openfiu.store.attachments import make_attachment
from openfiu.store.attachments import read_attachment as read_bytes
from openfiu.store.base import utcnow
from openfiu.store.models import (
    Attachment,
    Case,
    CaseGrant,
    CaseLink,
    CaseTeamGrant,
    Note,
    User,
    WorkAssignment,
)

DIRECT_LINK_KINDS = ("subject", "account", "transaction")
"""Link kinds added by hand; alerts and matches are linked by escalating them."""


def touch(case: Case) -> None:
    """Count a change to ``case``: its version goes up when the session flushes, and the
    update fails if someone else changed the case since it was read."""
    flag_modified(case, "status")


def open_case(
    session: Session,
    user: UserRef,
    title: str,
    *,
    reason: str,
    summary: str = "",
    reference: str | None = None,
) -> Case:
    """Open a case (``case.create``) and grant its opener access; audited as ``case.open``."""
    me = acting(session, user)
    require(me, "case.create")
    why = need_reason(reason, "opening a case")
    if not title.strip():
        raise CaseInputError("a case needs a title")
    now = utcnow()
    if reference is None:
        last = session.scalar(select(func.max(Case.id))) or 0
        reference = f"C-{now.year}-{last + 1:05d}"
    case = Case(reference=reference, title=title.strip(), summary=summary, created_by=me.id)
    session.add(case)
    session.flush()
    audit(session, me, "case.open", "case", case.id, why, {"reference": reference, "title": title})
    grant = CaseGrant(user_id=me.id, granted_by=me.id, reason="opened the case")
    case.grants.append(grant)
    session.flush()
    audit(
        session, me, "case.grant", "case_grant", grant.id, "opened the case", {"user": me.username}
    )
    return case


def grant_access(
    session: Session,
    user: UserRef,
    case: CaseRef,
    *,
    to_user: UserRef | None = None,
    team: str | None = None,
    reason: str,
) -> CaseGrant | CaseTeamGrant:
    """Give ``to_user`` or every member of ``team`` access to ``case`` (``case.grant``,
    supervisors); audited as ``case.grant``. Granting twice returns the existing grant."""
    me = acting(session, user)
    row = load_case(session, case)
    require(me, "case.grant")
    why = need_reason(reason, "granting access to a case")
    if (to_user is None) == (team is None):
        raise CaseInputError("grant access to a user or to a team, not both or neither")
    if to_user is not None:
        grantee = find(session, to_user)
        existing = session.scalars(
            select(CaseGrant).where(CaseGrant.case_id == row.id, CaseGrant.user_id == grantee.id)
        ).one_or_none()
        if existing is not None:
            return existing
        grant = CaseGrant(user_id=grantee.id, granted_by=me.id, reason=why)
        row.grants.append(grant)
        session.flush()
        audit(session, me, "case.grant", "case_grant", grant.id, why, {"user": grantee.username})
        return grant
    name = (team or "").strip()
    found = session.scalars(
        select(CaseTeamGrant).where(CaseTeamGrant.case_id == row.id, CaseTeamGrant.team == name)
    ).one_or_none()
    if found is not None:
        return found
    team_grant = CaseTeamGrant(case_id=row.id, team=name, granted_by=me.id, reason=why)
    session.add(team_grant)
    session.flush()
    audit(session, me, "case.grant", "case", row.id, why, {"team": name})
    return team_grant


def revoke_access(
    session: Session,
    user: UserRef,
    case: CaseRef,
    *,
    from_user: UserRef | None = None,
    team: str | None = None,
    reason: str,
) -> None:
    """Take back a user's or a team's access (``case.grant``); audited as ``case.revoke``."""
    me = acting(session, user)
    row = load_case(session, case)
    require(me, "case.grant")
    why = need_reason(reason, "revoking access to a case")
    if from_user is not None:
        grantee = find(session, from_user)
        grant = session.scalars(
            select(CaseGrant).where(CaseGrant.case_id == row.id, CaseGrant.user_id == grantee.id)
        ).one_or_none()
        if grant is None:
            raise NotFoundError(f"{grantee.username} has no grant on case {row.reference}")
        audit(session, me, "case.revoke", "case_grant", grant.id, why, {"user": grantee.username})
        row.grants.remove(grant)
    elif team is not None:
        team_grant = session.scalars(
            select(CaseTeamGrant).where(CaseTeamGrant.case_id == row.id, CaseTeamGrant.team == team)
        ).one_or_none()
        if team_grant is None:
            raise NotFoundError(f"team {team!r} has no grant on case {row.reference}")
        audit(session, me, "case.revoke", "case", row.id, why, {"team": team})
        session.delete(team_grant)
    else:
        raise CaseInputError("revoke a user's or a team's access")
    session.flush()


def link(
    session: Session,
    me: User,
    case: Case,
    kind: str,
    target: str,
    *,
    label: str = "",
    data: Mapping[str, Any] | None = None,
    alert_id: int | None = None,
    match_id: int | None = None,
    why: str | None = None,
) -> CaseLink:
    """Link ``target`` to ``case`` (permission checked by the caller); an existing link of
    the same kind and target is returned as it is. Audited as ``case.link``."""
    existing = session.scalars(
        select(CaseLink).where(
            CaseLink.case_id == case.id, CaseLink.kind == kind, CaseLink.target == target
        )
    ).one_or_none()
    if existing is not None:
        return existing
    row = CaseLink(
        case_id=case.id,
        kind=kind,
        target=target,
        label=label,
        data=dict(data) if data else None,
        alert_id=alert_id,
        match_id=match_id,
        added_by=me.id,
    )
    session.add(row)
    touch(case)
    session.flush()
    audit(session, me, "case.link", "case_link", row.id, why, {"kind": kind, "target": target})
    return row


def add_link(
    session: Session,
    user: UserRef,
    case: CaseRef,
    kind: str,
    target: str,
    *,
    label: str = "",
    data: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> CaseLink:
    """Link a subject, account or transaction to ``case`` (``case.edit``).

    ``data`` may describe it for the network view: a transaction's ``{"from": "ACC-1",
    "to": "ACC-2", "amount": 9500}``, a subject's ``{"accounts": ["ACC-1"]}``.
    """
    me = acting(session, user)
    row = load_case(session, case)
    require_case(session, me, "case.edit", row)
    require_open(row)
    if kind not in DIRECT_LINK_KINDS:
        raise CaseInputError(
            f"link kind {kind!r}: add {', '.join(DIRECT_LINK_KINDS)} here; alerts and "
            "matches join a case by escalating them"
        )
    if not target.strip():
        raise CaseInputError(f"a {kind} link needs a target (its id)")
    return link(session, me, row, kind, target.strip(), label=label, data=data, why=reason)


def add_note(session: Session, user: UserRef, case: CaseRef, text: str) -> Note:
    """Write a note on ``case`` (``case.edit``); the text goes into the audit details."""
    me = acting(session, user)
    row = load_case(session, case)
    require_case(session, me, "case.edit", row)
    require_open(row)
    if not text.strip():
        raise CaseInputError("a note needs some text")
    note = Note(case_id=row.id, author_id=me.id, text=text)
    session.add(note)
    touch(row)
    session.flush()
    audit(session, me, "case.note", "note", note.id, None, {"text": text})
    return note


def add_attachment(
    session: Session,
    user: UserRef,
    case: CaseRef,
    filename: str,
    content: bytes,
    *,
    media_type: str = "application/octet-stream",
) -> Attachment:
    """Attach a file to ``case`` (``case.edit``), refused over ``OPENFIU_MAX_ATTACHMENT_BYTES``
    (:class:`~openfiu.store.AttachmentTooLargeError`); its sha256 is kept and audited."""
    me = acting(session, user)
    row = load_case(session, case)
    require_case(session, me, "case.edit", row)
    require_open(row)
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name:
        raise CaseInputError("an attachment needs a file name")
    attachment = make_attachment(
        row.id, name, content=content, media_type=media_type, uploaded_by=me.id
    )
    session.add(attachment)
    touch(row)
    session.flush()
    details = {"filename": name, "size": attachment.size, "sha256": attachment.sha256}
    audit(session, me, "case.attach", "attachment", attachment.id, None, details)
    return attachment


def read_attachment(
    session: Session, user: UserRef, attachment_id: int
) -> tuple[Attachment, bytes]:
    """An attachment and its bytes (checked against the sha256); audited as
    ``attachment.read``."""
    me = acting(session, user)
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFoundError(f"no attachment {attachment_id}")
    require_read(session, me, attachment.case)
    data = read_bytes(attachment)
    audit(session, me, "attachment.read", "attachment", attachment.id, None, None)
    return attachment, data


def view_case(session: Session, user: UserRef, case: CaseRef, why: str | None = None) -> Case:
    """The case, for reading (``case.view`` with a grant, or oversight); audited as
    ``case.view``. Its links, notes, attachments, decisions and grants load on access."""
    me = acting(session, user)
    row = load_case(session, case)
    require_read(session, me, row)
    audit(session, me, "case.view", "case", row.id, why, None)
    return row


def list_cases(
    session: Session,
    user: UserRef,
    *,
    status: str | None = None,
    assignee: UserRef | None = None,
    teams: Iterable[str] | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Page[Case]:
    """The cases ``user`` may read, newest first; audited as ``case.list``.

    Optionally only those of one ``status``, those assigned to ``assignee`` (to the user
    or to one of the user's teams), and those assigned to one of ``teams``.
    """
    me = acting(session, user)
    offset, limit = check_paging(page, per_page)
    condition = visible_cases(session, me)
    if status is not None:
        condition = and_(condition, Case.status == status)
    details: dict[str, object] = {"status": status, "page": page}
    if assignee is not None:
        person = find(session, assignee)
        mine = or_(
            WorkAssignment.assignee_id == person.id,
            WorkAssignment.assignee_team.in_(teams_of(session, person.id)),
        )
        condition = and_(condition, Case.id.in_(select(WorkAssignment.case_id).where(mine)))
        details["assignee"] = person.username
    if teams is not None:
        wanted = sorted(set(teams))
        ours = select(WorkAssignment.case_id).where(WorkAssignment.assignee_team.in_(wanted))
        condition = and_(condition, Case.id.in_(ours))
        details["teams"] = wanted
    total = session.scalar(select(func.count()).select_from(Case).where(condition)) or 0
    rows = session.scalars(
        select(Case).where(condition).order_by(Case.id.desc()).offset(offset).limit(limit)
    ).all()
    audit(session, me, "case.list", "case", "-", None, details)
    return Page(items=rows, total=total, page=page, per_page=per_page)
