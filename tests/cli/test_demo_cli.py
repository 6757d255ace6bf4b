"""``openfiu demo`` end to end with a small N, and the installed ``openfiu`` entry point."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from openfiu import __version__
from openfiu.cli import app
from openfiu.cli.demo import score_matches


def test_demo_end_to_end(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENFIU_DATABASE_URL", raising=False)
    out = tmp_path / "demo"
    result = runner.invoke(
        app,
        [
            "demo",
            "--out",
            str(out),
            "--customers",
            "400",
            "--hit-rate",
            "0.1",
            "--accounts",
            "1000",
            "--days",
            "10",
        ],
    )
    assert result.exit_code == 0, result.output
    for name in ("un_consolidated_synthetic.xml", "customers.csv", "matches.csv"):
        assert (out / name).is_file(), name
    with (out / "customers.csv").open(encoding="utf-8", newline="") as fh:
        customers = list(csv.DictReader(fh))
    assert len(customers) == 400
    planted = [c for c in customers if c["expected_reference"]]
    assert 10 <= len(planted) <= 80
    text = result.stdout
    assert "recall" in text and "false alerts" in text and "records/s" in text
    assert "Example matches" in text and "Try next" in text
    # the recall the demo prints is the one computed from its own files
    score = score_matches(
        out / "matches.csv", {c["id"]: (c["expected_reference"], c["variant"]) for c in planted}
    )
    assert f"{score.found:,} / {score.planted:,}" in text
    assert score.recall >= 0.5
    # monitoring: the planted customers are parties of transfers; their hits feed the rules
    assert "transaction monitoring (DuckDB)" in text
    alerts = pq.read_table(out / "alerts.parquet")
    rules = set(alerts.column("rule").to_pylist())
    assert "sanctioned_party" in rules and len(rules) >= 5
    sanctioned = next(row for row in alerts.to_pylist() if row["rule"] == "sanctioned_party")
    assert "matches sanctions list entry SYN." in sanctioned["explanation"]
    assert (out / "parties.csv").is_file() and (out / "transactions" / "accounts.parquet").is_file()
    _check_demo_store(out, text, len(alerts), monkeypatch, runner)


def _check_demo_store(
    out: Path, text: str, alerts: int, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    """The web application's store: list, complete run with matches, alerts, demo users
    (with the password printed once), a demo case the reviewer may read; `serve --demo`
    serves it."""
    from openfiu.audit import authenticate, verify
    from openfiu.cases import has_access
    from openfiu.store import open_store
    from openfiu.store.models import Alert, Case, ListVersionRecord, ScreeningRun, User

    found = re.search(r"demo password .*?: (\S+)", text)
    assert found, text
    store = open_store(f"sqlite:///{out / 'openfiu.db'}")
    try:
        with store.transaction() as session:
            assert session.query(ListVersionRecord).count() == 1
            run = session.query(ScreeningRun).one()
            assert run.status == "complete" and run.record_count == 400 and run.match_count > 0
            assert session.query(Alert).count() == alerts
            users = {u.username: u for u in session.query(User)}
            assert set(users) == {"analyst", "reviewer", "supervisor", "auditor", "admin"}
            assert {r for u in users.values() for r in u.role_names} == set(users)
            assert authenticate(session, "reviewer", found.group(1)) is not None
            case = session.query(Case).one()
            reviewer = session.query(User).filter_by(username="reviewer").one()
            assert has_access(session, reviewer, case)
        assert verify(store).ok
    finally:
        store.close()
    served: dict[str, object] = {}
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: served.update(k))
    for name in ("OPENFIU_WEB_LISTS", "OPENFIU_DATABASE_URL"):
        monkeypatch.setenv(name, "")  # restored after the test; serve --demo sets them
    result = runner.invoke(app, ["serve", "--demo", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert served["workers"] == 1 and "Demo mode" in result.stderr
    assert os.environ["OPENFIU_DATABASE_URL"].endswith(str(out / "openfiu.db"))
    assert "un_consolidated_synthetic.xml" in os.environ["OPENFIU_WEB_LISTS"]
    monkeypatch.setenv("OPENFIU_DATABASE_URL", "")
    missing = runner.invoke(app, ["serve", "--demo", str(out / "nothing")])
    assert missing.exit_code == 1 and "openfiu demo" in missing.stderr


def test_demo_parquet_output(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(
        app,
        [
            "demo",
            "--out",
            str(out),
            "--customers",
            "50",
            "--format",
            "parquet",
            "--seed",
            "3",
            "--no-monitoring",
            "--no-store",
        ],
    )
    assert result.exit_code == 0, result.output
    assert pq.ParquetFile(out / "matches.parquet").schema_arrow.names[0] == "record_id"


def test_demo_cannot_create_folder(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["demo", "--out", str(blocker / "sub"), "--customers", "5"])
    assert result.exit_code == 1 and "--out" in result.stderr
    assert "Traceback" not in result.output


def test_installed_entry_point(tmp_path: Path) -> None:
    exe = shutil.which("openfiu") or str(Path(sys.executable).parent / "openfiu")
    if not Path(exe).exists():
        pytest.skip("the openfiu entry point is not installed (pip install -e .)")
    env = {**os.environ, "OPENFIU_HOME": str(tmp_path / "home")}
    done = subprocess.run([exe, "version"], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0 and done.stdout.strip() == f"openfiu {__version__}"
    done = subprocess.run(
        [exe, "screen", "--name", "Anyone"], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 1
    assert "openfiu lists update un-sc" in done.stderr and "Traceback" not in done.stderr
