"""Case work: from a screening hit or a monitoring alert to an approved decision.

The one service layer that the command line and the web application both call. Each
function takes the caller's session (one transaction: the action and its audit event
commit together) and the acting user, checks that user's permissions
(:mod:`openfiu.audit.permissions`, need-to-know per case, also through teams) and records
an audit event with who, when, what and why.

The flow, in the order an analyst meets it:

1. **Work items** (:mod:`~openfiu.cases.workitems`): :func:`queue` lists screening matches
   and monitoring alerts; :func:`mark_false_positive` or :func:`escalate` (into a new or
   an existing case).
2. **Cases** (:mod:`~openfiu.cases.casework`): :func:`open_case`, :func:`grant_access`
   (supervisors), :func:`add_link`, :func:`add_note`, :func:`add_attachment`,
   :func:`view_case`, :func:`list_cases`.
   **Assignments** (:mod:`~openfiu.cases.assignments`): :func:`assign_item` and
   :func:`assign_case`, to a user or a team.
3. **Decisions** (:mod:`~openfiu.cases.decisions`, four eyes): :func:`propose` does
   nothing by itself; :func:`approve` by another person with the reviewer role applies
   the effect in :data:`EFFECTS`; :func:`reject`; the proposer may :func:`withdraw` a
   proposal nobody has reviewed yet.
4. **History** (:mod:`~openfiu.cases.history`): :func:`timeline` and :func:`case_graph`.
5. **Export** (:mod:`~openfiu.cases.export`): :func:`export_case` (JSON-ready, with a
   justification; audited) and :func:`evidence_csv`.

Example::

    from openfiu.cases import QueueFilters, approve, escalate, propose, queue
    from openfiu.store import open_store

    store = open_store()
    with store.transaction() as session:
        item = queue(session, "ana", QueueFilters(kind="match")).items[0]
        case = escalate(session, "ana", item.key, reason="name and birth date agree")
        decision = propose(session, "ana", case, "confirm_match", "passport copy matches")
    with store.transaction() as session:
        approve(session, "rex", decision.id, expected_version=decision.version)

Users are given as rows, ids or usernames. Errors: :class:`NotFoundError`,
:class:`CaseStateError`, :class:`CaseInputError`, and from below
:class:`~openfiu.audit.PermissionDeniedError`, :class:`~openfiu.store.ConcurrentUpdateError`,
:class:`~openfiu.store.AttachmentTooLargeError` — all :class:`~openfiu.errors.OpenFIUError`.
"""

from __future__ import annotations

from openfiu.cases.access import CaseRef, can_read, has_access, load_case, set_teams, teams_of
from openfiu.cases.assignments import (
    TEAM_LABEL,
    assign_case,
    assign_item,
    case_assignee,
    known_teams,
)
from openfiu.cases.base import Page, UserRef, acting_via
from openfiu.cases.casework import (
    add_attachment,
    add_link,
    add_note,
    grant_access,
    list_cases,
    open_case,
    read_attachment,
    revoke_access,
    view_case,
)
from openfiu.cases.decisions import (
    EFFECTS,
    Effect,
    approve,
    pending_decisions,
    propose,
    reject,
    withdraw,
)
from openfiu.cases.errors import CaseError, CaseInputError, CaseStateError, NotFoundError
from openfiu.cases.export import evidence_csv, export_case
from openfiu.cases.history import CaseGraph, TimelineEntry, case_graph, timeline
from openfiu.cases.workitems import (
    UNASSIGNED,
    QueueFilters,
    WorkItem,
    escalate,
    mark_false_positive,
    queue,
)

__all__ = [
    "EFFECTS",
    "TEAM_LABEL",
    "UNASSIGNED",
    "CaseError",
    "CaseGraph",
    "CaseInputError",
    "CaseRef",
    "CaseStateError",
    "Effect",
    "NotFoundError",
    "Page",
    "QueueFilters",
    "TimelineEntry",
    "UserRef",
    "WorkItem",
    "acting_via",
    "add_attachment",
    "add_link",
    "add_note",
    "approve",
    "assign_case",
    "assign_item",
    "can_read",
    "case_assignee",
    "case_graph",
    "escalate",
    "evidence_csv",
    "export_case",
    "grant_access",
    "has_access",
    "known_teams",
    "list_cases",
    "load_case",
    "mark_false_positive",
    "open_case",
    "pending_decisions",
    "propose",
    "queue",
    "read_attachment",
    "reject",
    "revoke_access",
    "set_teams",
    "teams_of",
    "timeline",
    "view_case",
    "withdraw",
]
