"""The ``openfiu`` command line: thin commands over the Python API.

Example::

    openfiu demo                      # offline: synthetic list and customers, batch screening
    openfiu lists update un-sc        # download the UN Consolidated List
    openfiu screen --name "Jumakhon Halimov" --birth-date 1971
    openfiu synth transactions --accounts 10000 --days 30 --out synth
    openfiu monitor synth/transactions --out alerts.parquet
    openfiu monitor evaluate alerts.parquet synth/transactions
    openfiu db upgrade                # create or migrate the case store (SQLite by default)
    openfiu audit verify              # check the hash-chained audit log
    openfiu serve --port 8000         # the analyst web app and the /api (yente-compatible /match)
"""

from __future__ import annotations

import typer

from openfiu import __version__
from openfiu.cli import (
    audit,
    cases,
    db,
    demo,
    lists,
    monitor,
    monitor_learn,
    screen,
    serve,
    synth,
)

app = typer.Typer(
    name="openfiu",
    help="Open-source financial intelligence: sanctions screening across scripts, transaction monitoring.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)
app.add_typer(lists.app, name="lists")
app.add_typer(synth.app, name="synth")
monitor.app.command("evaluate")(monitor_learn.evaluate)
monitor.app.command("train")(monitor_learn.train)
monitor.app.command("score")(monitor_learn.score)
app.add_typer(monitor.app, name="monitor")
app.add_typer(db.app, name="db")
app.add_typer(db.users_app, name="users")
app.add_typer(audit.app, name="audit")
app.add_typer(cases.app, name="cases")
app.command("screen")(screen.screen)
app.command("demo")(demo.demo)
app.command("serve")(serve.serve)


@app.command("version")
def version() -> None:
    """Print the openfiu version."""
    typer.echo(f"openfiu {__version__}")


__all__ = ["app"]
