"""``openfiu monitor``: run the pack from the command line, list the rules."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from openfiu.cli.monitor import app

runner = CliRunner()


def test_monitor_data_runs_the_pack_and_prints_a_summary(
    scenarios_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "alerts.parquet"
    result = runner.invoke(app, [str(scenarios_path), "--out", str(out), "--threads", "1"])
    assert result.exit_code == 0, result.output
    alerts = pq.read_table(out)
    assert {"structuring", "cycle", "scatter_gather"} <= set(alerts.column("rule").to_pylist())
    assert "Alerts per rule" in result.stdout
    assert "layering_chain" in result.stdout
    assert f"{alerts.num_rows} alerts from 15 rules" in result.stdout


def test_run_subcommand_rules_and_params(scenarios_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.parquet"
    args = ["run", str(scenarios_path), "--out", str(out), "--rules", "structuring,cycle"]
    result = runner.invoke(app, [*args, "--param", "structuring.min_deposits=4"])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).column("rule").to_pylist() == ["cycle"]


def test_options_before_data_and_conflict_zones(scenarios_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.parquet"
    args = ["--rules", "conflict_cashout", "--out", str(out), str(scenarios_path)]
    assert runner.invoke(app, args).exit_code == 0
    assert pq.read_table(out).num_rows == 1
    result = runner.invoke(app, [*args, "--conflict-zones", "AF,YE"])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == 0


def test_bad_use_is_one_clear_line(scenarios_path: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "a.parquet")
    unknown = runner.invoke(app, [str(scenarios_path), "--rules", "nope", "--out", out])
    assert unknown.exit_code == 1
    assert "unknown rule(s) nope" in unknown.output
    bad_param = runner.invoke(app, [str(scenarios_path), "--param", "cycle.hops", "--out", out])
    assert bad_param.exit_code == 1
    assert "RULE.NAME=VALUE" in bad_param.output
    missing = runner.invoke(app, [str(tmp_path / "none.parquet"), "--out", out])
    assert missing.exit_code == 2
    assert not Path(out).exists()


def test_rules_lists_every_rule_with_parameters() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0, result.output
    for name in ("structuring", "npo_diversion", "layering_chain", "max_hops", "min_forward"):
        assert name in result.stdout
