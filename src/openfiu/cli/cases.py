"""``openfiu cases …``: case work on the command line, acting as a named user.

Example::

    openfiu cases queue --as ana                       # asks for ana's password
    openfiu cases escalate match:42 --reason "birth year agrees" --as ana
    openfiu cases propose C-2024-00001 close --reason "explained by payroll" --as ana
    openfiu cases pending --as rex
    openfiu cases approve 7 --version 1 --as rex
    openfiu cases show C-2024-00001 --as otto          # timeline; auditors may read
    openfiu cases assign C-2024-00001 --team fin -r "fraud desk" --as sue
    openfiu cases export C-2024-00001 -j "request 12/2024" -o case.json --as ana

``assign``, ``withdraw`` and ``export`` live in :mod:`openfiu.cli.case_actions`.

Every command acts as the user named by ``--as`` (or ``OPENFIU_USER``) with that user's
roles and need-to-know, exactly as the web application does, and each action is an audit
event by that user. Two ways to prove who you are:

* **password** (default): the user's password, asked for, or read from standard input
  with ``--password-stdin``; a wrong password is refused and audited;
* **operator mode** (``--operator`` or ``OPENFIU_CLI_OPERATOR=1``): no password, for the
  operators who hold the database credentials anyway (they could change the tables
  directly). The audit events then say ``via: cli:<login>, operator mode``, so it is plain
  who acted for whom.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from openfiu.cli._common import fail, out, user_errors
from openfiu.cli.db import UrlOption, cli_actor

if TYPE_CHECKING:
    from openfiu.store import Store

app = typer.Typer(
    help="Work on alerts, matches and cases as a named user (four-eyes decisions).",
    no_args_is_help=True,
)

AsOption = Annotated[
    str, typer.Option("--as", envvar="OPENFIU_USER", help="Act as this user (their roles apply).")
]
OperatorOption = Annotated[
    bool,
    typer.Option(
        "--operator",
        envvar="OPENFIU_CLI_OPERATOR",
        help="Operator mode: no password (for database operators); audited as such.",
    ),
]
PasswordStdinOption = Annotated[
    bool, typer.Option("--password-stdin", help="Read the user's password from standard input.")
]
ReasonOption = Annotated[str, typer.Option("--reason", "-r", help="Why (kept in the audit log).")]


@contextmanager
def _session_as(
    username: str, operator: bool, password_stdin: bool, url: str | None
) -> Iterator[Store]:
    """Open the store and prove who acts; audit events inside say ``via`` this command."""
    from openfiu.audit import authenticate, record
    from openfiu.cases import acting_via
    from openfiu.store import open_store

    store = open_store(url)
    try:
        if operator:
            via = f"{cli_actor()}, operator mode"
        else:
            if password_stdin:
                password = sys.stdin.readline().rstrip("\n")
            else:
                password = typer.prompt(f"Password for {username}", hide_input=True)
            with store.transaction() as session:
                user = authenticate(session, username, password)
                if user is None:
                    record(session, cli_actor(), "auth.fail", "user", username, None, None)
            if user is None:
                fail(f"{username}: wrong user name or password (or the account is locked)")
            via = f"{cli_actor()}, password"
        with acting_via(via):
            yield store
    finally:
        store.close()


@app.command("queue")
@user_errors
def queue_cmd(
    as_user: AsOption,
    kind: Annotated[str | None, typer.Option(help="alert or match.")] = None,
    rule: Annotated[str | None, typer.Option(help="A rule name, or 'screening'.")] = None,
    min_score: Annotated[float | None, typer.Option(help="Lowest score.")] = None,
    max_score: Annotated[float | None, typer.Option(help="Highest score.")] = None,
    status: Annotated[
        str, typer.Option(help="new, false_positive, escalated, closed, any.")
    ] = "new",
    assignee: Annotated[
        str | None,
        typer.Option(help="A username (theirs or their teams'), or - for nobody."),
    ] = None,
    team: Annotated[str | None, typer.Option(help="Assigned to this team.")] = None,
    page: Annotated[int, typer.Option(min=1)] = 1,
    per_page: Annotated[int, typer.Option(min=1, max=500)] = 50,
    operator: OperatorOption = False,
    password_stdin: PasswordStdinOption = False,
    url: UrlOption = None,
) -> None:
    """List work items (screening matches and alerts), highest score first."""
    from openfiu.cases import QueueFilters, queue

    filters = QueueFilters(
        kind,
        rule,
        min_score,
        max_score,
        None if status == "any" else status,
        assignee,
        page,
        per_page,
        None if team is None else (team,),
    )
    with _session_as(as_user, operator, password_stdin, url) as store, store.transaction() as s:
        result = queue(s, as_user, filters)
        table = Table("item", "score", "status", "rule", "what", "assignee", "cases")
        for item in result.items:
            table.add_row(
                item.key,
                f"{item.score:.2f}",
                item.status,
                item.rule,
                item.title,
                item.assignee or (f"team {item.assigned_team}" if item.assigned_team else ""),
                ", ".join(item.cases),
            )
    out().print(table)
    out().print(f"page {result.page} of {result.pages} ({result.total} items)")


@app.command("list")
@user_errors
def list_cmd(
    as_user: AsOption,
    status: Annotated[str | None, typer.Option(help="Only cases with this status.")] = None,
    assignee: Annotated[
        str | None, typer.Option(help="Assigned to this user or one of their teams.")
    ] = None,
    team: Annotated[str | None, typer.Option(help="Assigned to this team.")] = None,
    page: Annotated[int, typer.Option(min=1)] = 1,
    operator: OperatorOption = False,
    password_stdin: PasswordStdinOption = False,
    url: UrlOption = None,
) -> None:
    """List the cases you may see (need-to-know), newest first."""
    from openfiu.cases import case_assignee, list_cases

    teams = None if team is None else [team]
    with _session_as(as_user, operator, password_stdin, url) as store, store.transaction() as s:
        result = list_cases(s, as_user, status=status, assignee=assignee, teams=teams, page=page)
        table = Table("id", "reference", "status", "title", "assignee", "opened", "version")
        for case in result.items:
            table.add_row(
                str(case.id),
                case.reference,
                case.status,
                case.title,
                case_assignee(s, case.id) or "",
                case.created_at.strftime("%Y-%m-%d"),
                str(case.version),
            )
    out().print(table)
    out().print(f"page {result.page} of {result.pages} ({result.total} cases)")


@app.command("show")
@user_errors
def show_cmd(
    case: Annotated[str, typer.Argument(help="Case reference or id.")],
    as_user: AsOption,
    operator: OperatorOption = False,
    password_stdin: PasswordStdinOption = False,
    url: UrlOption = None,
) -> None:
    """Show a case: what it links, its decisions and its complete timeline."""
    from openfiu.cases import timeline, view_case

    console = out()
    with _session_as(as_user, operator, password_stdin, url) as store, store.transaction() as s:
        row = view_case(s, as_user, case)
        console.print(
            f"[bold]{row.reference}[/] {row.title} — {row.status} (version {row.version})"
        )
        for link in row.links:
            flags = " ".join(k for k in ("frozen", "confirmed") if (link.data or {}).get(k))
            console.print(f"  {link.kind:<12} {link.target} {link.label[:60]} {flags}".rstrip())
        decisions = Table("decision", "kind", "status", "version", "reasons")
        for d in row.decisions:
            decisions.add_row(str(d.id), d.kind, d.status, str(d.version), d.reasons)
        console.print(decisions)
        history = Table("time (UTC)", "who", "action", "what", "why")
        for entry in timeline(s, as_user, row.id):
            history.add_row(
                entry.at.strftime("%Y-%m-%d %H:%M:%S"),
                entry.actor,
                entry.action,
                entry.summary,
                entry.justification or "",
            )
        console.print(history)


@app.command("escalate")
@user_errors
def escalate_cmd(
    item: Annotated[str, typer.Argument(help="Work item: alert:ID or match:ID.")],
    as_user: AsOption,
    reason: ReasonOption,
    case: Annotated[str | None, typer.Option(help="Add to this case (default: a new one).")] = None,
    operator: OperatorOption = False,
    password_stdin: PasswordStdinOption = False,
    url: UrlOption = None,
) -> None:
    """Escalate a work item into a new or an existing case."""
    from openfiu.cases import escalate

    with _session_as(as_user, operator, password_stdin, url) as store, store.transaction() as s:
        row = escalate(s, as_user, item, reason=reason, case=case)
        reference = row.reference
    out().print(f"{item} escalated into case {reference}")


@app.command("false-positive")
@user_errors
def false_positive_cmd(
    item: Annotated[str, typer.Argument(help="Work item: alert:ID or match:ID.")],
    as_user: AsOption,
    reason: ReasonOption,
    operator: OperatorOption = False,
    password_stdin: PasswordStdinOption = False,
    url: UrlOption = None,
) -> None:
    """Mark a new work item a false positive, with the reason."""
    from openfiu.cases import mark_false_positive

    with _session_as(as_user, operator, password_stdin, url) as store, store.transaction() as s:
        mark_false_positive(s, as_user, item, reason)
    out().print(f"{item} marked a false positive")


@app.command("grant")
@user_errors
def grant_cmd(
    case: Annotated[str, typer.Argument(help="Case reference or id.")],
    as_user: AsOption,
    reason: ReasonOption,
    user: Annotated[str | None, typer.Option("--user", help="Grant this user.")] = None,
    team: Annotated[str | None, typer.Option("--team", help="Grant every member.")] = None,
    operator: OperatorOption = False,
    password_stdin: PasswordStdinOption = False,
    url: UrlOption = None,
) -> None:
    """Give a user or a team access to a case (supervisors)."""
    from openfiu.cases import grant_access

    with _session_as(as_user, operator, password_stdin, url) as store, store.transaction() as s:
        grant_access(s, as_user, case, to_user=user, team=team, reason=reason)
    out().print(f"access to {case} granted to {user or 'team ' + str(team)}")


@app.command("propose")
@user_errors
def propose_cmd(
    case: Annotated[str, typer.Argument(help="Case reference or id.")],
    kind: Annotated[
        str, typer.Argument(help="confirm_match, freeze, file_str, disseminate, close.")
    ],
    as_user: AsOption,
    reason: ReasonOption,
    operator: OperatorOption = False,
    password_stdin: PasswordStdinOption = False,
    url: UrlOption = None,
) -> None:
    """Propose a decision; it takes effect only when another person approves it."""
    from openfiu.cases import propose

    with _session_as(as_user, operator, password_stdin, url) as store, store.transaction() as s:
        decision = propose(s, as_user, case, kind, reason)
        shown = (decision.id, decision.version)
    out().print(
        f"decision {shown[0]} ({kind}) proposed at version {shown[1]}; a reviewer approves it "
        f"with `openfiu cases approve {shown[0]} --version {shown[1]}`"
    )


@app.command("pending")
@user_errors
def pending_cmd(
    as_user: AsOption,
    operator: OperatorOption = False,
    password_stdin: PasswordStdinOption = False,
    url: UrlOption = None,
) -> None:
    """List decisions waiting for your review (proposed by someone else)."""
    from openfiu.cases import pending_decisions

    table = Table("decision", "case", "kind", "version", "proposed", "reasons")
    with _session_as(as_user, operator, password_stdin, url) as store, store.transaction() as s:
        for d in pending_decisions(s, as_user):
            table.add_row(
                str(d.id),
                d.case.reference,
                d.kind,
                str(d.version),
                d.proposed_at.strftime("%Y-%m-%d %H:%M"),
                d.reasons,
            )
    out().print(table)


VersionOption = Annotated[
    int, typer.Option("--version", help="The decision's version you reviewed (from `pending`).")
]


@app.command("approve")
@user_errors
def approve_cmd(
    decision: Annotated[int, typer.Argument(help="Decision id.")],
    as_user: AsOption,
    version: VersionOption,
    reason: Annotated[str | None, typer.Option("--reason", "-r", help="Why (optional).")] = None,
    operator: OperatorOption = False,
    password_stdin: PasswordStdinOption = False,
    url: UrlOption = None,
) -> None:
    """Approve someone else's decision: its effect is applied now."""
    from openfiu.cases import approve

    with _session_as(as_user, operator, password_stdin, url) as store, store.transaction() as s:
        row = approve(s, as_user, decision, version, reason)
        summary = f"decision {row.id} ({row.kind}) approved; case {row.case.reference} is {row.case.status}"
    out().print(summary)


@app.command("reject")
@user_errors
def reject_cmd(
    decision: Annotated[int, typer.Argument(help="Decision id.")],
    as_user: AsOption,
    version: VersionOption,
    reason: ReasonOption,
    operator: OperatorOption = False,
    password_stdin: PasswordStdinOption = False,
    url: UrlOption = None,
) -> None:
    """Reject someone else's decision, with the reason; the case is unchanged."""
    from openfiu.cases import reject

    with _session_as(as_user, operator, password_stdin, url) as store, store.transaction() as s:
        row = reject(s, as_user, decision, version, reason)
        summary = f"decision {row.id} ({row.kind}) rejected"
    out().print(summary)


from openfiu.cli import case_actions  # noqa: E402, F401  (assign, withdraw, export: same app)
