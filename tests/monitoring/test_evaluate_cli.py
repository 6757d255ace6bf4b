"""``monitor evaluate | train | score`` end to end on a small invented data set."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from openfiu.cli import monitor_learn
from openfiu.monitoring.alerts import ALERT_SCHEMA
from openfiu.monitoring.schema import LABEL_SCHEMA, TRANSACTION_SCHEMA

DAY0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
SCHEMA = pa.schema(list(TRANSACTION_SCHEMA) + list(LABEL_SCHEMA))


def app() -> typer.Typer:
    cli = typer.Typer()
    cli.command("evaluate")(monitor_learn.evaluate)
    cli.command("train")(monitor_learn.train)
    cli.command("score")(monitor_learn.score)
    return cli


def transactions(seed: int) -> pa.Table:
    """60 normal accounts paying 3 steady partners now and then; 10 rings where a hub
    sends to 5 fresh mules in 3 days and each mule forwards to a collector the next day."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, object]] = []

    def add(src: str, dst: str, amount: float, day: int, ring: str | None) -> None:
        rows.append(
            {
                "tx_id": f"s{seed}-{len(rows)}",
                "timestamp": DAY0 + dt.timedelta(days=day),
                "from_account": src,
                "to_account": dst,
                "amount": amount,
                "currency": "USD",
                "amount_base": amount,
                "channel": "wire",
                "is_laundering": ring is not None,
                "typology": "fan_out" if ring else None,
                "pattern_id": ring,
            }
        )

    for n in range(60):
        partners = rng.choice(60, 3, replace=False)
        for day in sorted(rng.choice(90, 12, replace=False)):
            add(f"N{n}", f"N{partners[day % 3]}", float(rng.integers(50, 900)), int(day), None)
    for r in range(10):
        start = int(rng.integers(0, 80))
        for m in range(5):
            add(f"H{seed}-{r}", f"M{seed}-{r}-{m}", 500.0, start + m % 3, f"ring{r}")
            add(f"M{seed}-{r}-{m}", f"C{seed}-{r}", 480.0, start + m % 3 + 1, f"ring{r}")
    return pa.Table.from_pylist(rows, schema=SCHEMA)


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, Path]:
    train_path, test_path = tmp_path / "train.parquet", tmp_path / "test.parquet"
    pq.write_table(transactions(1), train_path)
    pq.write_table(transactions(2), test_path)
    return train_path, test_path


def test_train_then_score_with_labels(data: tuple[Path, Path], tmp_path: Path) -> None:
    train_path, test_path = data
    model, scores = tmp_path / "model.json", tmp_path / "scores.parquet"
    runner = CliRunner()
    args = ["train", str(train_path), str(train_path), "-m", str(model), "--bags", "1"]
    result = runner.invoke(app(), args)
    assert result.exit_code == 0, result.output
    assert "out-of-fold" in result.output
    assert json.loads(model.read_text())["format"] == "openfiu-monitoring-model"
    args = [
        "score",
        str(test_path),
        "-m",
        str(model),
        "-o",
        str(scores),
        "--labels",
        str(test_path),
    ]
    result = runner.invoke(app(), args, terminal_width=200)
    assert result.exit_code == 0, result.output
    table = pq.read_table(scores)
    assert table.column_names == ["account_id", "score", "flagged", "explanation"]
    flagged = set(table.filter(table.column("flagged")).column("account_id").to_pylist())
    assert len([a for a in flagged if a[0] in "HMC"]) >= 40  # of 70 ring accounts
    assert "account level: precision" in result.output


def test_evaluate_prints_and_dumps_json(data: tuple[Path, Path], tmp_path: Path) -> None:
    train_path, _ = data
    alerts = tmp_path / "alerts.parquet"
    row = {"alert_id": "x", "rule": "fan_out", "typology": "fan_out", "score": 0.9,
           "accounts": ["H1-0", "N1"], "transactions": ["s1-0"], "explanation": "test"}  # fmt: skip
    pq.write_table(pa.Table.from_pylist([row], schema=ALERT_SCHEMA), alerts)
    dump = tmp_path / "report.json"
    args = ["evaluate", str(alerts), str(train_path), "--json", str(dump)]
    result = CliRunner().invoke(app(), args, terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "account level: precision 50.0 %" in result.output
    assert json.loads(dump.read_text())["levels"][1]["level"] == "transaction"


def test_bad_files_are_one_line_errors(data: tuple[Path, Path], tmp_path: Path) -> None:
    train_path, _ = data
    result = CliRunner().invoke(
        app(), ["evaluate", str(tmp_path / "none.parquet"), str(train_path)]
    )
    assert result.exit_code == 1
    assert "alerts file not found" in result.output
    bogus = tmp_path / "model.json"
    bogus.write_text("{}")
    args = ["score", str(train_path), "-m", str(bogus), "-o", str(tmp_path / "s.parquet")]
    result = CliRunner().invoke(app(), args)
    assert result.exit_code == 1
    assert "not an openfiu monitoring model" in result.output


def test_train_with_pair_stage_and_score(data: tuple[Path, Path], tmp_path: Path) -> None:
    """``--pairs`` stores the pair model in the file; ``score`` computes relationships."""
    train_path, test_path = data
    model, scores = tmp_path / "model.json", tmp_path / "scores.parquet"
    args = ["train", str(train_path), str(train_path), "-m", str(model), "--pairs", "--bags", "2"]
    result = CliRunner().invoke(app(), args)
    assert result.exit_code == 0, result.output
    assert "pair stage" in result.output
    document = json.loads(model.read_text())
    assert "pairs" in document and len(document["bag"]) == 1  # --bags 2: one more booster
    args = ["score", str(test_path), "-m", str(model), "-o", str(scores)]
    result = CliRunner().invoke(app(), args, terminal_width=200)
    assert result.exit_code == 0, result.output
    flagged = pq.read_table(scores).filter(pq.read_table(scores).column("flagged"))
    assert len([a for a in flagged.column("account_id").to_pylist() if a[0] in "HMC"]) >= 40
