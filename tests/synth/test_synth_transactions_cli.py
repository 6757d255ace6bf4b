"""``openfiu synth transactions`` through Typer's test runner (the synth sub-app)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from openfiu.cli.synth import app
from openfiu.synth.transactions import TYPOLOGIES


def test_transactions_command_writes_parts_accounts_and_manifest(tmp_path: Path) -> None:
    out = tmp_path / "synth"
    args = ["transactions", "--accounts", "1000", "--days", "8", "--seed", "4", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 4 and manifest["parameters"]["days"] == 8
    assert set(manifest["typologies"]) == set(TYPOLOGIES)
    rows = pq.read_table(out / "transactions").num_rows
    assert rows == manifest["transactions"] > 0
    assert pq.read_table(out / "accounts.parquet").num_rows == 1000
    assert "cycle" in result.output and f"{rows:,} transactions" in result.output


def test_bad_values_give_one_clear_error_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["transactions", "--accounts", "50", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "accounts=50: at least 1000" in result.output
    result = CliRunner().invoke(app, ["transactions", "--start", "January", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_rerun_into_the_same_folder_needs_overwrite(tmp_path: Path) -> None:
    args = ["transactions", "--accounts", "1000", "--days", "2", "--out", str(tmp_path)]
    assert CliRunner().invoke(app, args).exit_code == 0
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 1 and "--overwrite" in again.output
    assert CliRunner().invoke(app, [*args, "--overwrite"]).exit_code == 0
