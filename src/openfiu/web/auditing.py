"""Audit writes of API searches, group-committed: many requests, one transaction.

Every ``/match`` and ``/api/search`` query is a ``screening.search`` event, the same event
:func:`openfiu.audit.record_search` writes (:func:`openfiu.audit.record_searches` appends
a batch of them). Writing each in its own transaction would make every
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
import logging
import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future

from openfiu.audit.log import SearchRecord, record_searches
from openfiu.store import Store

log = logging.getLogger(__name__)


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
        with self.store.write_lock(), self.store.transaction() as session:
            record_searches(session, records)

    @staticmethod
    def _settle(future: Future[None], error: BaseException | None) -> None:
        if future.set_running_or_notify_cancel():
            if error is None:
                future.set_result(None)
            else:
                log.error("audit write failed: %s", error)
                future.set_exception(error)


__all__ = ["AuditWriter"]
