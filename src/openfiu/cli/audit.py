"""``openfiu audit …``: check the audit log, read it, apply retention.

Example::

    openfiu audit verify                 # exit 1 and say where when the chain is broken
    openfiu audit verify --anchor 1042:9f86d081…   # a head noted earlier must still be there
    openfiu audit log --limit 20
    openfiu audit retention --query-days 365 --closed-case-days 1825
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from openfiu.cli._common import err, fail, out, user_errors
from openfiu.cli.db import UrlOption, cli_actor

app = typer.Typer(
    help="Verify and read the audit log; apply retention periods.", no_args_is_help=True
)


def _anchor(value: str | None) -> tuple[int, str] | None:
    if value is None:
        return None
    seq, _, digest = value.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        fail(f"--anchor {value!r}: expected SEQ:HASH as `openfiu audit verify` prints it", 2)
    return int(seq), digest


@app.command("verify")
@user_errors
def verify(
    url: UrlOption = None,
    anchor: Annotated[
        str | None,
        typer.Option("--anchor", help="A head SEQ:HASH noted earlier, kept outside the database."),
    ] = None,
) -> None:
    """Check every event's hash and link; exit 1 naming the first bad event."""
    from openfiu.audit import verify as run_verify
    from openfiu.store import open_store

    expected = _anchor(anchor)
    store = open_store(url)
    try:
        report = run_verify(store, anchor=expected)
    finally:
        store.close()
    if not report.ok:
        fail(str(report))
    out().print(str(report))


@app.command("log")
@user_errors
def log(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Events to show.")] = 20,
    actor: Annotated[str | None, typer.Option("--actor", help="Only this actor's.")] = None,
    action: Annotated[str | None, typer.Option("--action", help="Only this action.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
    url: UrlOption = None,
) -> None:
    """Show the newest events, newest first. Reading the log is itself audited."""
    from openfiu.audit import recent_events, record
    from openfiu.store import open_store

    store = open_store(url)
    console = out()
    try:
        with store.transaction() as session:
            events = recent_events(session, limit, actor=actor, action=action)
            if as_json:
                for e in events:
                    row = {
                        "seq": e.seq,
                        "at": e.at.isoformat(),
                        "actor": e.actor,
                        "action": e.action,
                        "target_type": e.target_type,
                        "target_id": e.target_id,
                        "justification": e.justification,
                        "details": e.details,
                        "masked": e.masked,
                        "hash": e.hash,
                    }
                    typer.echo(json.dumps(row, ensure_ascii=False))
            else:
                table = Table("seq", "time (UTC)", "actor", "action", "target", "why", "details")
                for e in events:
                    details = "(masked)" if e.masked else json.dumps(e.details, ensure_ascii=False)
                    table.add_row(
                        str(e.seq),
                        e.at.strftime("%Y-%m-%d %H:%M:%S"),
                        e.actor,
                        e.action,
                        f"{e.target_type} {e.target_id}",
                        e.justification or "",
                        "" if e.details is None and not e.masked else details,
                    )
                console.print(table)
            record(
                session,
                cli_actor(),
                "audit.read",
                "audit_log",
                "-",
                None,
                {"limit": limit, "actor": actor, "action": action},
            )
    finally:
        store.close()


@app.command("retention")
@user_errors
def retention(
    query_days: Annotated[
        int | None,
        typer.Option(
            "--query-days",
            min=1,
            help="Keep screening runs this many days (default OPENFIU_RETENTION_QUERY_DAYS).",
        ),
    ] = None,
    closed_case_days: Annotated[
        int | None,
        typer.Option(
            "--closed-case-days",
            min=1,
            help="Keep closed cases this many days (default OPENFIU_RETENTION_CLOSED_CASE_DAYS).",
        ),
    ] = None,
    url: UrlOption = None,
) -> None:
    """Delete expired screening queries and closed cases; mask their audit details."""
    from openfiu.audit import apply_retention
    from openfiu.store import open_store

    store = open_store(url)
    try:
        report = apply_retention(
            store, query_days=query_days, closed_case_days=closed_case_days, actor=cli_actor()
        )
    finally:
        store.close()
    if report.query_days is None and report.closed_case_days is None:
        err().print(
            "[yellow]no retention period set[/]: nothing is ever deleted; set "
            "OPENFIU_RETENTION_QUERY_DAYS / OPENFIU_RETENTION_CLOSED_CASE_DAYS"
        )
    out().print(
        f"deleted {len(report.runs_deleted):,} screening run(s) with {report.matches_deleted:,} "
        f"match(es), {len(report.cases_deleted):,} closed case(s); masked "
        f"{len(report.events_masked):,} audit event(s); recorded as event {report.event_seq}"
    )
