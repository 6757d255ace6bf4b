"""Tables of screening runs and their matches.

A run is who screened what, when and why; its status is ``running`` while it works and
``complete`` or ``failed`` at the end. Matches are only ever written in the transaction
that completes the run (:func:`openfiu.store.runs.screening_run`), so a run that crashed
has no matches at all rather than half of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openfiu.store.base import Base, UTCDateTime, utcnow

RUN_STATUSES = ("running", "complete", "failed")
MATCH_STATUSES = ("new", "false_positive", "escalated")


class ScreeningRun(Base):
    """One screening: a single name search or a batch file."""

    __tablename__ = "screening_runs"
    __table_args__ = (
        CheckConstraint("status IN ('running', 'complete', 'failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(128))
    """Who ran it: a username, or ``cli:<login>`` / ``system:<job>``."""
    purpose: Mapped[str] = mapped_column(Text)
    """Why: the justification given for the search."""
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="running")
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Threshold, list versions, input file, or the query itself for a single search."""
    list_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("list_versions.id", ondelete="SET NULL")
    )
    record_count: Mapped[int] = mapped_column(Integer, default=0)
    match_count: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)

    matches: Mapped[list[ScreeningMatch]] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True
    )


class ScreeningMatch(Base):
    """One list entry that one screened record may be (a :class:`openfiu.screening.Match`)."""

    __tablename__ = "screening_matches"
    __table_args__ = (
        CheckConstraint("status IN ('new', 'false_positive', 'escalated')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("screening_runs.id", ondelete="CASCADE"), index=True
    )
    record_id: Mapped[str | None] = mapped_column(String(256))
    query: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The screened record as given (name, birth date …): personal data, under retention."""
    score: Mapped[float] = mapped_column(Float)
    name_score: Mapped[float] = mapped_column(Float)
    reference: Mapped[str] = mapped_column(String(128), index=True)
    entity_id: Mapped[str] = mapped_column(String(128))
    source: Mapped[str] = mapped_column(String(64))
    list_type: Mapped[str | None] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    primary_name: Mapped[str] = mapped_column(String(512))
    matched_name: Mapped[str] = mapped_column(String(512))
    query_name: Mapped[str] = mapped_column(String(512))
    explanation: Mapped[str] = mapped_column(Text)
    features: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="new")

    run: Mapped[ScreeningRun] = relationship(back_populates="matches")
