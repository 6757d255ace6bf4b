"""``openfiu cases``: the journey on the command line, with passwords and operator mode."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from openfiu.audit import create_user, verify
from openfiu.cli import cases as cases_cli
from openfiu.store import Store
from openfiu.store.models import AuditEvent

PASSWORD = "correct horse battery staple"


@pytest.fixture
def url(store: Store, people: dict[str, int]) -> str:
    with store.transaction() as session:
        create_user(session, "rob", PASSWORD, ["reviewer"], actor="test")
    return store.url.render_as_string(hide_password=False)


def run(url: str, *args: str, password: str | None = None) -> str:
    extra = ["--password-stdin"] if password is not None else ["--operator"]
    result = CliRunner().invoke(
        cases_cli.app,
        [*args, *extra, "--url", url],
        input=(password or "") + "\n",
        env={"COLUMNS": "300"},  # wide tables, no wrapped words
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_the_journey_on_the_command_line(store: Store, url: str, match_key: str) -> None:
    assert match_key in run(url, "queue", "--as", "ana")
    escalated = run(url, "escalate", match_key, "--reason", "birth year agrees", "--as", "ana")
    reference = re.search(r"C-\d{4}-\d{5}", escalated)
    assert reference is not None
    proposed = run(url, "propose", reference[0], "close", "-r", "explained", "--as", "ana")
    decision = re.search(r"decision (\d+) \(close\) proposed at version (\d+)", proposed)
    assert decision is not None
    run(url, "grant", reference[0], "--user", "rob", "-r", "review", "--as", "sue")
    assert reference[0] in run(url, "pending", "--as", "rob", password=PASSWORD)
    approved = run(
        url, "approve", decision[1], "--version", decision[2], "--as", "rob", password=PASSWORD
    )
    assert "is closed" in approved
    shown = run(url, "show", reference[0], "--as", "otto")
    assert "decision.approve" in shown and "workitem.escalate" in shown
    assert reference[0] in run(url, "list", "--as", "ana", "--status", "closed")
    with store.transaction() as session:
        approval = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "decision.approve")
        ).one()
        assert approval.actor == "rob"
        assert (approval.details or {})["via"].endswith(", password")
        proposal = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "decision.propose")
        ).one()
        assert (proposal.details or {})["via"].endswith(", operator mode")
    assert verify(store).ok


def test_a_wrong_password_or_a_missing_permission_is_one_line(
    store: Store, url: str, match_key: str
) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cases_cli.app,
        ["queue", "--as", "rob", "--password-stdin", "--url", url],
        input="wrong password\n",
    )
    assert result.exit_code == 1 and "wrong user name or password" in result.output
    result = runner.invoke(
        cases_cli.app,
        ["false-positive", match_key, "-r", "x", "--as", "otto", "--operator", "--url", url],
    )
    assert result.exit_code == 1 and "alert.triage needs the role analyst" in result.output
    with store.transaction() as session:
        assert session.scalars(
            select(AuditEvent.action).where(AuditEvent.action == "auth.fail")
        ).one()
