"""Every table of the store, importable from one place.

Example::

    >>> from openfiu.store.models import Base, Case, Decision
    >>> sorted(Base.metadata.tables)[:3]
    ['alerts', 'attachments', 'audit_details']
"""

from __future__ import annotations

from openfiu.store.base import Base
from openfiu.store.models.audit import GENESIS_HASH, AuditDetails, AuditEvent, AuditHead
from openfiu.store.models.cases import (
    ALERT_STATUSES,
    DECISION_KINDS,
    DECISION_STATUSES,
    LINK_KINDS,
    Alert,
    Attachment,
    Case,
    CaseLink,
    Decision,
    Note,
)
from openfiu.store.models.lists import EntityRecord, ListVersionRecord
from openfiu.store.models.people import ROLE_NAMES, CaseGrant, Role, User, user_roles
from openfiu.store.models.screening import (
    MATCH_STATUSES,
    RUN_STATUSES,
    ScreeningMatch,
    ScreeningRun,
)
from openfiu.store.models.work import CaseTeamGrant, TeamMember, WorkAssignment

__all__ = [
    "ALERT_STATUSES",
    "DECISION_KINDS",
    "DECISION_STATUSES",
    "GENESIS_HASH",
    "LINK_KINDS",
    "MATCH_STATUSES",
    "ROLE_NAMES",
    "RUN_STATUSES",
    "Alert",
    "Attachment",
    "AuditDetails",
    "AuditEvent",
    "AuditHead",
    "Base",
    "Case",
    "CaseGrant",
    "CaseLink",
    "CaseTeamGrant",
    "Decision",
    "EntityRecord",
    "ListVersionRecord",
    "Note",
    "Role",
    "ScreeningMatch",
    "ScreeningRun",
    "TeamMember",
    "User",
    "WorkAssignment",
    "user_roles",
]
