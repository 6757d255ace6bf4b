"""Oversight: a tamper-evident audit log, users and roles, need-to-know, retention.

Every search, view, export and decision is an audit event — who, when, what and why —
appended to a hash chain that the database will not let anyone change
(:func:`record`, :func:`verify`). What each role may do is a table
(:data:`PERMISSIONS`, :func:`allowed`); case actions also need a grant on the case.
Retention deletes old screening queries and closed cases and masks, rather than deletes,
the audit details about them (:func:`apply_retention`).

Example::

    from openfiu.audit import allowed, record_search, verify
    from openfiu.store import open_store

    store = open_store()
    with store.transaction() as session:
        record_search(session, "ana", {"name": "Jumakhon Halimov"}, "alert A-17")
    print(verify(store))          # audit log intact: 1 events …
"""

from __future__ import annotations

from openfiu.audit.log import (
    SearchRecord,
    check_justification,
    recent_events,
    record,
    record_search,
    record_searches,
)
from openfiu.audit.permissions import (
    ACTIONS,
    CASE_ACTIONS,
    PERMISSIONS,
    PermissionDeniedError,
    UnknownActionError,
    allowed,
    require,
    why_not,
)
from openfiu.audit.retention import RetentionReport, apply_retention
from openfiu.audit.users import (
    UserError,
    authenticate,
    create_user,
    find_user,
    hash_password,
    set_roles,
    verify_password,
)
from openfiu.audit.verify import VerifyReport, verify
from openfiu.store.runs import JustificationRequiredError

__all__ = [
    "ACTIONS",
    "CASE_ACTIONS",
    "PERMISSIONS",
    "JustificationRequiredError",
    "PermissionDeniedError",
    "RetentionReport",
    "SearchRecord",
    "UnknownActionError",
    "UserError",
    "VerifyReport",
    "allowed",
    "apply_retention",
    "authenticate",
    "check_justification",
    "create_user",
    "find_user",
    "hash_password",
    "recent_events",
    "record",
    "record_search",
    "record_searches",
    "require",
    "set_roles",
    "verify",
    "verify_password",
    "why_not",
]
