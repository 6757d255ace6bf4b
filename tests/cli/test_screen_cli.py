"""``openfiu screen``: one query (table and JSON) and batch files in every format pair."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from openfiu.cli import app


def write_customers_csv(path: Path) -> Path:
    rows = [
        ("C1", "Qodir Zarkovzoda", "1975", "TJ"),
        ("C2", "Кодир Заркович", "", ""),
        ("C3", "Harriet Quillfeather", "1990", "GB"),
        ("C4", "", "1980", ""),
        ("C5", "Belmiro Ostrakan", "1968-02-31", ""),
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["customer_id", "name", "birth_date", "nationality"])
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_single_screen_json(runner: CliRunner, un_list: Path) -> None:
    result = runner.invoke(
        app,
        [
            "screen",
            "--name",
            "Kodir Zarkovzoda",
            "--birth-date",
            "1975",
            "--list",
            str(un_list),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["query"]["birth_date"] == "1975"
    assert payload["matches"][0]["reference"] == "TSi.001"
    assert payload["matches"][0]["explanation"]
    assert all(m["score"] >= payload["threshold"] for m in payload["matches"])


def test_single_screen_table_and_no_match(runner: CliRunner, un_list: Path) -> None:
    result = runner.invoke(app, ["screen", "--name", "Velina Mordasheva", "--list", str(un_list)])
    assert result.exit_code == 0, result.output
    assert "TSi.003" in result.stdout and "score" in result.stdout
    result = runner.invoke(
        app, ["screen", "--name", "Harriet Quillfeather", "--list", str(un_list)]
    )
    assert result.exit_code == 0
    assert "No match" in result.stdout


def test_threshold_option_and_setting(
    runner: CliRunner, un_list: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["screen", "--name", "Kodir Zarkov", "--list", str(un_list), "--json"]
    low = json.loads(runner.invoke(app, [*args, "--threshold", "0.3"]).stdout)
    assert low["threshold"] == 0.3
    monkeypatch.setenv("OPENFIU_THRESHOLD", "0.99")
    assert json.loads(runner.invoke(app, args).stdout)["threshold"] == 0.99
    result = runner.invoke(app, [*args, "--threshold", "1.5"])
    assert result.exit_code == 2


def test_no_list_gives_clear_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["screen", "--name", "Anyone"])
    assert result.exit_code == 1
    assert "openfiu lists update un-sc" in result.stderr and "--list" in result.stderr
    assert "Traceback" not in result.output


def test_usage_errors(runner: CliRunner, un_list: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["screen", "--list", str(un_list)])
    assert result.exit_code == 2 and "nothing to screen" in result.stderr
    result = runner.invoke(app, ["screen", "--input", str(un_list), "--list", str(un_list)])
    assert result.exit_code == 2 and "--output" in result.stderr
    result = runner.invoke(app, ["screen", "--name", "X", "--list", str(tmp_path / "missing.xml")])
    assert result.exit_code == 1 and "missing.xml" in result.stderr
    result = runner.invoke(
        app, ["screen", "--name", "X", "--birth-date", "1975-02-31", "--list", str(un_list)]
    )
    assert result.exit_code == 2 and "bad query" in result.stderr
    assert "Traceback" not in result.output


def test_batch_csv_to_parquet_with_rejects(
    runner: CliRunner, un_list: Path, tmp_path: Path
) -> None:
    source = write_customers_csv(tmp_path / "customers.csv")
    output = tmp_path / "matches.parquet"
    result = runner.invoke(
        app, ["screen", "--input", str(source), "--output", str(output), "--list", str(un_list)]
    )
    assert result.exit_code == 0, result.output
    rows = pq.read_table(output).to_pylist()
    by_record = {(r["record_id"], r["reference"]) for r in rows}
    assert ("C1", "TSi.001") in by_record
    assert ("C2", "TSi.001") in by_record
    assert not any(r["record_id"] == "C3" for r in rows)
    rejects = read_csv(tmp_path / "matches.parquet.rejects.csv")
    assert {r["record_id"] for r in rejects} == {"C4", "C5"}
    assert "5 records" in result.stdout and "2 rejected" in result.stdout


def test_batch_jsonl_to_csv_all_and_column_mapping(
    runner: CliRunner, un_list: Path, tmp_path: Path
) -> None:
    source = tmp_path / "people.jsonl"
    source.write_text(
        json.dumps({"ref": "J1", "full_name": "Velina Mordasheva", "dob": "1981"})
        + "\n"
        + json.dumps({"ref": "J2", "full_name": "Harriet Quillfeather"})
        + "\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.csv"
    result = runner.invoke(
        app,
        [
            "screen",
            "--input",
            str(source),
            "--output",
            str(output),
            "--list",
            str(un_list),
            "--column",
            "name=full_name",
            "--column",
            "id=ref",
            "--column",
            "birth_date=dob",
            "--all",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = read_csv(output)
    assert [(r["record_id"], r["reference"]) for r in rows] == [("J1", "TSi.003"), ("J2", "")]
    assert rows[0]["query_name"] == "Velina Mordasheva"
    bad = runner.invoke(
        app,
        [
            "screen",
            "--input",
            str(source),
            "--output",
            str(output),
            "--list",
            str(un_list),
            "--column",
            "name",
        ],
    )
    assert bad.exit_code == 2 and "FIELD=COLUMN" in bad.stderr


def test_batch_parquet_to_jsonl(runner: CliRunner, un_list: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(
        pa.table(
            {
                "id": [10, 11],
                "name": ["Belmiro Ostrakan", "Glavkor Trading Circle"],
                "kind": ["person", "organization"],
            }
        ),
        source,
    )
    output = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["screen", "--input", str(source), "--output", str(output), "--list", str(un_list)]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert {(r["record_id"], r["reference"]) for r in rows} == {
        ("10", "TSi.002"),
        ("11", "TSe.001"),
    }


def test_batch_input_errors_are_one_line(runner: CliRunner, un_list: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,full_name\n1,Someone\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "screen",
            "--input",
            str(source),
            "--output",
            str(tmp_path / "o.csv"),
            "--list",
            str(un_list),
        ],
    )
    assert result.exit_code == 1
    assert "--column name=COLUMN" in result.stderr and "Traceback" not in result.output
    result = runner.invoke(
        app,
        [
            "screen",
            "--input",
            str(source),
            "--output",
            str(tmp_path / "o.xlsx"),
            "--list",
            str(un_list),
        ],
    )
    assert result.exit_code == 1 and "--output-format" in result.stderr
