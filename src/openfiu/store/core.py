"""The :class:`Store`: an engine and a session factory over the migrated database.

Example::

    from openfiu.store import open_store
    from openfiu.store.models import Case

    store = open_store()                       # HOME/openfiu.db, migrated on first use
    with store.transaction() as session:       # commit at the end, roll back on error
        session.add(Case(reference="C-1", title="Transfers to a listed company"))

``transaction()`` turns the database's refusals into openfiu errors that say what to do:
a concurrent change (optimistic concurrency on cases and decisions) becomes
:class:`ConcurrentUpdateError`, a decision approved by its proposer :class:`FourEyesError`,
a change to the audit log :class:`AppendOnlyError`.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

if sys.platform != "win32":
    import fcntl

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from openfiu.store.connect import make_engine
from openfiu.store.errors import AppendOnlyError, ConcurrentUpdateError, FourEyesError
from openfiu.store.migrate import check_revision, current_revision, head_revision, upgrade


@dataclass(frozen=True)
class Store:
    """An open store. ``sessions()`` makes a session; prefer :meth:`transaction`."""

    engine: Engine
    sessions: sessionmaker[Session]
    _writer: WriterLock = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_writer", WriterLock.for_url(self.engine.url))

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def dialect(self) -> str:
        """``'sqlite'`` or ``'postgresql'``."""
        return self.engine.dialect.name

    def describe(self) -> str:
        """The URL without its password, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in a transaction: committed when the block ends, rolled back on error."""
        with self.sessions() as session:
            try:
                with session.begin():
                    yield session
            except (StaleDataError, DBAPIError) as exc:
                raise translate_error(exc) from exc

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold the store's writer lock across processes (SQLite files; elsewhere a no-op).

        SQLite lets one writer at a time in, and a writer that finds the file locked polls
        with growing sleeps (up to 100 ms each) however soon the lock is free again. Busy
        writers that take this lock around their transactions queue on an operating-system
        lock instead and go in the moment it is released (several web workers committing
        audit events: p95 546 ms before, see docs/benchmarks.md).
        """
        with self._writer.held():
            yield

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        self._writer.close()


class WriterLock:
    """An exclusive ``flock`` on ``<database file>-writer.lock`` (see :meth:`Store.write_lock`);
    threads of one process take turns on a mutex first, since ``flock`` is per open file."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self._mutex = threading.Lock()
        self._fd: int | None = None

    @classmethod
    def for_url(cls, url: URL) -> WriterLock:
        """A real lock for SQLite files on systems with ``flock``; a no-op otherwise."""
        database = url.database or ""
        if (
            sys.platform == "win32"
            or url.get_backend_name() != "sqlite"
            or database in ("", ":memory:")
            or database.startswith("file:")
        ):
            return cls(None)
        return cls(database + "-writer.lock")

    @contextmanager
    def held(self) -> Iterator[None]:
        if self.path is None or sys.platform == "win32":
            yield
            return
        with self._mutex:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        with self._mutex:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


def translate_error(exc: Exception) -> Exception:
    """The openfiu error for a database refusal, or ``exc`` itself when it is another one."""
    if isinstance(exc, StaleDataError):
        return ConcurrentUpdateError(
            "someone else changed this case or decision since it was read; "
            f"reload it and try again ({exc})"
        )
    text = str(getattr(exc, "orig", exc))
    if isinstance(exc, DBAPIError) and "append-only" in text:
        return AppendOnlyError(f"refused by the database: {text.splitlines()[0]}")
    if isinstance(exc, IntegrityError) and "four_eyes" in text:
        return FourEyesError(
            "a decision must be approved or rejected by someone other than its proposer"
        )
    return exc


def expect_version(row: object, version: int) -> None:
    """Raise :class:`ConcurrentUpdateError` unless ``row`` (a case or decision) is still at
    ``version`` — the one a form or API client showed the user before they acted.

    The version column then also guards the moment between this check and the update.
    """
    current = getattr(row, "version", None)
    if current != version:
        raise ConcurrentUpdateError(
            f"{type(row).__name__} {getattr(row, 'id', '?')} is at version {current}, "
            f"not version {version} that was shown; reload it and try again"
        )


def open_store(
    url: str | URL | None = None, *, migrate: bool | None = None, echo: bool = False
) -> Store:
    """Open the store at ``url`` (default ``OPENFIU_DATABASE_URL``, else HOME/openfiu.db).

    ``migrate`` None migrates SQLite files automatically (no set-up) and only checks that a
    PostgreSQL database is at the current revision (production migrates on purpose, with
    ``openfiu db upgrade``); True or False force either.

    Raises :class:`MigrationError` when the database is not at this code's revision.
    """
    engine = make_engine(url, echo=echo)
    try:
        auto = migrate if migrate is not None else engine.dialect.name == "sqlite"
        if auto and current_revision(engine) != head_revision():
            upgrade(engine)
        check_revision(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
