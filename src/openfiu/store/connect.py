"""Where the store is and how to connect to it: the one place that makes engines.

The URL comes from the argument, else ``OPENFIU_DATABASE_URL``, else a SQLite file in
openfiu's home folder::

    >>> str(resolve_url("postgresql://fiu@db/openfiu"))   # the installed driver is psycopg 3
    'postgresql+psycopg://fiu@db/openfiu'

SQLite connections get foreign keys on (SQLite leaves them off), write-ahead logging (readers
do not block the writer) and a busy timeout (a second writer waits rather than failing).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from openfiu.config import Settings, get_settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
DATABASE_FILE = "openfiu.db"


def default_url(settings: Settings | None = None) -> URL:
    """``sqlite:///HOME/openfiu.db`` for the configured home folder (created if missing)."""
    settings = settings or get_settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    return URL.create("sqlite", database=str(settings.home / DATABASE_FILE))


def resolve_url(url: str | URL | None = None, settings: Settings | None = None) -> URL:
    """The store URL: ``url``, else ``OPENFIU_DATABASE_URL``, else :func:`default_url`.

    Plain ``postgresql://`` and ``postgres://`` URLs are given the psycopg 3 driver.
    """
    if url is None:
        settings = settings or get_settings()
        url = settings.database_url or default_url(settings)
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 30000")  # SQLITE_BUSY_TIMEOUT_MS
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def make_engine(url: str | URL | None = None, *, echo: bool = False) -> Engine:
    """An engine for the store at ``url`` (see :func:`resolve_url`), with SQLite set up."""
    resolved = resolve_url(url)
    if resolved.get_backend_name() == "sqlite":
        engine = create_engine(
            resolved, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(resolved, echo=echo, pool_pre_ping=True)
