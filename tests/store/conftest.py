"""Fixtures: a migrated store on SQLite (always) and PostgreSQL (when configured).

PostgreSQL runs when ``OPENFIU_TEST_DATABASE_URL`` is set (CI:
``postgresql://postgres@127.0.0.1:5432/test``). Tests of migrations get a fresh empty
schema each; the others share one schema migrated once per session and emptied before
each test. Every schema is dropped afterwards, so reruns start clean. (tests/audit/conftest.py imports these fixtures.)
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text, update
from sqlalchemy.schema import CreateSchema, DropSchema

from openfiu.store import Store, open_store, resolve_url, upgrade
from openfiu.store.models import GENESIS_HASH, AuditHead, Base

PG_ENV = "OPENFIU_TEST_DATABASE_URL"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test touches ~/.openfiu or the real database; password hashing is cheap."""
    monkeypatch.setenv("OPENFIU_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OPENFIU_DATABASE_URL", raising=False)
    monkeypatch.setattr(
        "openfiu.audit.users.HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


def _postgresql_base() -> str:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(
            f"PostgreSQL store tests need {PG_ENV}, e.g. postgresql://postgres@127.0.0.1:5432/test"
        )
    return base


@contextmanager
def _fresh_schema(base: str) -> Iterator[str]:
    """A new, empty PostgreSQL schema (dropped at the end); yields a URL that uses it."""
    schema = f"openfiu_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(resolve_url(base))
    with admin.begin() as connection:
        connection.execute(CreateSchema(schema))
    url = resolve_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(DropSchema(schema, cascade=True))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    with _fresh_schema(_postgresql_base()) as url:
        yield url


@pytest.fixture(scope="session")
def _postgresql_store_url() -> Iterator[str]:
    """One PostgreSQL schema migrated once per test session (emptied before each test)."""
    with _fresh_schema(_postgresql_base()) as url:
        upgrade(url)
        yield url


def _empty(store: Store) -> None:
    """Empty every table but the roles and reset the audit chain. The session runs as a
    replica (as the test database's superuser), which skips the audit triggers."""
    keep = {"roles", "audit_head"}
    with store.engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in keep:
                connection.execute(table.delete())
        connection.execute(update(AuditHead).values(seq=0, hash=GENESIS_HASH))


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated, empty store on each database."""
    if request.param == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path / 'store.db'}", migrate=True)
    else:
        opened = open_store(request.getfixturevalue("_postgresql_store_url"))
        _empty(opened)
    try:
        yield opened
    finally:
        opened.close()


PEOPLE = {
    "ana": ("analyst",),
    "alex": ("analyst",),
    "rex": ("reviewer",),
    "rita": ("analyst", "reviewer"),
    "sue": ("supervisor",),
    "otto": ("auditor",),
    "adam": ("admin",),
}
"""Test users and their roles (invented names)."""


def make_people(
    store: Store, people: dict[str, tuple[str, ...]], teams: dict[str, str] | None = None
) -> dict[str, int]:
    """Users with these roles (and teams), made directly, without audit events; returns
    username → id."""
    from sqlalchemy import select

    from openfiu.store.models import Role, TeamMember, User

    ids: dict[str, int] = {}
    with store.transaction() as session:
        roles = {role.name: role for role in session.scalars(select(Role))}
        for name, role_names in people.items():
            user = User(username=name, password_hash="-", roles=[roles[r] for r in role_names])
            session.add(user)
            session.flush()
            ids[name] = user.id
            if teams and name in teams:
                session.add(TeamMember(team=teams[name], user_id=user.id))
    return ids


@pytest.fixture
def people(store: Store) -> dict[str, int]:
    """The :data:`PEOPLE` as users (username → id), made directly, without audit events."""
    return make_people(store, PEOPLE)
