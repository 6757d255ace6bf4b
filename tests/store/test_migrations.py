"""Migrations run up from an empty database, match the models, and can be undone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from openfiu.store import (
    MigrationError,
    current_revision,
    head_revision,
    make_engine,
    open_store,
    upgrade,
)
from openfiu.store.migrate import alembic_config
from openfiu.store.models import ROLE_NAMES, AuditHead, Base, Role


def test_upgrade_from_empty_creates_every_table(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) is None
        assert upgrade(database_url) == head_revision()
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert upgrade(database_url) == head_revision()  # a second run does nothing
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_first_migration_puts_in_roles_and_chain_head(database_url: str) -> None:
    store = open_store(database_url, migrate=True)
    try:
        with store.transaction() as session:
            assert sorted(session.scalars(select(Role.name))) == sorted(ROLE_NAMES)
            head = session.get_one(AuditHead, 1)
            assert (head.seq, head.hash) == (0, "0" * 64)
    finally:
        store.close()


def test_downgrade_to_empty_and_up_again(database_url: str) -> None:
    from alembic import command

    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_postgresql_is_not_migrated_implicitly(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite files are migrated on open by design")
    with pytest.raises(MigrationError, match="openfiu db upgrade"):
        open_store(database_url)


def test_default_store_is_a_sqlite_file_in_home_with_wal_and_foreign_keys(
    tmp_path: Path,
) -> None:
    store = open_store()  # OPENFIU_HOME is tmp_path/home (conftest)
    try:
        assert store.dialect == "sqlite"
        assert Path(store.url.database or "") == tmp_path / "home" / "openfiu.db"
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        store.close()


def test_database_url_setting_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.db"
    monkeypatch.setenv("OPENFIU_DATABASE_URL", f"sqlite:///{target}")
    store = open_store()
    store.close()
    assert target.exists()
    assert "OPENFIU_DATABASE_URL" in os.environ
