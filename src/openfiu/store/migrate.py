"""Schema migrations, run from Python (Alembic, with the scripts shipped in the package).

Example::

    from openfiu.store import upgrade
    upgrade("postgresql+psycopg://fiu@db/openfiu")   # or: openfiu db upgrade

Each migration is a hand-checked script in ``openfiu/store/migrations/versions``; a test
compares the migrated schema with the models so the two never drift apart. The first one
also makes the audit log's triggers (no UPDATE or DELETE) on SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine
from sqlalchemy.engine import URL

from openfiu.store.connect import make_engine
from openfiu.store.errors import MigrationError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the packaged scripts (no ``alembic.ini``)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration this code ships, e.g. ``'0001'``."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise MigrationError(f"{MIGRATIONS_DIR}: no migration scripts found")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(target: str | URL | Engine | None = None, revision: str = "head") -> str | None:
    """Migrate the database at ``target`` (URL or engine; default the configured store) to
    ``revision`` and return the revision it is now at. Running it again does nothing."""
    engine = target if isinstance(target, Engine) else make_engine(target)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
        return current_revision(engine)
    finally:
        if not isinstance(target, Engine):
            engine.dispose()


def check_revision(engine: Engine) -> None:
    """Raise :class:`MigrationError` unless the database is at this code's head revision."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        where = engine.url.render_as_string(hide_password=True)
        state = "empty" if current is None else f"at revision {current}"
        raise MigrationError(
            f"{where}: database is {state}, this openfiu needs {head}; run `openfiu db upgrade`"
        )
