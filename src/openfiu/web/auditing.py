"""Audit writes of API searches, group-committed: many requests, one transaction.

Every ``/match`` and ``/api/search`` query is a ``screening.search`` event, the same event
:func:`openfiu.audit.record_search` writes (:func:`append_searches`). Writing each in its own transaction would make every
request wait for its own commit, and all of them queue for the audit log's head row. The
:class:`AuditWriter` thread instead takes whatever searches are waiting, writes them in one
transaction and then answers all their requests: a request still gets its results only
after its search is committed (no result leaves unaudited), but a burst of requests
shares one commit.

Example::

    writer = AuditWriter(store)
    await writer.write([SearchRecord("ana", {"name": "Jumakhon Halimov"}, "alert A-17")])
    writer.close()
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import queue
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from openfiu.audit import JustificationRequiredError
from openfiu.audit.log import PERSON_KINDS, SEARCH_ACTION
from openfiu.store import Store
from openfiu.store.base import utcnow
from openfiu.store.chain import canonical_json, event_hash, format_time, sha256_text
from openfiu.store.models.audit import AuditDetails, AuditEvent, AuditHead

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One search to log: who, the query as searched (and what it found), why."""

    actor: str
    query: Mapping[str, Any]
    justification: str | None
    at: dt.datetime = field(default_factory=utcnow)
    """When the search was made (the event's time, not the commit's)."""


def needs_justification(query: Mapping[str, Any]) -> bool:
    """True when the query may be a person (kind ``person`` or none): the audit rules then
    require a justification (:func:`openfiu.audit.record_search`)."""
    return query.get("kind") in PERSON_KINDS


def check_justification(query: Mapping[str, Any], justification: str | None) -> None:
    """Raise :class:`JustificationRequiredError` before searching, not after."""
    if needs_justification(query) and not (justification and justification.strip()):
        raise JustificationRequiredError(
            "searching a person needs a justification: say why (case, alert or "
            "onboarding reference); the reason is kept in the audit log"
        )


def append_searches(session: Session, records: Sequence[SearchRecord]) -> None:
    """Append ``records`` to the audit log as ``screening.search`` events, in order.

    The events are exactly those :func:`openfiu.audit.record_search` writes (same fields,
    details ``{"query": …}``, hash chain), but the head row is taken once for the whole
    batch and the rows are inserted with one statement each, so a batch of hundreds
    costs about as much as a few single events.
    """
    if not records:
        return
    for r in records:
        if not r.actor.strip():
            raise ValueError("audit event needs a non-empty actor")
        check_justification(r.query, r.justification)
    head = session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(seq=AuditHead.seq + len(records))
        .returning(AuditHead.seq, AuditHead.hash)
        .execution_options(synchronize_session=False)
    ).one()
    seq, prev_hash = int(head.seq) - len(records), str(head.hash)
    events: list[dict[str, Any]] = []
    details: list[dict[str, Any]] = []
    for r in records:
        seq += 1
        when = r.at.astimezone(dt.UTC)
        text = canonical_json({"query": dict(r.query)})
        fields: dict[str, Any] = {
            "seq": seq,
            "actor": r.actor,
            "action": SEARCH_ACTION,
            "target_type": "query",
            "target_id": "-",
            "justification": r.justification,
            "details_hash": sha256_text(text),
            "prev_hash": prev_hash,
        }
        prev_hash = event_hash(at=format_time(when), **fields)
        events.append({**fields, "at": when, "hash": prev_hash})
        details.append({"seq": seq, "details": text})
    session.execute(insert(AuditEvent), events)
    session.execute(insert(AuditDetails), details)
    session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(hash=prev_hash)
        .execution_options(synchronize_session=False)
    )


_Item = tuple[Sequence[SearchRecord], "Future[None]"]


class AuditWriter:
    """A thread that writes queued searches in shared transactions (see the module)."""

    def __init__(self, store: Store, max_batch: int = 500) -> None:
        self.store = store
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="openfiu-audit", daemon=True)
        self._closed = False
        self._thread.start()

    def submit(self, records: Sequence[SearchRecord]) -> Future[None]:
        """Queue ``records``; the future is done when they are committed (or failed)."""
        future: Future[None] = Future()
        if self._closed:
            future.set_exception(RuntimeError("the audit writer is closed"))
        elif not records:
            future.set_result(None)
        else:
            self._queue.put((records, future))
        return future

    async def write(self, records: Sequence[SearchRecord]) -> None:
        """Queue ``records`` and wait until they are committed; raises what writing raised."""
        await asyncio.wrap_future(self.submit(records))

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued, then stop the thread."""
        if not self._closed:
            self._closed = True
            self._queue.put(None)
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch, size, stop = [item], len(item[0]), False
            while size < self.max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                batch.append(more)
                size += len(more[0])
            self._write(batch)
            if stop:
                return

    def _write(self, batch: list[_Item]) -> None:
        error = self._try([r for records, _ in batch for r in records])
        if error is not None and len(batch) > 1:
            # one bad item must not fail its neighbours: write each on its own
            for records, future in batch:
                self._settle(future, self._try(records))
            return
        for _, future in batch:
            self._settle(future, error)

    def _try(self, records: Sequence[SearchRecord]) -> Exception | None:
        try:
            self._commit(records)
        except Exception as exc:
            return exc
        return None

    def _commit(self, records: Sequence[SearchRecord]) -> None:
        with self.store.transaction() as session:
            append_searches(session, records)

    @staticmethod
    def _settle(future: Future[None], error: BaseException | None) -> None:
        if future.set_running_or_notify_cancel():
            if error is None:
                future.set_result(None)
            else:
                log.error("audit write failed: %s", error)
                future.set_exception(error)


__all__ = [
    "AuditWriter",
    "SearchRecord",
    "append_searches",
    "check_justification",
    "needs_justification",
]
