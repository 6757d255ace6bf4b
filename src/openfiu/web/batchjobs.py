"""Batch screening uploads, run in a background thread as stored screening runs.

An uploaded file (CSV, JSON lines or Parquet, within ``OPENFIU_WEB_MAX_UPLOAD_BYTES``) is
kept in a private folder under ``OPENFIU_HOME`` while it is screened and deleted after.
The work happens inside :func:`openfiu.store.screening_run`, so the run is ``running``
while it works, ``complete`` with all its matches, or ``failed`` with none — never
half-written, whatever goes wrong in the thread. Progress (records done of the total) is
kept in memory by :class:`BatchJobs`, per worker process; the run's status is the store's.

Example::

    jobs = BatchJobs()
    run_id = jobs.start(store, screener, "ana", "onboarding file 2024/117", upload,
                        "customers.csv", list_version_id=1)
    jobs.progress(run_id).done
"""

from __future__ import annotations

import copy
import logging
import queue
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openfiu.screening import Screener
from openfiu.screening.batch_io import (
    FileFormat,
    check_columns,
    count_records,
    detect_file_format,
    iter_chunks,
    read_rows,
)
from openfiu.store import RunRecorder, Store, screening_run

log = logging.getLogger(__name__)

CHUNK = 500
"""Records screened between two progress updates."""
MATCHES_PER_RECORD = 10
UPLOADS = "uploads"
"""Folder in OPENFIU_HOME that holds files while they are screened."""


@dataclass
class Progress:
    """How far a run of this process has got."""

    run_id: int
    filename: str
    total: int | None
    done: int = 0
    rejects: int = 0
    matches: int = 0
    reject_examples: list[tuple[int, str]] = field(default_factory=list)
    finished: bool = False

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


def save_upload(home: Path, filename: str, content: bytes) -> tuple[Path, FileFormat]:
    """Keep ``content`` in a private file (mode 600) named by a random token, with the
    extension of ``filename``; check its format and columns. Raises
    :class:`openfiu.errors.BatchInputError` (after deleting the file) when unusable."""
    fmt = detect_file_format(Path(filename.lower()))
    folder = home / UPLOADS
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{secrets.token_hex(16)}.{fmt}"
    path.touch(mode=0o600)
    path.write_bytes(content)
    try:
        check_columns(path, fmt, {})
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, fmt


def screen_into(
    screener: Screener, path: Path, fmt: FileFormat, run: RunRecorder, progress: Progress
) -> None:
    """Screen every record of ``path`` into ``run``, updating ``progress`` by chunk."""
    for chunk in iter_chunks(read_rows(path, fmt, CHUNK), {}, CHUNK):
        good = [r for r in chunk if r.query is not None]
        queries = [r.query for r in good if r.query is not None]
        results = screener.screen_many(queries, limit=MATCHES_PER_RECORD, processes=1)
        errors = dict(screener.last_batch_errors)
        for position, record in enumerate(good):
            if position in errors:
                record.reject = errors[position]
                continue
            assert record.query is not None
            for match in results[position]:
                run.add({**match.to_dict(), "record_id": record.record_id}, record.query)
        for record in chunk:
            if record.reject is not None:
                progress.rejects += 1
                if len(progress.reject_examples) < 20:
                    progress.reject_examples.append((record.index, record.reject))
        run.count_records(len(chunk))
        progress.done += len(chunk)
        progress.matches = len(run.rows)


class BatchJobs:
    """The batch runs started by this process, and their progress."""

    def __init__(self) -> None:
        self._progress: dict[int, Progress] = {}
        self._threads: dict[int, threading.Thread] = {}
        self._lock = threading.Lock()

    def progress(self, run_id: int) -> Progress | None:
        """The progress of run ``run_id`` if this process runs or ran it."""
        with self._lock:
            return self._progress.get(run_id)

    def join(self, run_id: int, timeout: float | None = None) -> None:
        """Wait for run ``run_id``'s thread to end (for tests and shutdown)."""
        with self._lock:
            thread = self._threads.get(run_id)
        if thread is not None:
            thread.join(timeout)

    def start(
        self,
        store: Store,
        screener: Screener,
        actor: str,
        purpose: str,
        upload: tuple[Path, FileFormat],
        filename: str,
        *,
        list_version_id: int | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> int:
        """Start screening ``upload`` (see :func:`save_upload`) in a thread; return the
        stored run's id as soon as the run exists. Raises what starting the run raised
        (e.g. :class:`openfiu.store.JustificationRequiredError`)."""
        path, fmt = upload
        handoff: queue.Queue[int | BaseException] = queue.Queue(maxsize=1)
        params = {
            **(parameters or {}),
            "file": filename[:256],
            "format": fmt,
            "threshold": float(screener.threshold),
            "via": "web",
        }
        own = copy.copy(screener)  # last_batch_errors is per object: keep ours apart
        thread = threading.Thread(
            target=self._work,
            args=(store, own, actor, purpose, path, fmt, filename, params, list_version_id),
            kwargs={"handoff": handoff},
            name="openfiu-batch",
            daemon=True,
        )
        thread.start()
        got = handoff.get(timeout=120)
        if isinstance(got, BaseException):
            raise got
        with self._lock:
            self._threads[got] = thread
        return got

    def _work(
        self,
        store: Store,
        screener: Screener,
        actor: str,
        purpose: str,
        path: Path,
        fmt: FileFormat,
        filename: str,
        params: dict[str, Any],
        list_version_id: int | None,
        *,
        handoff: queue.Queue[int | BaseException],
    ) -> None:
        progress: Progress | None = None
        try:
            total = count_records(path, fmt)
            with screening_run(
                store,
                actor,
                purpose,
                {**params, "records": total},
                list_version_id=list_version_id,
            ) as run:
                progress = Progress(run.run_id, filename, total)
                with self._lock:
                    self._progress[run.run_id] = progress
                handoff.put(run.run_id)
                screen_into(screener, path, fmt, run, progress)
        except BaseException as exc:  # the store has marked the run failed
            if progress is None:
                handoff.put(exc)
            else:
                log.exception("batch screening run %s failed", progress.run_id)
        finally:
            path.unlink(missing_ok=True)
            if progress is not None:
                progress.finished = True


__all__ = ["BatchJobs", "Progress", "save_upload", "screen_into"]
