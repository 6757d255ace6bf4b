"""``openfiu cases assign | withdraw | export``: the case actions beyond triage and review.

Example::

    openfiu cases assign alert:17 --user alex --as ana            # a work item, reason optional
    openfiu cases assign match:42 --team fin --as ana
    openfiu cases assign C-2024-00001 --team fin -r "fraud desk" --as sue   # a case: reason needed
    openfiu cases assign alert:17 --nobody --as ana
    openfiu cases withdraw 7 --version 1 -r "wrong case" --as ana  # one's own proposal
    openfiu cases export C-2024-00001 --justification "request 12/2024" --as ana -o case.json
    openfiu cases export C-2024-00001 --format csv -j "evidence list" --as ana   # to stdout

They act like the other ``openfiu cases`` commands (:mod:`openfiu.cli.cases`): as the
user named by ``--as``, with a password or in operator mode, each action an audit event
by that user through :mod:`openfiu.cases` (``workitem.assign`` / ``case.assign``,
``decision.withdraw``, ``case.export``). An export is audited before its file is
written; a new file is readable by its owner only, and an existing one is overwritten
only with ``--force`` (checked before anything is exported).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from openfiu.cli._common import fail, out, user_errors
from openfiu.cli.cases import (
    AsOption,
    OperatorOption,
    PasswordStdinOption,
    ReasonOption,
    VersionOption,
    _session_as,
    app,
)
from openfiu.cli.db import UrlOption

ITEM_PREFIXES = ("alert:", "match:")
"""Work-item keys start so; anything else names a case (reference or id)."""


@app.command("assign")
@user_errors
def assign_cmd(
    target: Annotated[
        str, typer.Argument(help="Work item (alert:ID, match:ID) or case (reference or id).")
    ],
    as_user: AsOption,
    user: Annotated[str | None, typer.Option("--user", help="Assign to this user.")] = None,
    team: Annotated[str | None, typer.Option("--team", help="Assign to this team.")] = None,
    nobody: Annotated[
        bool, typer.Option("--nobody", help="A work item: assign it to nobody.")
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option("--reason", "-r", help="Why (kept in the audit log; needed for a case)."),
    ] = None,
    operator: OperatorOption = False,
    password_stdin: PasswordStdinOption = False,
    url: UrlOption = None,
) -> None:
    """Assign a work item or a case to a user or a team (a work item also to nobody)."""
    from openfiu.cases import assign_case, assign_item

    if sum((user is not None, team is not None, nobody)) != 1:
        fail("say whom to assign to: one of --user, --team or --nobody", 2)
    item = target.startswith(ITEM_PREFIXES)
    if nobody and not item:
        fail("a case is always assigned to someone: give --user or --team", 2)
    with _session_as(as_user, operator, password_stdin, url) as store, store.transaction() as s:
        if item:
            assign_item(s, as_user, target, user, reason, team=team)
        else:
            assign_case(s, as_user, target, user, team=team, reason=reason or "")
    whom = "nobody" if nobody else user or f"team {team}"
    out().print(f"{'' if item else 'case '}{target} assigned to {whom}")


@app.command("withdraw")
@user_errors
def withdraw_cmd(
    decision: Annotated[int, typer.Argument(help="Decision id.")],
    as_user: AsOption,
    version: VersionOption,
    reason: ReasonOption,
    operator: OperatorOption = False,
    password_stdin: PasswordStdinOption = False,
    url: UrlOption = None,
) -> None:
    """Withdraw your own proposed decision before anyone reviews it, with the reason."""
    from openfiu.cases import withdraw

    with _session_as(as_user, operator, password_stdin, url) as store, store.transaction() as s:
        row = withdraw(s, as_user, decision, version, reason)
        summary = (
            f"decision {row.id} ({row.kind}) withdrawn; case {row.case.reference} is unchanged"
        )
    out().print(summary)


def _check_output(path: Path, force: bool) -> None:
    """Refuse, before anything is exported, a file that exists (unless ``force``) or a
    folder that does not."""
    if path.exists() and not force:
        fail(f"{path} exists; choose another file or add --force to overwrite it")
    if not path.parent.is_dir():
        fail(f"{path.parent}: no such folder")


def _write(path: Path, body: str, force: bool) -> None:
    """Write ``body`` to ``path``; a new file is readable by its owner only."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        descriptor = os.open(path, flags, 0o600)
    except OSError as error:
        fail(f"{path}: cannot write it ({error.strerror}); the export is in the audit log")
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(body)


@app.command("export")
@user_errors
def export_cmd(
    case: Annotated[str, typer.Argument(help="Case reference or id.")],
    as_user: AsOption,
    justification: Annotated[
        str,
        typer.Option("--justification", "-j", help="Why the case leaves (kept in the log)."),
    ],
    fmt: Annotated[
        str, typer.Option("--format", help="json (the whole case) or csv (the evidence).")
    ] = "json",
    output: Annotated[
        str, typer.Option("--output", "-o", help="File to write; - for standard output.")
    ] = "-",
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file.")] = False,
    operator: OperatorOption = False,
    password_stdin: PasswordStdinOption = False,
    url: UrlOption = None,
) -> None:
    """Export a case as JSON or its evidence as CSV (needs case.export, a grant and a
    justification; audited before the file is written)."""
    from openfiu.cases import evidence_csv, export_case

    if fmt not in ("json", "csv"):
        fail(f"--format {fmt!r}: expected json or csv", 2)
    if output != "-":
        _check_output(Path(output), force)
    with _session_as(as_user, operator, password_stdin, url) as store, store.transaction() as s:
        document = export_case(s, as_user, case, justification, fmt)
    body = (
        evidence_csv(document)
        if fmt == "csv"
        else json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    )
    reference, event = document["case"]["reference"], document["export"]["audit_event"]
    if output == "-":
        sys.stdout.write(body)
        sys.stdout.flush()
        return
    _write(Path(output), body, force)
    out().print(f"case {reference} exported to {output} ({fmt}; audit event {event})")
