"""Checking the audit log: every hash, every link, every sequence number, the head.

:func:`verify` reads the whole log in order and stops at the first event that is not as
it was written, saying why:

* a **changed** event no longer hashes to its ``hash``;
* a **deleted** event leaves a gap in the sequence numbers (or, at the end, a log shorter
  than the head row says);
* an **inserted** or **reordered** event breaks the ``prev_hash`` link or its own hash,
  since the sequence number is hashed too;
* **details** that were changed no longer match ``details_hash``; details deleted without
  a later ``retention.apply`` event listing them are reported as tampering, not masking.

Someone who can rewrite the database can also recompute every hash; to notice that, keep
the head (``report.head_seq``, ``report.head_hash``) somewhere else — printed, mailed to
the oversight body — and pass it back as ``anchor`` later.

Example::

    report = verify(store)
    if not report.ok:
        print(report)        # "audit log broken at event 42: content changed …"
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from openfiu.store.chain import hash_of, sha256_text
from openfiu.store.core import Store
from openfiu.store.models.audit import GENESIS_HASH, AuditDetails, AuditEvent, AuditHead

MASKING_ACTIONS = ("retention.apply",)
"""Actions whose details list the events whose details they masked (``masked_events``)."""


@dataclass(frozen=True)
class VerifyReport:
    """What :func:`verify` found. ``first_bad_seq`` and ``problem`` are None when ``ok``."""

    ok: bool
    events: int
    masked: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str | None = None

    def __str__(self) -> str:
        if self.ok:
            return (
                f"audit log intact: {self.events:,} events ({self.masked:,} with masked "
                f"details), head {self.head_seq}:{self.head_hash}"
            )
        return f"audit log broken at event {self.first_bad_seq}: {self.problem}"


def _masked_allowed(store: Store) -> set[int]:
    allowed: set[int] = set()
    with store.sessions() as session:
        query = (
            select(AuditDetails.details)
            .join(AuditEvent, AuditEvent.seq == AuditDetails.seq)
            .where(AuditEvent.action.in_(MASKING_ACTIONS))
        )
        for text in session.scalars(query):
            listed = json.loads(text).get("masked_events", [])
            allowed.update(int(seq) for seq in listed)
    return allowed


def verify(store: Store, anchor: tuple[int, str] | None = None) -> VerifyReport:
    """Check the whole audit log of ``store``; ``anchor`` (seq, hash) is a head kept
    outside the database, which must still be in the log unchanged."""
    masked_allowed = _masked_allowed(store)
    expected, prev_hash, masked, count = 1, GENESIS_HASH, 0, 0
    anchor_seen = anchor is None

    def broken(seq: int, problem: str) -> VerifyReport:
        return VerifyReport(False, count, masked, expected - 1, prev_hash, seq, problem)

    with store.sessions() as session:
        rows = session.execute(
            select(AuditEvent, AuditDetails.details)
            .outerjoin(AuditDetails, AuditDetails.seq == AuditEvent.seq)
            .order_by(AuditEvent.seq)
            .execution_options(yield_per=2000)
        )
        for event, details in rows:
            if event.seq != expected:
                return broken(expected, f"events {expected}–{event.seq - 1} are missing (deleted)")
            if event.prev_hash != prev_hash:
                return broken(
                    event.seq,
                    f"prev_hash does not match event {event.seq - 1}: an event was inserted, "
                    "replaced or moved here",
                )
            if hash_of(event) != event.hash:
                return broken(event.seq, "content changed since it was written (hash mismatch)")
            if details is not None:
                if event.details_hash != sha256_text(details):
                    return broken(event.seq, "details changed since they were written")
            elif event.details_hash is not None:
                if event.seq not in masked_allowed:
                    return broken(
                        event.seq, "details deleted, and no retention event lists them as masked"
                    )
                masked += 1
            if anchor is not None and event.seq == anchor[0]:
                if event.hash != anchor[1]:
                    return broken(event.seq, "hash differs from the anchor kept outside")
                anchor_seen = True
            count += 1
            prev_hash = event.hash
            expected += 1
        head = session.get_one(AuditHead, 1)
    last = expected - 1
    if head.seq > last:
        return broken(last + 1, f"the log ends at event {last} but {head.seq} were written")
    if head.seq < last or head.hash != prev_hash:
        return broken(
            head.seq + 1 if head.seq < last else last,
            f"the head row says event {head.seq} ends the log: events were added or "
            "changed without openfiu",
        )
    if not anchor_seen and anchor is not None:
        return broken(anchor[0], f"the anchor's event {anchor[0]} is not in the log")
    return VerifyReport(True, count, masked, head.seq, head.hash)
