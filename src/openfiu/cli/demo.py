"""``openfiu demo``: the whole chain on synthetic data, offline, in one command.

It writes a synthetic list in UN XML format, loads it, generates customers among whom
planted variants of listed persons hide (Cyrillic spellings, passport spellings, typos,
swapped name order), screens them in batch and reports recall of the planted hits, false
alerts and throughput. Then it generates labelled transactions of those customers' accounts
with injected laundering and terrorist-financing typologies, screens the parties, runs the
monitoring rules on DuckDB (sanctions hits are a rule input) and reports the alerts against
the labels (:mod:`openfiu.cli.demo_monitoring`). Finally it fills the web application's
store (``OUT/openfiu.db``, or ``OPENFIU_DATABASE_URL``) with the list, the screening run,
the alerts, one demo user per role and a demo case (:mod:`openfiu.web.demodata`), which
``openfiu serve --demo OUT`` serves. No real person appears: every name is generated.

Example::

    openfiu demo --out ./openfiu-demo --customers 20000
    openfiu serve --demo ./openfiu-demo
"""

from __future__ import annotations

import csv
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import pyarrow.parquet as pq
import typer
from rich.table import Table

from openfiu.cli._common import err, fail, out, status, user_errors
from openfiu.cli.screen import run_batch

CUSTOMER_COLUMNS = (
    "id",
    "name",
    "birth_date",
    "nationality",
    "gender",
    "kind",
    "expected_reference",
    "variant",
)
EXAMPLES_SHOWN = 5
LIST_FILE = "un_consolidated_synthetic.xml"


class MatchesFormat(enum.StrEnum):
    csv = "csv"
    parquet = "parquet"


@dataclass(slots=True)
class DemoScore:
    """How the screening did on the planted hits: found, missed and false alerts."""

    planted: int = 0
    found: int = 0
    false_alert_records: int = 0
    false_alert_matches: int = 0
    by_variant: dict[str, list[int]] = field(default_factory=dict)
    """variant → [planted, found]"""
    examples: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0


def write_customers(path: Path, customers: Any) -> dict[str, tuple[str, str]]:
    """Write customer dicts to CSV; return ``{customer id: (expected reference, variant)}``
    of the planted hits.

    Example::

        planted = write_customers(Path("customers.csv"), synthetic_customers(100))
    """
    planted: dict[str, tuple[str, str]] = {}
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CUSTOMER_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for customer in customers:
            writer.writerow({k: "" if v is None else v for k, v in customer.items()})
            expected = customer.get("expected_reference")
            if expected:
                planted[str(customer["id"])] = (str(expected), str(customer.get("variant") or ""))
    return planted


def _read_matches(path: Path) -> Iterator[dict[str, Any]]:
    if path.suffix == ".parquet":
        for batch in pq.ParquetFile(path).iter_batches(batch_size=10_000):
            yield from batch.to_pylist()
        return
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def score_matches(matches_path: Path, planted: dict[str, tuple[str, str]]) -> DemoScore:
    """Compare a matches file (CSV or Parquet) with the planted hits: recall (overall and
    per kind of variant), false alerts, and examples of found hits, one per variant.

    Example::

        score = score_matches(Path("matches.csv"), {"C0000042": ("SYN.000007", "typo")})
        score.recall
    """
    score = DemoScore(planted=len(planted))
    for _, variant in planted.values():
        score.by_variant.setdefault(variant, [0, 0])[0] += 1
    found: set[str] = set()
    false_records: set[str] = set()
    shown: set[str] = set()
    for row in _read_matches(matches_path):
        record_id, reference = str(row["record_id"]), row["reference"]
        if not reference:
            continue
        expected = planted.get(record_id)
        if expected is None:
            false_records.add(record_id)
            score.false_alert_matches += 1
        elif expected[0] == reference and record_id not in found:
            found.add(record_id)
            score.by_variant[expected[1]][1] += 1
            if len(score.examples) < EXAMPLES_SHOWN and expected[1] not in shown:
                shown.add(expected[1])
                score.examples.append({**row, "variant": expected[1]})
    score.found = len(found)
    score.false_alert_records = len(false_records)
    return score


@user_errors
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the demo files.")] = Path(
        "openfiu-demo"
    ),
    customers: Annotated[
        int, typer.Option("--customers", min=1, help="Number of synthetic customers.")
    ] = 20000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same data).")] = 0,
    hit_rate: Annotated[
        float, typer.Option("--hit-rate", min=0.0, max=1.0, help="Share of planted hits.")
    ] = 0.01,
    matches_format: Annotated[
        MatchesFormat, typer.Option("--format", help="Format of the matches file.")
    ] = MatchesFormat.csv,
    accounts: Annotated[
        int, typer.Option("--accounts", min=1000, help="Accounts in the transaction data.")
    ] = 5000,
    days: Annotated[int, typer.Option("--days", min=1, help="Days of transactions.")] = 30,
    monitoring: Annotated[
        bool, typer.Option(help="Also run transaction monitoring on generated transactions.")
    ] = True,
    fill_store: Annotated[
        bool,
        typer.Option(
            "--store/--no-store",
            help="Also fill a store for `openfiu serve --demo OUT`: OUT/openfiu.db "
            "(or OPENFIU_DATABASE_URL) with the list, the screening run, the alerts, "
            "demo users and a demo case.",
        ),
    ] = True,
) -> None:
    """Run the whole chain on synthetic data, offline: list, customers, batch screening,
    then transactions, monitoring rules with sanctions hits as input, and a report; then
    fill the web application's store (`openfiu serve --demo OUT` shows it)."""
    from openfiu.lists import load_list
    from openfiu.screening import Screener
    from openfiu.synth import synthetic_customers, synthetic_un_list

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{out_dir}: cannot create the demo folder ({exc.strerror}); choose another --out")
    list_path = out_dir / LIST_FILE
    customers_path = out_dir / "customers.csv"
    matches_path = out_dir / f"matches.{matches_format.value}"
    with status("Writing a synthetic list in UN XML format…"):
        synthetic_un_list(list_path, seed=seed)
        version = load_list(list_path)
    with status(f"Writing {customers:,} synthetic customers…"):
        planted = write_customers(
            customers_path,
            synthetic_customers(customers, seed=seed, listed=version.entities, hit_rate=hit_rate),
        )
    with status("Building the screening index…"):
        screener = Screener.from_entities(version.entities)
    summary = run_batch(screener, customers_path, matches_path)
    score = score_matches(matches_path, planted)
    _report(out_dir, len(version.entities), summary, score, float(screener.threshold))
    alerts: list[dict[str, Any]] = []
    if monitoring:
        from openfiu.cli.demo_monitoring import report_monitoring, run_monitoring

        result = run_monitoring(
            out_dir, screener, customers_path, accounts=accounts, days=days, seed=seed
        )
        report_monitoring(result)
        alerts = result.alerts.to_pylist()
    if fill_store:
        _fill_store(out_dir, version, screener, customers_path, matches_path, alerts, summary)
    _next_steps(out_dir, score, monitoring, fill_store)


def _fill_store(
    out_dir: Path,
    version: Any,
    screener: Any,
    customers_path: Path,
    matches_path: Path,
    alerts: list[dict[str, Any]],
    summary: Any,
) -> None:
    """Fill the web application's store and print the demo users' password once."""
    from openfiu.store import open_store
    from openfiu.web.demodata import (
        DEMO_USERS,
        demo_database_url,
        fill_demo_store,
        new_demo_password,
        reset_demo_database,
    )

    password = new_demo_password()
    reset_demo_database(out_dir)
    with status("Filling the web application's store…"):
        store = open_store(demo_database_url(out_dir))
        try:
            filled = fill_demo_store(
                store,
                version,
                screener,
                customers_path,
                _read_matches(matches_path),
                alerts,
                password=password,
                records=summary.records,
            )
        finally:
            store.close()
    console = out()
    console.print("[bold]Web application store[/]")
    console.print(
        f"  {filled.where}: list version {filled.list_version_id}, screening run "
        f"{filled.run_id} ({filled.matches:,} matches), {filled.alerts:,} new alerts"
        + (f", demo case {filled.case}" if filled.case else ""),
        markup=False,
        soft_wrap=True,
    )
    roles = ", ".join(f"{name} ({role})" for name, role, _ in DEMO_USERS)
    if filled.users_created:
        console.print(f"  demo users: {roles}", markup=False, soft_wrap=True)
        console.print(
            f"  demo password (all of them, shown only now; synthetic demo store only): {password}",
            markup=False,
            soft_wrap=True,
        )
    if filled.users_kept:
        console.print(
            f"  users kept as they were (their passwords unchanged): "
            f"{', '.join(filled.users_kept)}",
            markup=False,
            soft_wrap=True,
        )


def _report(out_dir: Path, entries: int, summary: Any, score: DemoScore, threshold: float) -> None:
    console = out()
    table = Table(title="openfiu demo", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value")
    table.add_row("list entries (synthetic)", f"{entries:,}")
    table.add_row("customers screened", f"{summary.records:,}")
    table.add_row("threshold", f"{threshold:.2f}")
    table.add_row(
        "planted hits found (recall)",
        f"{score.found:,} / {score.planted:,} ({score.recall:.1%})",
    )
    for variant, (planted, found) in sorted(score.by_variant.items()):
        table.add_row(f"  {variant or 'unlabelled'}", f"{found:,} / {planted:,}")
    table.add_row(
        "false alerts",
        f"{score.false_alert_records:,} customers ({score.false_alert_matches:,} matches, "
        f"{score.false_alert_records / max(summary.records, 1):.2%} of customers)",
    )
    table.add_row("rejected records", f"{summary.rejects:,}")
    table.add_row(
        "throughput", f"{summary.records_per_second:,.0f} records/s ({summary.seconds:.1f} s)"
    )
    console.print(table)
    if score.examples:
        console.print("[bold]Example matches[/]")
        for row in score.examples:
            console.print(
                f"  [{row['variant']}] {row['query_name']!r} → {row['reference']} "
                f"{row['primary_name']!r} (score {float(row['score']):.3f}, "
                f"via {row['matched_name']!r})",
                markup=False,
                soft_wrap=True,
            )
            console.print(f"      {row['explanation']}", markup=False)
    console.print("[bold]Files[/]")
    for path in (out_dir / LIST_FILE, out_dir / "customers.csv", summary.output_path):
        console.print(f"  {path}", markup=False)


def _next_steps(out_dir: Path, score: DemoScore, monitoring: bool, store: bool = False) -> None:
    console = out()
    listing = out_dir / LIST_FILE
    console.print("[bold]Try next[/]")
    example = score.examples[0]["query_name"] if score.examples else "<a name in customers.csv>"
    lines = [f"openfiu serve --demo {out_dir}   # then sign in as analyst"] if store else []
    lines += [
        f'openfiu screen --name "{example}" --list {listing}',
        f"openfiu screen --input {out_dir / 'customers.csv'} --output matches.parquet "
        f"--list {listing} --all",
        f"openfiu lists load {listing}",
        "openfiu lists update un-sc   # the real UN list (needs network)",
    ]
    if monitoring:
        data = out_dir / "transactions"
        lines += [
            f"openfiu monitor {data / 'transactions'} --out alerts.parquet --engine duckdb",
            f"openfiu monitor evaluate {out_dir / 'alerts.parquet'} {data}",
            f"openfiu monitor train {data / 'transactions'} {data} --model model.json",
            "openfiu monitor rules",
        ]
    for line in lines:
        console.print(f"  {line}", markup=False, soft_wrap=True)
    err().print("Every name in the demo is synthetic.")
