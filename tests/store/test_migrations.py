"""Migrations run up from an empty database, match the models, and can be undone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

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


def test_0003_keeps_decisions_and_allows_withdrawn(database_url: str) -> None:
    """Decisions written under 0002 survive the rebuild of their table (SQLite) or the
    swapped check (PostgreSQL); ``withdrawn`` is allowed after it and undone by a downgrade."""
    from alembic import command

    upgrade(database_url, "0002")
    engine = make_engine(database_url)
    insert_user = text(
        "INSERT INTO users (id, username, display_name, password_hash, active, created_at) "
        "VALUES (:id, :name, :name, 'x', true, CURRENT_TIMESTAMP)"
    )
    try:
        with engine.begin() as c:
            for uid, name in ((1, "ana"), (2, "rita")):
                c.execute(insert_user, {"id": uid, "name": name})
            c.execute(
                text(
                    "INSERT INTO cases (id, reference, title, summary, status, created_by, "
                    "created_at, version) VALUES (1, 'C-1', 't', '', 'open', 1, "
                    "CURRENT_TIMESTAMP, 1)"
                )
            )
            c.execute(
                text(
                    "INSERT INTO decisions (id, case_id, kind, status, proposed_by, proposed_at, "
                    "reasons, approved_by, decided_at, version) VALUES "
                    "(1, 1, 'freeze', 'approved', 1, CURRENT_TIMESTAMP, 'r', 2, "
                    "CURRENT_TIMESTAMP, 2), "
                    "(2, 1, 'close', 'proposed', 1, CURRENT_TIMESTAMP, 'r', NULL, NULL, 1)"
                )
            )
        withdraw = text(
            "UPDATE decisions SET status = 'withdrawn', decided_at = CURRENT_TIMESTAMP WHERE id = 2"
        )
        with pytest.raises(IntegrityError, match=r"(?i)check"), engine.begin() as c:
            c.execute(withdraw)
        upgrade(database_url, "0003")
        with engine.begin() as c:
            c.execute(withdraw)
            rows = c.execute(text("SELECT id, status FROM decisions ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [(1, "approved"), (2, "withdrawn")]
        # four-eyes still holds after the rebuild
        with pytest.raises(IntegrityError, match=r"(?i)check"), engine.begin() as c:
            c.execute(text("UPDATE decisions SET approved_by = 1 WHERE id = 1"))
        with engine.begin() as c:
            command.downgrade(alembic_config(c), "0002")
        with engine.connect() as c:
            status = c.execute(text("SELECT status FROM decisions WHERE id = 2")).scalar_one()
        assert status == "rejected"
    finally:
        engine.dispose()


def test_0003_keeps_assignments_and_allows_teams(database_url: str) -> None:
    """Assignments written under 0002 survive the rebuild (SQLite) or the altered column
    (PostgreSQL); afterwards an assignment names a user or a team, exactly one of the two;
    a downgrade drops the team assignments and keeps the others."""
    from alembic import command

    upgrade(database_url, "0002")
    engine = make_engine(database_url)
    try:
        with engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO users (id, username, display_name, password_hash, active, "
                    "created_at) VALUES (1, 'ana', 'ana', 'x', true, CURRENT_TIMESTAMP)"
                )
            )
            c.execute(
                text(
                    "INSERT INTO cases (id, reference, title, summary, status, created_by, "
                    "created_at, version) VALUES (1, 'C-1', 't', '', 'open', 1, "
                    "CURRENT_TIMESTAMP, 1), (2, 'C-2', 't', '', 'open', 1, CURRENT_TIMESTAMP, 1)"
                )
            )
            c.execute(
                text(
                    "INSERT INTO work_assignments (id, case_id, assignee_id, assigned_by, "
                    "assigned_at) VALUES (1, 1, 1, 1, CURRENT_TIMESTAMP)"
                )
            )
        upgrade(database_url, "0003")
        with engine.begin() as c:
            rows = c.execute(
                text("SELECT id, case_id, assignee_id, assignee_team FROM work_assignments")
            ).all()
            assert [tuple(r) for r in rows] == [(1, 1, 1, None)]
            c.execute(
                text(
                    "INSERT INTO work_assignments (id, case_id, assignee_team, assigned_at) "
                    "VALUES (2, 2, 'fin', CURRENT_TIMESTAMP)"
                )
            )
        for both_or_neither in ("'fin'", "NULL"):
            sql = f"UPDATE work_assignments SET assignee_team = {both_or_neither}"
            column = "assignee_id = 1" if both_or_neither != "NULL" else "assignee_id = NULL"
            with pytest.raises(IntegrityError, match=r"(?i)check"), engine.begin() as c:
                c.execute(text(f"{sql}, {column} WHERE id = 2"))
        # the other checks and keys survive the rebuild
        with pytest.raises(IntegrityError, match=r"(?i)check"), engine.begin() as c:
            c.execute(text("UPDATE work_assignments SET alert_id = NULL, case_id = NULL"))
        with engine.begin() as c:
            command.downgrade(alembic_config(c), "0002")
        with engine.connect() as c:
            left = c.execute(text("SELECT id, assignee_id FROM work_assignments")).all()
        assert [tuple(r) for r in left] == [(1, 1)]
        upgrade(database_url)
        with engine.begin() as c:  # deleting the case still deletes its assignment
            c.execute(text("DELETE FROM cases WHERE id = 1"))
            assert c.execute(text("SELECT count(*) FROM work_assignments")).scalar() == 0
    finally:
        engine.dispose()
