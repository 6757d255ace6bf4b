"""``openfiu monitor evaluate | train | score``: measure alerts, train and apply the learned score.

Example::

    openfiu monitor evaluate alerts.parquet ../shared/data/amlsim/dev
    openfiu monitor train transactions.parquet accounts.parquet --model model.json \\
        --alerts alerts.parquet
    openfiu monitor score transactions.parquet --model model.json --out scores.parquet

``DATA`` is anything ``openfiu monitor`` reads (a Parquet file, a folder of them or a CSV
with ``--mapping``); ``LABELS`` is a transactions file with ``is_laundering``, an accounts
file, or a folder with both (see :func:`openfiu.monitoring.evaluate.load_labels`).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated

import pyarrow as pa
import pyarrow.parquet as pq
import typer
from rich.table import Table

from openfiu.cli._common import err, out, status, user_errors
from openfiu.errors import LearnedScoreError

AlertsOption = Annotated[
    Path | None,
    typer.Option("--alerts", help="Rule alerts (Parquet) to use as features.", dir_okay=False),
]
MappingOption = Annotated[
    str | None,
    typer.Option("--mapping", help="Column mapping preset or file for DATA (default: detect)."),
]


@user_errors
def evaluate(
    alerts: Annotated[Path, typer.Argument(help="Alerts Parquet written by `openfiu monitor`.")],
    labels: Annotated[Path, typer.Argument(help="Labelled transactions or accounts.")],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write every number as JSON here.")
    ] = None,
) -> None:
    """Precision, recall and F1 of alerts per typology and rule, per account and transaction."""
    from openfiu.monitoring.evaluate import evaluate_alerts, load_labels

    report = evaluate_alerts(_read_alerts(alerts), load_labels(labels))
    console = out()
    for table in report.tables():
        console.print(table)
    if json_out is not None:
        json_out.write_text(json.dumps(report.to_dict(), indent=1), encoding="utf-8")
        console.print(f"numbers: {json_out}", markup=False)


@user_errors
def train(
    data: Annotated[Path, typer.Argument(help="Transactions to learn from.")],
    labels: Annotated[Path, typer.Argument(help="Labels of their accounts.")],
    model: Annotated[Path, typer.Option("--model", "-m", help="Where to write the model (JSON).")],
    alerts: AlertsOption = None,
    mapping: MappingOption = None,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same model.")] = 7,
    threads: Annotated[int, typer.Option(help="Threads for training (fixed for determinism).")] = 2,
    pairs: Annotated[
        bool,
        typer.Option(
            help="Add the pair stage (a model of laundering relationships); it helps on a "
            "ring split of AMLSim but hurts training on the past to score the future."
        ),
    ] = False,
    bags: Annotated[
        int,
        typer.Option(
            min=1,
            help="Boosters averaged per model, each with its own seed (1: one booster, "
            "about five times faster to train, its flags move more with the seed).",
        ),
    ] = 5,
) -> None:
    """Train the learned score on labelled accounts and save it as a JSON text model."""
    from openfiu.monitoring.evaluate import load_labels
    from openfiu.monitoring.model import train_model

    features, relationships = _features(data, mapping, alerts)
    truth = load_labels(labels).accounts
    with status(f"Training on {features.num_rows:,} accounts…"):
        trained = train_model(
            features,
            truth,
            seed=seed,
            threads=threads,
            relationships=relationships if pairs else None,
            bags=bags,
        )
    trained.save(model)
    s = trained.summary
    out().print(
        f"model: {model} ({len(trained.features)} features, {trained.candidate} trees"
        f"{' + pair stage' if trained.pairs is not None else ''}, "
        f"threshold {trained.threshold:.3f}); "
        f"out-of-fold on {s['accounts']:,.0f} accounts ({s['laundering']:,.0f} laundering): "
        f"precision {s['oof_precision']:.3f}, recall {s['oof_recall']:.3f}, F1 {s['oof_f1']:.3f}",
        markup=False,
    )


@user_errors
def score(
    data: Annotated[Path, typer.Argument(help="Transactions whose accounts to score.")],
    model: Annotated[Path, typer.Option("--model", "-m", help="Model written by `train`.")],
    output: Annotated[Path, typer.Option("--out", "-o", help="Scores Parquet to write.")],
    alerts: AlertsOption = None,
    mapping: MappingOption = None,
    labels: Annotated[
        Path | None, typer.Option("--labels", help="Labels: also print the evaluation.")
    ] = None,
    top: Annotated[int, typer.Option(help="Flagged accounts to show.")] = 10,
) -> None:
    """Score every account with a saved model; flagged ones are explained in words."""
    from openfiu.monitoring.evaluate import evaluate_scores, load_labels
    from openfiu.monitoring.model import load_model, score_accounts

    trained = load_model(model)
    features, relationships = _features(data, mapping, alerts)
    scored = score_accounts(trained, features, relationships)
    output.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(scored, output, compression="zstd")
    flagged = scored.filter(scored.column("flagged")).sort_by([("score", "descending")])
    console = out()
    console.print(f"{flagged.num_rows:,} of {scored.num_rows:,} accounts flagged; scores: {output}")
    console.print(_flagged_table(flagged.slice(0, top)))
    if labels is not None:
        for table in evaluate_scores(scored, load_labels(labels)).tables():
            console.print(table)


def _features(data: Path, mapping: str | None, alerts: Path | None) -> tuple[pa.Table, pa.Table]:
    """Load DATA through the loaders; account features and relationships on DuckDB."""
    from openfiu.monitoring.engines.duckdb import DuckDBEngine
    from openfiu.monitoring.features import account_features
    from openfiu.monitoring.loaders import prepare_transactions
    from openfiu.monitoring.pairs import account_relationships

    rule_alerts = _read_alerts(alerts) if alerts is not None else None
    with tempfile.TemporaryDirectory(prefix="openfiu-features-") as work:
        prepared = prepare_transactions(data, mapping=mapping, work_dir=Path(work))
        err().print(prepared.summary(), markup=False)
        engine = DuckDBEngine()
        try:
            engine.use_transactions(prepared.paths)
            with status("Computing account features…"):
                return account_features(engine, rule_alerts), account_relationships(engine)
        finally:
            engine.close()


def _read_alerts(path: Path) -> pa.Table:
    if not path.is_file():
        raise LearnedScoreError(f"{path}: alerts file not found; write one with `openfiu monitor`")
    try:
        return pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise LearnedScoreError(f"{path}: not an alerts Parquet file: {exc}") from exc


def _flagged_table(flagged: pa.Table) -> Table:
    table = Table(title="Highest scores", title_justify="left", show_lines=True)
    for column in ("account", "score", "explanation"):
        table.add_column(column, overflow="fold", ratio=4 if column == "explanation" else None)
    for row in flagged.to_pylist():
        table.add_row(str(row["account_id"]), f"{row['score']:.3f}", row["explanation"])
    return table
