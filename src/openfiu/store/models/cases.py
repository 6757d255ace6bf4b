"""Tables of monitoring alerts, cases and what a case holds.

A :class:`Case` groups links (alerts, screening matches, subjects, accounts,
transactions), notes, attachments and decisions. A :class:`Decision` (confirm a match,
freeze, file an STR, disseminate, close) is proposed by one user and approved or rejected
by another: the database itself refuses ``approved_by = proposed_by`` (constraint
``ck_decisions_four_eyes``).

Cases and decisions carry a ``version`` column that SQLAlchemy checks on every update
(optimistic concurrency): when two reviewers act on the same decision at once, the second
update matches no row and fails with :class:`openfiu.store.errors.ConcurrentUpdateError`
instead of silently overwriting the first.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openfiu.store.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from openfiu.store.models.people import CaseGrant

ALERT_STATUSES = ("new", "false_positive", "escalated", "closed")
LINK_KINDS = ("alert", "match", "subject", "account", "transaction")
DECISION_KINDS = ("confirm_match", "freeze", "file_str", "disseminate", "close")
DECISION_STATUSES = ("proposed", "approved", "rejected")


class Alert(Base):
    """A monitoring alert: the columns of ``openfiu.monitoring.alerts.ALERT_SCHEMA`` + status."""

    __tablename__ = "alerts"
    __table_args__ = (
        CheckConstraint(
            "status IN ('new', 'false_positive', 'escalated', 'closed')", name="status"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[str] = mapped_column(String(128), unique=True)
    rule: Mapped[str] = mapped_column(String(64), index=True)
    typology: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    accounts: Mapped[list[str]] = mapped_column(JSON, default=list)
    transactions: Mapped[list[str]] = mapped_column(JSON, default=list)
    window_start: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    window_end: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    amount_base: Mapped[float | None] = mapped_column(Float)
    values: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    explanation: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    triaged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    triaged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Case(Base):
    """A work item grouping evidence about one matter. ``status`` is free text for the
    cases package to define (``open`` … ``closed``); ``closed_at`` drives retention."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(512))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(32), default="open", index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    links: Mapped[list[CaseLink]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )
    notes: Mapped[list[Note]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )
    grants: Mapped[list[CaseGrant]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )


class CaseLink(Base):
    """Something a case is about: an alert, a screening match, a subject, an account or a
    transaction. ``target`` names it (alert id, account number, entity id …); alerts and
    matches also point to their rows, which then cannot be deleted under the case."""

    __tablename__ = "case_links"
    __table_args__ = (
        UniqueConstraint("case_id", "kind", "target"),
        CheckConstraint(
            "kind IN ('alert', 'match', 'subject', 'account', 'transaction')", name="kind"
        ),
        CheckConstraint("kind <> 'alert' OR alert_id IS NOT NULL", name="alert_row"),
        CheckConstraint("kind <> 'match' OR match_id IS NOT NULL", name="match_row"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(256))
    label: Mapped[str] = mapped_column(String(512), default="")
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id"), index=True)
    match_id: Mapped[int | None] = mapped_column(ForeignKey("screening_matches.id"), index=True)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="links")


class Note(Base):
    """A note written on a case."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    text: Mapped[str] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="notes")


class Attachment(Base):
    """A file attached to a case: its bytes in the database (``content``) or a path to
    where they are kept, never both; ``sha256`` and ``size`` are of the bytes.
    Build one with :func:`openfiu.store.cases.make_attachment`, which checks the size."""

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint("(content IS NULL) <> (path IS NULL)", name="content_or_path"),
        CheckConstraint("size >= 0", name="size"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(512))
    media_type: Mapped[str] = mapped_column(String(128), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    path: Mapped[str | None] = mapped_column(String(1024))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="attachments")


class Decision(Base):
    """A decision on a case, in force only once ``status`` is ``approved`` by a second person."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('confirm_match', 'freeze', 'file_str', 'disseminate', 'close')",
            name="kind",
        ),
        CheckConstraint(
            "status IN ('proposed', 'approved', 'rejected', 'withdrawn')", name="status"
        ),
        CheckConstraint("approved_by IS NULL OR approved_by <> proposed_by", name="four_eyes"),
        CheckConstraint(
            "(status = 'proposed') = (approved_by IS NULL AND decided_at IS NULL)",
            name="reviewed",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    proposed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    reasons: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    """Who approved or rejected it (never the proposer)."""
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    review_reasons: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    case: Mapped[Case] = relationship(back_populates="decisions")
