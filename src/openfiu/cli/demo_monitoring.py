"""The monitoring half of ``openfiu demo``: synthetic transactions, the demo customers as
their parties, sanctions hits as a rule input, the rule pack on DuckDB, alerts scored
against the generator's labels.

The chain it shows is the one a bank runs: the parties of the transactions are screened
against the list (the same :class:`~openfiu.screening.Screener` as the customer batch),
the hits become the ``sanctioned_parties`` input of the rules, and every alert explains
itself in one sentence.

Example::

    result = run_monitoring(out_dir, screener, customers_path, accounts=5000, days=30, seed=0)
    result.alerts.num_rows
"""

from __future__ import annotations

import csv
import itertools
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from rich.table import Table

from openfiu.cli._common import out, status
from openfiu.monitoring.evaluate import EvaluationReport, evaluate_alerts, load_labels
from openfiu.screening import Screener

EXAMPLE_ALERTS = 4


@dataclass(frozen=True)
class MonitoringDemo:
    """What the monitoring half of the demo produced."""

    transactions: int
    laundering_transactions: int
    parties: int
    sanctioned_parties: int
    alerts: pa.Table
    report: EvaluationReport
    alerts_path: Path
    data_path: Path
    seconds: float


def demo_parties(accounts_path: Path, customers_path: Path) -> list[dict[str, Any]]:
    """The demo customers as the parties of the individual accounts, in order: the
    customer in row *i* holds the *i*-th individual account (the planted hits among the
    customers thus become parties of real transfers)."""
    accounts = pq.read_table(accounts_path, columns=["party_id", "kind"])
    individual = pc.equal(accounts["kind"], "individual")
    party_ids = accounts.filter(individual)["party_id"].to_pylist()
    with customers_path.open(encoding="utf-8", newline="") as fh:
        customers = list(itertools.islice(csv.DictReader(fh), len(party_ids)))
    return [
        {
            "party_id": party_id,
            "name": row["name"],
            "birth_date": row.get("birth_date") or None,
            "nationality": row.get("nationality") or None,
            "kind": row.get("kind") or "person",
        }
        for party_id, row in zip(party_ids, customers, strict=False)
    ]


def run_monitoring(
    out_dir: Path, screener: Screener, customers_path: Path, *, accounts: int, days: int, seed: int
) -> MonitoringDemo:
    """Generate transactions, screen their parties, run the rules, evaluate the alerts."""
    from openfiu.monitoring.engines.duckdb import DuckDBEngine
    from openfiu.monitoring.inputs import RuleInputs, screen_parties
    from openfiu.monitoring.loaders import prepare_transactions
    from openfiu.monitoring.run import run_rules, write_alerts
    from openfiu.synth.transactions import generate_transactions

    started = time.perf_counter()
    data_dir = out_dir / "transactions"
    with status(f"Generating transactions of {accounts:,} accounts over {days} days…"):
        summary = generate_transactions(accounts, days, seed, data_dir, overwrite=True)
    parties = demo_parties(data_dir / "accounts.parquet", customers_path)
    _write_parties(out_dir / "parties.csv", parties)
    with status(f"Screening {len(parties):,} parties of the transactions…"):
        hits = screen_parties(screener, parties)
    engine = DuckDBEngine()
    try:
        prepared = prepare_transactions(data_dir / "transactions", work_dir=out_dir / "work")
        engine.use_transactions(prepared.paths)
        with status("Running the rule pack on DuckDB…"):
            alerts = run_rules(engine, inputs=RuleInputs().with_sanctions(hits))
    finally:
        engine.close()
    alerts_path = out_dir / "alerts.parquet"
    write_alerts(alerts, alerts_path)
    report = evaluate_alerts(alerts, load_labels(data_dir))
    return MonitoringDemo(
        transactions=summary.transactions,
        laundering_transactions=summary.laundering_transactions,
        parties=len(parties),
        sanctioned_parties=hits.num_rows,
        alerts=alerts,
        report=report,
        alerts_path=alerts_path,
        data_path=data_dir,
        seconds=time.perf_counter() - started,
    )


def _write_parties(path: Path, parties: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["party_id", "name", "birth_date", "nationality"])
        writer.writeheader()
        for party in parties:
            writer.writerow({k: party.get(k) or "" for k in writer.fieldnames})


def report_monitoring(result: MonitoringDemo) -> None:
    """Print the monitoring summary: alerts per rule, detection per typology, examples."""
    console = out()
    accounts = result.report.level("account")
    table = Table(title="transaction monitoring (DuckDB)", title_justify="left")
    for column in ("rule", "alerts", "accounts", "precision (accounts)"):
        table.add_column(column, justify="left" if column == "rule" else "right")
    for metrics in accounts.rules:
        table.add_row(
            metrics.name,
            f"{metrics.alerts or 0:,}",
            f"{metrics.alerted:,}",
            "–" if metrics.precision is None else f"{metrics.precision:.0%}",
        )
    console.print(table)
    console.print(
        f"{result.transactions:,} transactions ({result.laundering_transactions:,} in injected "
        f"laundering patterns); {result.parties:,} parties screened, "
        f"{result.sanctioned_parties:,} on the list; {result.alerts.num_rows:,} alerts; "
        f"account-level recall {_pct(accounts.overall.recall)}, precision "
        f"{_pct(accounts.overall.precision)} (rules alone, before the learned score); "
        f"{result.seconds:.1f} s.",
        soft_wrap=True,
    )
    console.print("[bold]Example alerts[/]")
    for row in _examples(result.alerts):
        console.print(
            f"  [{row['rule']}] score {row['score']:.2f}: {row['explanation']}", markup=False
        )


def _examples(alerts: pa.Table) -> list[dict[str, Any]]:
    """One alert of each of a few rules, sanctions first."""
    chosen: list[dict[str, Any]] = []
    seen: set[str] = set()
    rows = alerts.select(["rule", "score", "explanation"]).to_pylist()
    rows.sort(key=lambda r: (r["rule"] != "sanctioned_party", -r["score"]))
    for row in rows:
        if row["rule"] not in seen:
            seen.add(row["rule"])
            chosen.append(row)
        if len(chosen) == EXAMPLE_ALERTS:
            break
    return chosen


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"
