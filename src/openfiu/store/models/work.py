"""Tables of who works on what: assignments of work items and cases, teams, team grants.

* :class:`WorkAssignment` — exactly one of an alert, a screening match or a case, and
  exactly one assignee: a user (``assignee_id``) or a team (``assignee_team``, a name
  from :class:`TeamMember`). One assignee at a time; reassigning updates the row.
* :class:`TeamMember` — a user belongs to zero or more teams (a team is just a name).
* :class:`CaseTeamGrant` — need-to-know for a whole team: every member may work on the
  case, as if each had a :class:`openfiu.store.models.people.CaseGrant`.

Everything here cascades with the row it belongs to, so retention that deletes a screening
run or a closed case deletes their assignments and team grants too.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openfiu.store.base import Base, UTCDateTime, utcnow


class WorkAssignment(Base):
    """Who an alert, a screening match or a case is assigned to: a user or a team."""

    __tablename__ = "work_assignments"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN alert_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN match_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN case_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_item",
        ),
        CheckConstraint(
            "(CASE WHEN assignee_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN assignee_team IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_assignee",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int | None] = mapped_column(
        ForeignKey("alerts.id", ondelete="CASCADE"), unique=True
    )
    match_id: Mapped[int | None] = mapped_column(
        ForeignKey("screening_matches.id", ondelete="CASCADE"), unique=True
    )
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), unique=True
    )
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    assignee_team: Mapped[str | None] = mapped_column(String(64), index=True)
    """A team's name (its members are :class:`TeamMember` rows); None when a user is."""
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class TeamMember(Base):
    """``user`` belongs to ``team``."""

    __tablename__ = "team_members"

    team: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CaseTeamGrant(Base):
    """Need-to-know for a team: every member of ``team`` may work on ``case``."""

    __tablename__ = "case_team_grants"
    __table_args__ = (UniqueConstraint("case_id", "team"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    team: Mapped[str] = mapped_column(String(64))
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")
