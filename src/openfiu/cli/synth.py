"""``openfiu synth``: generate synthetic data.

Example::

    openfiu synth transactions --accounts 100000 --days 90 --seed 7 --out ./synth
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from openfiu.cli._common import make_progress, out, user_errors

app = typer.Typer(
    help="Generate synthetic data (deterministic by seed, no real persons).",
    no_args_is_help=True,
)


@app.callback()
def synth() -> None:
    """Generate synthetic data (deterministic by seed, no real persons)."""


@app.command("transactions")
@user_errors
def transactions(
    accounts: Annotated[int, typer.Option(help="Number of accounts (at least 1000).")] = 10_000,
    days: Annotated[int, typer.Option(help="Number of days simulated.")] = 30,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same files.")] = 1,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("synth"),
    start: Annotated[str, typer.Option(help="First day, YYYY-MM-DD.")] = "2025-01-01",
    laundering_share: Annotated[
        float, typer.Option(help="Share of transactions in injected patterns (0–0.05).")
    ] = 0.004,
    rows_per_part: Annotated[
        int, typer.Option(help="About this many rows per Parquet part (bounds memory).")
    ] = 500_000,
    overwrite: Annotated[
        bool, typer.Option(help="Replace the part files of an earlier run in --out.")
    ] = False,
) -> None:
    """Labelled transactions with injected laundering and terrorist-financing typologies.

    Writes OUT/transactions/part-*.parquet (canonical schema plus is_laundering, typology,
    pattern_id), OUT/accounts.parquet (per-account labels and attributes) and
    OUT/manifest.json (seed, parameters, counts per typology).
    """
    from openfiu.synth.transactions import generate_transactions

    try:
        first_day = dt.date.fromisoformat(start)
    except ValueError:
        raise typer.BadParameter(
            f"{start!r} is not a date; write YYYY-MM-DD", param_hint="--start"
        ) from None
    with make_progress() as progress:
        task = progress.add_task("Generating days", total=days)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        summary = generate_transactions(
            accounts,
            days,
            seed,
            out_dir,
            start=first_day,
            laundering_share=laundering_share,
            progress=advance,
            rows_per_part=rows_per_part,
            overwrite=overwrite,
        )
    table = Table(title=f"{summary.out}", show_edge=False)
    table.add_column("typology")
    table.add_column("patterns", justify="right")
    for name, count in summary.patterns.items():
        table.add_row(name, f"{count:,}")
    console = out()
    console.print(table)
    share = summary.laundering_transactions / max(summary.transactions, 1)
    console.print(
        f"{summary.accounts:,} accounts, {summary.transactions:,} transactions "
        f"({summary.laundering_transactions:,} laundering, {share:.2%}) in "
        f"{summary.seconds:.1f} s ({summary.transactions / max(summary.seconds, 1e-9):,.0f} rows/s)"
    )
