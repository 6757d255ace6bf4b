"""``openfiu monitor``: run the typology rule pack over transactions and write alerts.

Example::

    openfiu monitor transactions.parquet --out alerts.parquet            # DuckDB
    openfiu monitor data/ --engine spark --spark-master spark://host:7077
    openfiu monitor tx.csv --mapping amlworld --rules fan_in,cycle --param cycle.max_hops=5
    openfiu monitor rules                                                 # the rule pack

``openfiu monitor DATA …`` is short for ``openfiu monitor run DATA …``: a first word that
is not a subcommand goes to ``run``.
"""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from typer.core import TyperGroup

from openfiu.cli._common import USAGE_ERROR, err, fail, make_progress, out, user_errors


class DefaultCommandGroup(TyperGroup):
    """A group whose unknown first word (a path, an option) is handed to ``run``."""

    default_command = "run"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=DefaultCommandGroup,
    help="Transaction monitoring: run typology rules over transactions, write alerts.",
    no_args_is_help=True,
)


@app.callback()
def monitor() -> None:
    """Transaction monitoring: `openfiu monitor DATA --out alerts.parquet` runs the rules."""


class EngineName(StrEnum):
    """The engines ``--engine`` accepts."""

    duckdb = "duckdb"
    spark = "spark"


@app.command("run")
@user_errors
def run(
    data: Annotated[
        Path, typer.Argument(help="Parquet file, folder of Parquet files, or CSV.", exists=True)
    ],
    engine: Annotated[
        EngineName, typer.Option("--engine", help="duckdb (default) or spark.")
    ] = EngineName.duckdb,
    out_path: Annotated[Path, typer.Option("--out", help="Alerts Parquet to write.")] = Path(
        "alerts.parquet"
    ),
    mapping: Annotated[
        str | None, typer.Option("--mapping", help="Column mapping preset or file for DATA.")
    ] = None,
    rules: Annotated[
        str | None, typer.Option("--rules", help="Comma-separated rule names (default: all).")
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", help="Override a parameter: RULE.NAME=VALUE (repeatable)."),
    ] = None,
    spark_master: Annotated[
        str, typer.Option("--spark-master", help="Spark master URL.")
    ] = "local[2]",
    rejects: Annotated[
        Path | None, typer.Option("--rejects", help="Where to set aside rows that fail checks.")
    ] = None,
    threads: Annotated[
        int | None, typer.Option("--threads", help="DuckDB threads (default: all cores).")
    ] = None,
    memory_limit: Annotated[
        str | None, typer.Option("--memory-limit", help="DuckDB memory limit, e.g. 8GB.")
    ] = None,
    conflict_zones: Annotated[
        str | None,
        typer.Option("--conflict-zones", help="Comma-separated ISO codes replacing the list."),
    ] = None,
) -> None:
    """Run the rule pack over DATA and write alerts (progress shown per rule)."""
    from openfiu.monitoring.inputs import RuleInputs
    from openfiu.monitoring.rules import select_rules
    from openfiu.monitoring.run import parse_params

    chosen = select_rules(rules.split(",") if rules else None)
    params = parse_params(param or [])
    for rule in chosen:
        rule.resolved(params.get(rule.name))
    inputs = RuleInputs()
    if conflict_zones is not None:
        zones = [c.strip().upper() for c in conflict_zones.split(",") if c.strip()]
        inputs = RuleInputs(conflict_zones=zones)
    with tempfile.TemporaryDirectory(prefix="openfiu-monitor-") as work:
        paths = _prepare(data, mapping, rejects, Path(work))
        runner = _engine(engine.value, spark_master, threads, memory_limit, Path(work))
        try:
            runner.use_transactions(paths)
            table, runs = _run_with_progress(runner, chosen, params, inputs)
        finally:
            runner.close()
    from openfiu.monitoring.run import write_alerts

    write_alerts(table, out_path)
    _print_summary(table, runs)
    out().print(f"alerts: {out_path}", markup=False)


@app.command("rules")
def list_rules() -> None:
    """List the rules with their typology, parameters and description."""
    from openfiu.monitoring.rules import RULES

    table = Table(title="Rule pack", title_justify="left", show_lines=True)
    for column in ("rule", "typology", "family", "parameters", "description"):
        table.add_column(column, overflow="fold")
    for rule in RULES:
        params = "\n".join(f"{k} = {v}" for k, v in rule.params.items())
        table.add_row(rule.name, rule.typology, rule.family, params, rule.description)
    out().print(table)


def _prepare(data: Path, mapping: str | None, rejects: Path | None, work: Path) -> list[Path]:
    """Canonical Parquet paths for DATA, through the loaders (validation, rejects)."""
    from openfiu.monitoring.loaders import prepare_transactions

    prepared = prepare_transactions(data, mapping=mapping, work_dir=work, rejects=rejects)
    err().print(prepared.summary(), markup=False, soft_wrap=True)
    if prepared.rows == 0:
        fail(f"{data}: no transactions left to monitor")
    return list(prepared.paths)


def _engine(
    name: str, master: str, threads: int | None, memory_limit: str | None, work: Path
) -> Any:
    if name == "spark":
        from openfiu.monitoring.engines.spark import SparkEngine

        if threads is not None or memory_limit is not None:
            fail("--threads and --memory-limit apply to duckdb; configure Spark", USAGE_ERROR)
        return SparkEngine(master=master)
    from openfiu.monitoring.engines.duckdb import DuckDBEngine

    return DuckDBEngine(threads=threads, memory_limit=memory_limit, temp_directory=work / "spill")


def _run_with_progress(
    engine: Any, chosen: list[Any], params: dict[str, Any], inputs: Any
) -> tuple[Any, list[Any]]:
    from openfiu.monitoring.run import RuleRun, run_rules

    runs: list[RuleRun] = []
    with make_progress() as progress:
        task = progress.add_task("rules", total=len(chosen))

        def report(event: RuleRun) -> None:
            if event.alerts is None:
                progress.update(task, description=f"rule {event.rule.name}")
            else:
                runs.append(event)
                progress.advance(task)

        table = run_rules(engine, chosen, params=params, progress=report, inputs=inputs)
        progress.update(task, description="rules")
    return table, runs


def _print_summary(table: Any, runs: list[Any]) -> None:
    """One row per rule: alerts, distinct accounts and transactions, seconds."""
    per_rule: dict[str, tuple[set[str], set[str]]] = {}
    for row in table.select(["rule", "accounts", "transactions"]).to_pylist():
        accounts, transactions = per_rule.setdefault(row["rule"], (set(), set()))
        accounts.update(row["accounts"])
        transactions.update(row["transactions"])
    summary = Table(title="Alerts per rule", title_justify="left")
    for column in ("rule", "typology", "alerts", "accounts", "transactions", "seconds"):
        summary.add_column(column, justify="left" if column in ("rule", "typology") else "right")
    for event in runs:
        accounts, transactions = per_rule.get(event.rule.name, (set(), set()))
        summary.add_row(
            event.rule.name,
            event.rule.typology,
            f"{event.alerts:,}",
            f"{len(accounts):,}",
            f"{len(transactions):,}",
            f"{event.seconds:.2f}",
        )
    out().print(summary)
    out().print(f"[bold]{table.num_rows:,}[/] alerts from {len(runs)} rules")
