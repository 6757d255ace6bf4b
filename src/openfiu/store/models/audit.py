"""Tables of the audit log: events (immutable), their details (maskable) and the head.

* ``audit_events`` holds who did what to what, when and why, with ``prev_hash`` and
  ``hash`` chaining each event to the one before. Triggers made by the first migration make
  the database refuse every ``UPDATE`` and ``DELETE`` on it.
* ``audit_details`` holds each event's details (the query searched, the values changed …)
  as canonical JSON text. The event keeps only their sha256 (``details_hash``), so that
  retention can delete the details of an old search — masking the personal data — while
  the chain still verifies. Details can be deleted but never changed (a trigger refuses
  ``UPDATE``), and a deletion is legitimate only when a later event lists it.
* ``audit_head`` is one row: the last sequence number and hash. Writers lock it to take
  the next number, and :func:`openfiu.audit.verify` compares it with the last event so that
  cutting events off the end of the log is noticed too.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openfiu.store.base import Base, UTCDateTime

GENESIS_HASH = "0" * 64
"""``prev_hash`` of the first event."""


class AuditEvent(Base):
    """One audited action. Write it with :func:`openfiu.audit.record`, never directly."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(128), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[str] = mapped_column(String(128))
    justification: Mapped[str | None] = mapped_column(Text)
    details_hash: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    details_row: Mapped[AuditDetails | None] = relationship(lazy="select")

    @property
    def details(self) -> dict[str, Any] | None:
        """The event's details, or None when it had none or retention masked them."""
        row = self.details_row
        if row is None:
            return None
        value: dict[str, Any] = json.loads(row.details)
        return value

    @property
    def masked(self) -> bool:
        """True when the event had details and they were deleted (masked) since."""
        return self.details_hash is not None and self.details_row is None


class AuditDetails(Base):
    """The details of one event, as the exact canonical JSON text that was hashed."""

    __tablename__ = "audit_details"

    seq: Mapped[int] = mapped_column(
        ForeignKey("audit_events.seq"), primary_key=True, autoincrement=False
    )
    details: Mapped[str] = mapped_column(Text)


class AuditHead(Base):
    """The end of the chain: last sequence number and hash (one row, ``id`` 1)."""

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
