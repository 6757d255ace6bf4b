"""``openfiu cases assign | withdraw | export``: the case actions on the command line.

``bea`` (analyst) and ``rex`` (reviewer) are the team ``fin`` (tests/cases/conftest.py).
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from openfiu.audit import verify
from openfiu.cli import cases as cases_cli
from openfiu.store import Store
from openfiu.store.models import AuditEvent, Decision

from .test_cli import run, url

__all__ = ["url"]  # the fixture, shared with test_cli


def refused(url: str, *args: str) -> tuple[int, str]:
    """Exit code and output of a command expected to fail (operator mode)."""
    result = CliRunner().invoke(
        cases_cli.app, [*args, "--operator", "--url", url], env={"COLUMNS": "300"}
    )
    assert result.exit_code != 0, result.output
    return result.exit_code, result.output


def test_assign_items_and_cases_to_users_and_teams(
    store: Store, url: str, match_key: str, alert_key: str
) -> None:
    assigned = run(url, "assign", alert_key, "--team", "fin", "-r", "their pattern", "--as", "ana")
    assert f"{alert_key} assigned to team fin" in assigned
    theirs = run(url, "queue", "--as", "bea", "--assignee", "bea")
    assert alert_key in theirs and "team fin" in theirs and match_key not in theirs
    assert alert_key in run(url, "queue", "--as", "ana", "--team", "fin")
    assert f"{alert_key} assigned to nobody" in run(
        url, "assign", alert_key, "--nobody", "--as", "ana"
    )
    assert alert_key not in run(url, "queue", "--as", "bea", "--assignee", "bea")
    escalated = run(url, "escalate", match_key, "--reason", "birth year agrees", "--as", "ana")
    reference = re.search(r"C-\d{4}-\d{5}", escalated)
    assert reference is not None
    ref = reference[0]
    done = run(url, "assign", ref, "--team", "fin", "-r", "fraud desk", "--as", "sue")
    assert f"case {ref} assigned to team fin" in done
    listed = run(url, "list", "--as", "bea", "--team", "fin")
    assert ref in listed and "team fin" in listed
    assert ref in run(url, "list", "--as", "bea", "--assignee", "bea")
    assert f"case {ref} assigned to ana" in run(
        url, "assign", ref, "--user", "ana", "-r", "she opened it", "--as", "bea"
    )
    assert ref not in run(url, "list", "--as", "bea", "--assignee", "bea")
    code, output = refused(url, "assign", ref, "--as", "sue")
    assert code == 2 and "one of --user, --team or --nobody" in output
    code, output = refused(url, "assign", ref, "--nobody", "--as", "sue")
    assert code == 2 and "always assigned to someone" in output
    code, output = refused(url, "assign", ref, "--team", "fin", "--as", "sue")
    assert code == 1 and "needs a reason" in output
    code, output = refused(url, "assign", alert_key, "--team", "nope", "--as", "ana")
    assert code == 1 and "no team 'nope'" in output
    with store.transaction() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action.in_(["case.assign", "workitem.assign"]))
            .order_by(AuditEvent.seq)
        ).all()
        shown = [(e.action, e.actor, e.justification) for e in events]
        assert shown == [
            ("workitem.assign", "ana", "their pattern"),
            ("workitem.assign", "ana", None),
            ("case.assign", "sue", "fraud desk"),
            ("case.assign", "bea", "she opened it"),
        ]
        assert (events[0].details or {})["team"] == "fin"
        assert (events[0].details or {})["via"].endswith(", operator mode")
    assert verify(store).ok


def test_withdraw_and_export(store: Store, url: str, match_key: str, tmp_path: Path) -> None:
    escalated = run(url, "escalate", match_key, "--reason", "birth year agrees", "--as", "ana")
    reference = re.search(r"C-\d{4}-\d{5}", escalated)
    assert reference is not None
    ref = reference[0]
    proposed = run(url, "propose", ref, "close", "-r", "explained", "--as", "ana")
    decision = re.search(r"decision (\d+) \(close\) proposed at version (\d+)", proposed)
    assert decision is not None
    code, output = refused(url, "withdraw", decision[1], "--version", decision[2], "--as", "ana")
    assert code == 2 and "--reason" in output  # a reason is required
    code, output = refused(
        url, "withdraw", decision[1], "--version", decision[2], "-r", "mine", "--as", "alex"
    )
    assert code == 1 and "proposer" in output
    withdrawn = run(
        url, "withdraw", decision[1], "--version", decision[2], "-r", "wrong case", "--as", "ana"
    )
    assert f"decision {decision[1]} (close) withdrawn" in withdrawn
    with store.transaction() as session:
        assert session.get_one(Decision, int(decision[1])).status == "withdrawn"

    target = tmp_path / "case.json"
    code, output = refused(url, "export", ref, "--as", "ana", "-o", str(target))
    assert code == 2 and "--justification" in output
    code, output = refused(url, "export", ref, "-j", " ", "--as", "ana", "-o", str(target))
    assert code == 1 and "needs a reason" in output and not target.exists()
    code, output = refused(url, "export", ref, "-j", "curious", "--as", "otto")
    assert code == 1 and "case.export" in output  # auditors read, they do not export
    written = run(url, "export", ref, "-j", "request 12/2025", "--as", "ana", "-o", str(target))
    assert f"case {ref} exported to {target} (json; audit event" in written
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["case"]["reference"] == ref
    assert document["export"]["justification"] == "request 12/2025"
    assert [d["status"] for d in document["decisions"]] == ["withdrawn"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, output = refused(url, "export", ref, "-j", "again", "--as", "ana", "-o", str(target))
    assert code == 1 and "--force" in output
    run(url, "export", ref, "-j", "again", "--as", "ana", "-o", str(target), "--force")
    table = run(url, "export", ref, "--format", "csv", "-j", "evidence list", "--as", "ana")
    lines = table.splitlines()
    assert lines[0].startswith("kind,target,label") and any(
        line.startswith("subject,") for line in lines
    )
    code, output = refused(url, "export", ref, "--format", "pdf", "-j", "x", "--as", "ana")
    assert code == 2 and "json or csv" in output
    with store.transaction() as session:
        exports = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "case.export").order_by(AuditEvent.seq)
        ).all()
        assert [(e.actor, e.justification, (e.details or {})["format"]) for e in exports] == [
            ("ana", "request 12/2025", "json"),
            ("ana", "again", "json"),
            ("ana", "evidence list", "csv"),
        ]
    assert verify(store).ok
