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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, update
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


@dataclass(frozen=True, slots=True)
class PendingEvent:
    """One event for :func:`record_many`: the arguments :func:`record` takes."""

    actor: str
    action: str
    target_type: str
    target_id: str | int
    justification: str | None = None
    details: Mapping[str, Any] | None = None
    at: dt.datetime | None = None


def _checked(event: PendingEvent) -> dt.datetime:
    """Refuse an event without actor, action or target type; its time in UTC."""
    for name in ("actor", "action", "target_type"):
        value = getattr(event, name)
        if not value or not value.strip():
            raise StoreError(f"audit event needs a non-empty {name}")
    when = event.at if event.at is not None else utcnow()
    if when.tzinfo is None:
        raise StoreError(f"audit event time must be timezone-aware, got {when!r}")
    return when.astimezone(dt.UTC)


def _take_seqs(session: Session, count: int) -> tuple[int, str]:
    """Reserve ``count`` sequence numbers on the head row (locked until the transaction
    ends); return the last one used before them and its hash."""
    head = session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(seq=AuditHead.seq + count)
        .returning(AuditHead.seq, AuditHead.hash)
        .execution_options(synchronize_session=False)
    ).one()
    return int(head.seq) - count, str(head.hash)


def _set_head_hash(session: Session, last_hash: str) -> None:
    session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(hash=last_hash)
        .execution_options(synchronize_session=False)
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
    pending = PendingEvent(actor, action, target_type, target_id, justification, details, at)
    when = _checked(pending)
    last_seq, prev_hash = _take_seqs(session, 1)
    seq = last_seq + 1
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
    _set_head_hash(session, event.hash)
    session.flush()
    return event


def record_many(session: Session, events: Sequence[PendingEvent]) -> None:
    """Append ``events`` in order, as :func:`record` would one by one, but cheaply.

    The head row is taken once for the whole batch and the rows go in with one statement
    per table, so hundreds of events cost about as much as a few single ones (the web's
    audit writer commits every search of a burst of API requests this way). Nothing is
    written when any event is refused.
    """
    if not events:
        return
    times = [_checked(e) for e in events]
    last_seq, prev_hash = _take_seqs(session, len(events))
    rows: list[dict[str, Any]] = []
    details_rows: list[dict[str, Any]] = []
    for seq, (e, when) in enumerate(zip(events, times, strict=True), start=last_seq + 1):
        text = canonical_json(dict(e.details)) if e.details is not None else None
        fields: dict[str, Any] = {
            "seq": seq,
            "actor": e.actor,
            "action": e.action,
            "target_type": e.target_type,
            "target_id": str(e.target_id),
            "justification": e.justification,
            "details_hash": sha256_text(text) if text is not None else None,
            "prev_hash": prev_hash,
        }
        prev_hash = event_hash(at=format_time(when), **fields)
        rows.append({**fields, "at": when, "hash": prev_hash})
        if text is not None:
            details_rows.append({"seq": seq, "details": text})
    session.execute(insert(AuditEvent), rows)
    if details_rows:
        session.execute(insert(AuditDetails), details_rows)
    _set_head_hash(session, prev_hash)
