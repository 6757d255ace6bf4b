"""``openfiu db``, ``openfiu users`` and ``openfiu audit`` on a real database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from openfiu.cli import audit as audit_cli
from openfiu.cli import db as db_cli
from openfiu.store import head_revision, make_engine

PASSWORD = "correct horse battery"


@pytest.fixture
def url(database_url: str) -> str:
    """A database migrated with ``openfiu db upgrade``, with two users added."""
    runner = CliRunner()
    result = runner.invoke(db_cli.app, ["upgrade", "--url", database_url])
    assert result.exit_code == 0, result.output
    assert f"at revision {head_revision()}" in result.output
    for name, role in (("ana", "analyst"), ("otto", "auditor")):
        result = runner.invoke(
            db_cli.users_app,
            ["add", name, "--role", role, "--password-stdin", "--url", database_url],
            input=PASSWORD + "\n",
        )
        assert result.exit_code == 0, result.output
    return database_url


def test_db_status_and_users_list(url: str) -> None:
    runner = CliRunner()
    status = runner.invoke(db_cli.app, ["status", "--url", url])
    assert status.exit_code == 0 and f"this openfiu needs {head_revision()}" in status.output
    listed = runner.invoke(db_cli.users_app, ["list", "--url", url])
    assert listed.exit_code == 0
    assert "ana" in listed.output and "auditor" in listed.output
    assert PASSWORD not in listed.output


def test_users_add_refuses_unknown_roles_and_asks_twice(url: str) -> None:
    runner = CliRunner()
    bad = runner.invoke(
        db_cli.users_app,
        ["add", "bo", "--role", "wizard", "--password-stdin", "--url", url],
        input=PASSWORD + "\n",
    )
    assert bad.exit_code == 1 and "unknown role" in bad.output
    prompted = runner.invoke(
        db_cli.users_app,
        ["add", "bo", "--role", "reviewer", "--url", url],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert prompted.exit_code == 0, prompted.output


def test_audit_verify_log_and_a_broken_chain(url: str) -> None:
    runner = CliRunner()
    ok = runner.invoke(audit_cli.app, ["verify", "--url", url])
    assert ok.exit_code == 0 and "intact: 2 events" in ok.output

    log = runner.invoke(audit_cli.app, ["log", "--limit", "1", "--json", "--url", url])
    assert log.exit_code == 0
    lines = [json.loads(line) for line in log.output.splitlines()]
    assert len(lines) == 1
    assert (lines[0]["seq"], lines[0]["action"]) == (2, "user.create")
    assert lines[0]["details"] == {"username": "otto", "roles": ["auditor"]}
    table = runner.invoke(audit_cli.app, ["log", "--url", url])
    assert table.exit_code == 0 and "user.create" in table.output

    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
            else:
                connection.execute(text("DROP TRIGGER audit_events_no_update"))
            connection.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2"))
    finally:
        engine.dispose()
    broken = runner.invoke(audit_cli.app, ["verify", "--url", url])
    assert broken.exit_code == 1
    assert "broken at event 2" in broken.output and "content changed" in broken.output


def test_audit_verify_with_an_anchor(url: str) -> None:
    runner = CliRunner()
    first = runner.invoke(audit_cli.app, ["verify", "--url", url]).output
    head = first.rsplit("head ", 1)[1].split()[0]
    assert runner.invoke(audit_cli.app, ["verify", "--anchor", head, "--url", url]).exit_code == 0
    wrong = head.split(":")[0] + ":" + "0" * 64
    assert runner.invoke(audit_cli.app, ["verify", "--anchor", wrong, "--url", url]).exit_code == 1
    bad = runner.invoke(audit_cli.app, ["verify", "--anchor", "nonsense", "--url", url])
    assert bad.exit_code == 2


def test_audit_retention_reports_and_records(url: str) -> None:
    runner = CliRunner()
    result = runner.invoke(
        audit_cli.app,
        ["retention", "--query-days", "30", "--closed-case-days", "365", "--url", url],
    )
    assert result.exit_code == 0, result.output
    assert "deleted 0 screening run(s)" in result.output and "recorded as event 3" in result.output
    assert runner.invoke(audit_cli.app, ["verify", "--url", url]).exit_code == 0
