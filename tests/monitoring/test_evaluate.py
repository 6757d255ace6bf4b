"""Evaluation of alerts and scores against labels, with numbers worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from rich.console import Console

from openfiu.errors import LearnedScoreError
from openfiu.monitoring.alerts import ALERT_SCHEMA
from openfiu.monitoring.evaluate import evaluate_alerts, evaluate_scores, load_labels

SHARED_AMLSIM = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "amlsim" / "dev"

# Invented accounts: L1-L3 launder (fan_in ring p1: L1, L2; cycle ring p2: L3), N1-N3 do not.
TRANSACTIONS = [
    {"tx_id": 1, "from_account": "L1", "to_account": "L2", "is_laundering": True,
     "typology": "fan_in", "pattern_id": "p1"},
    {"tx_id": 2, "from_account": "L3", "to_account": "L3b", "is_laundering": True,
     "typology": "cycle", "pattern_id": "p2"},
    {"tx_id": 3, "from_account": "N1", "to_account": "N2", "is_laundering": False,
     "typology": None, "pattern_id": None},
    {"tx_id": 4, "from_account": "N2", "to_account": "N3", "is_laundering": False,
     "typology": None, "pattern_id": None},
]  # fmt: skip


def write(table: pa.Table, path: Path) -> Path:
    if path.suffix == ".csv":
        pacsv.write_csv(table, path)
    else:
        pq.write_table(table, path)
    return path


def alerts(rows: list[tuple[str, list[str], list[str]]]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"alert_id": f"a{i}", "rule": rule, "typology": rule, "score": 0.5,
             "accounts": accounts, "transactions": txs, "explanation": "test"}
            for i, (rule, accounts, txs) in enumerate(rows)
        ],
        schema=ALERT_SCHEMA,
    )  # fmt: skip


@pytest.fixture
def tx_labels(tmp_path: Path) -> Path:
    return write(pa.Table.from_pylist(TRANSACTIONS), tmp_path / "tx.parquet")


def test_transactions_file_gives_account_and_transaction_labels(tx_labels: Path) -> None:
    labels = load_labels(tx_labels)
    accounts = {r["account_id"]: r for r in labels.accounts.to_pylist()}
    assert set(accounts) == {"L1", "L2", "L3", "L3b", "N1", "N2", "N3"}
    assert accounts["L2"]["is_laundering"] and accounts["L2"]["typology"] == "fan_in"
    assert not accounts["N2"]["is_laundering"] and accounts["N2"]["typology"] is None
    assert labels.transactions is not None
    assert labels.transactions.column("tx_id").to_pylist() == ["1", "2", "3", "4"]


def test_overall_per_typology_and_per_rule(tx_labels: Path) -> None:
    found = alerts(
        [("fan", ["L1", "L2", "N1"], ["1", "3"]), ("fan", ["L1"], ["1"]), ("cyc", ["N3", "X9"], [])]
    )
    report = evaluate_alerts(found, load_labels(tx_labels))
    account = report.level("account")
    # alerted: L1 L2 N1 N3 X9 → 2 laundering of 5 alerted; 4 laundering accounts in all
    assert (account.overall.hits, account.overall.alerted, account.overall.labelled) == (2, 5, 4)
    assert account.overall.precision == pytest.approx(0.4)
    assert account.overall.recall == pytest.approx(0.5)
    assert account.overall.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert account.unlabelled == 1  # X9
    typologies = {m.name: m for m in account.typologies}
    assert typologies["fan_in"].recall == 1.0 and typologies["cycle"].recall == 0.0
    rules = {m.name: m for m in account.rules}
    assert rules["fan"].alerts == 2 and rules["fan"].alerted == 3
    assert rules["fan"].precision == pytest.approx(2 / 3)
    assert rules["cyc"].precision == 0.0
    tx = report.level("transaction")
    assert (tx.overall.hits, tx.overall.alerted, tx.overall.labelled) == (1, 2, 2)
    assert {m.name: m.recall for m in tx.typologies} == {"fan_in": 1.0, "cycle": 0.0}


def test_rendering_and_json_dump(tx_labels: Path) -> None:
    report = evaluate_alerts(alerts([("fan", ["L1"], ["1"])]), load_labels(tx_labels))
    console = Console(record=True, width=200)
    for table in report.tables():
        console.print(table)
    text = console.export_text()
    assert "account level: precision 100.0 %, recall 25.0 %" in text
    assert "fan_in" in text and "transaction level" in text
    dumped = json.loads(json.dumps(report.to_dict()))
    assert dumped["levels"][0]["overall"]["hits"] == 1


def test_no_alerts_gives_zero_recall(tx_labels: Path) -> None:
    report = evaluate_alerts(alerts([]), load_labels(tx_labels))
    overall = report.level("account").overall
    assert overall.recall == 0.0 and overall.precision is None


def test_accounts_files_canonical_and_amlsim_layout(tmp_path: Path) -> None:
    canonical = pa.table(
        {"account_id": ["A", "B"], "is_laundering": [True, False], "typology": ["cycle", None]}
    )
    labels = load_labels(write(canonical, tmp_path / "accounts.csv"))
    assert labels.transactions is None
    assert labels.accounts.column("is_laundering").to_pylist() == [True, False]
    amlsim = pa.table(
        {
            "account_id": ["1", "2", "3"],
            "is_sar_account": [True, False, False],
            "alert_typology": ["stack", "fan_in", None],
            "alert_id": [7, 8, -1],
        }
    )
    labels = load_labels(write(amlsim, tmp_path / "amlsim.parquet"))
    rows = labels.accounts.to_pylist()
    assert rows[0] == {"account_id": "1", "is_laundering": True, "typology": "stack",
                       "pattern_id": "7"}  # fmt: skip
    assert rows[1]["typology"] is None and rows[1]["pattern_id"] == "8"  # a false alert
    assert rows[2]["pattern_id"] is None


def test_folder_with_accounts_and_transactions(tmp_path: Path, tx_labels: Path) -> None:
    folder = tmp_path / "data"
    (folder / "transactions").mkdir(parents=True)
    write(pa.Table.from_pylist(TRANSACTIONS), folder / "transactions" / "part-0.parquet")
    write(pa.table({"account_id": ["L1"], "is_laundering": [True]}), folder / "accounts.parquet")
    labels = load_labels(folder)
    assert labels.accounts.num_rows == 1
    assert labels.transactions is not None and labels.transactions.num_rows == 4


def test_bad_labels_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(LearnedScoreError, match="not found"):
        load_labels(tmp_path / "missing.parquet")
    nolabel = write(pa.table({"account_id": ["A"]}), tmp_path / "a.parquet")
    with pytest.raises(LearnedScoreError, match="is_sar_account"):
        load_labels(nolabel)
    empty = write(
        pa.table({"account_id": ["A", "B"], "is_laundering": [True, None]}), tmp_path / "b.parquet"
    )
    with pytest.raises(LearnedScoreError, match="row 2: is_laundering is empty"):
        load_labels(empty)
    neither = write(pa.table({"x": [1]}), tmp_path / "c.parquet")
    with pytest.raises(LearnedScoreError, match="no labels found"):
        load_labels(neither)


def test_evaluate_scores(tx_labels: Path) -> None:
    scored = pa.table(
        {
            "account_id": ["L1", "L2", "N1"],
            "score": [0.9, 0.2, 0.8],
            "flagged": [True, False, True],
            "explanation": ["", "", ""],
        }
    )
    report = evaluate_scores(scored, load_labels(tx_labels))
    overall = report.level("account").overall
    assert (overall.hits, overall.alerted, overall.labelled) == (1, 2, 4)
    assert 0.0 < report.extra["average_precision"] < 1.0


@pytest.mark.shared_data
def test_amlsim_labels_load_with_no_options() -> None:
    if not SHARED_AMLSIM.is_dir():
        pytest.skip(f"{SHARED_AMLSIM} not present")
    labels = load_labels(SHARED_AMLSIM)
    assert labels.accounts.num_rows == 12_043
    assert sum(labels.accounts.column("is_laundering").to_pylist()) == 852
    assert labels.transactions is not None
    assert sum(labels.transactions.column("is_laundering").to_pylist()) == 1_470
