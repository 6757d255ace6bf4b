"""Appending to the hash-chained audit log (the only code that writes ``audit_events``).

Each event is hashed over a canonical JSON text of its fields — sequence number, UTC time
to the microsecond, actor, action, target, justification, the sha256 of its details and
the previous event's hash::

    >>> event_hash(seq=1, at="2024-05-01T09:00:00.000000Z", actor="ana", action="case.view",
    ...            target_type="case", target_id="7", justification=None,
    ...            details_hash=None, prev_hash="0" * 64)[:16]
    '5833a1d7459d7330'

so changing, deleting, inserting or reordering any event breaks every hash after it.
Writers take the next sequence number by updating the single ``audit_head`` row, which the
database locks until the transaction ends: concurrent writers queue up instead of forking
the chain, and the event commits (or rolls back) together with the action it records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from openfiu.errors import StoreError
from openfiu.store.base import utcnow
from openfiu.store.models.audit import AuditDetails, AuditEvent, AuditHead


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 text as is; values JSON cannot hold become strings.

    >>> canonical_json({"b": 1, "a": [1.5, "ж"]})
    '{"a":[1.5,"ж"],"b":1}'
    """
    return json.dumps(
        value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=str,
    )


def sha256_text(text: str) -> str:
    """Hex sha256 of UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def format_time(at: dt.datetime) -> str:
    """The time as hashed: UTC, microseconds, ``Z`` (``2024-05-01T09:00:00.000000Z``)."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    seq: int,
    at: str,
    actor: str,
    action: str,
    target_type: str,
    target_id: str,
    justification: str | None,
    details_hash: str | None,
    prev_hash: str,
) -> str:
    """The sha256 of one event's canonical JSON (``at`` as :func:`format_time` writes it)."""
    fields = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "justification": justification,
        "details_hash": details_hash,
        "prev_hash": prev_hash,
    }
    return sha256_text(canonical_json(fields))


def hash_of(event: AuditEvent) -> str:
    """Recompute the hash of a stored event from its columns."""
    return event_hash(
        seq=event.seq,
        at=format_time(event.at),
        actor=event.actor,
        action=event.action,
        target_type=event.target_type,
        target_id=event.target_id,
        justification=event.justification,
        details_hash=event.details_hash,
        prev_hash=event.prev_hash,
    )


def record(
    session: Session,
    actor: str,
    action: str,
    target_type: str,
    target_id: str | int,
    justification: str | None = None,
    details: Mapping[str, Any] | None = None,
    *,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Append one event to the audit log in ``session``'s transaction and return it.

    ``actor`` is a username (or ``cli:<login>``, ``system:<job>``); ``action`` a dotted
    verb (``screening.search``, ``case.view``, ``decision.approve``); ``target_type`` and
    ``target_id`` say what it was done to; ``justification`` why. ``details`` hold what
    retention may later mask (the searched name, changed values); keep personal data there,
    not in the justification, which stays for as long as the log.

    Example::

        with store.transaction() as session:
            record(session, "ana", "case.view", "case", case.id, "assigned alert A-17")
    """
    for name, value in (("actor", actor), ("action", action), ("target_type", target_type)):
        if not value or not value.strip():
            raise StoreError(f"audit event needs a non-empty {name}")
    when = at if at is not None else utcnow()
    if when.tzinfo is None:
        raise StoreError(f"audit event time must be timezone-aware, got {when!r}")
    when = when.astimezone(dt.UTC)
    head = session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(seq=AuditHead.seq + 1)
        .returning(AuditHead.seq, AuditHead.hash)
        .execution_options(synchronize_session=False)
    ).one()
    seq, prev_hash = int(head.seq), str(head.hash)
    details_text = canonical_json(dict(details)) if details is not None else None
    details_hash = sha256_text(details_text) if details_text is not None else None
    event = AuditEvent(
        seq=seq,
        at=when,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        justification=justification,
        details_hash=details_hash,
        prev_hash=prev_hash,
    )
    event.hash = hash_of(event)
    if details_text is not None:
        event.details_row = AuditDetails(seq=seq, details=details_text)
    session.add(event)
    session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(hash=event.hash)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return event
