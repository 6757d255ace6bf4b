"""``openfiu db …`` and ``openfiu users …``: migrate the store, add and list users.

Example::

    openfiu db upgrade                          # the configured database (OPENFIU_DATABASE_URL)
    openfiu db status
    openfiu users add ana --role analyst --role reviewer    # asks for the password
    echo "$PW" | openfiu users add bo --role auditor --password-stdin
    openfiu users list
"""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer
from rich.table import Table

from openfiu.cli._common import fail, out, user_errors

app = typer.Typer(help="Create and migrate the case store's database.", no_args_is_help=True)
users_app = typer.Typer(help="Add and list the users of the case store.", no_args_is_help=True)

UrlOption = Annotated[
    str | None,
    typer.Option(
        "--url",
        help="Database URL (default: OPENFIU_DATABASE_URL, else a SQLite file in OPENFIU_HOME).",
    ),
]


def cli_actor() -> str:
    """How the audit log names whoever runs a command: ``cli:<login name>``."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


@app.command("upgrade")
@user_errors
def upgrade(url: UrlOption = None) -> None:
    """Create or migrate the database to this openfiu's schema (safe to run again)."""
    from openfiu.store import head_revision, resolve_url
    from openfiu.store import upgrade as run_upgrade

    target = resolve_url(url)
    revision = run_upgrade(target)
    where = target.render_as_string(hide_password=True)
    out().print(f"{where}: at revision {revision} (head {head_revision()})")


@app.command("status")
@user_errors
def status(url: UrlOption = None) -> None:
    """Say which revision the database is at and which this openfiu needs."""
    from openfiu.store import current_revision, head_revision, make_engine

    engine = make_engine(url)
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    head = head_revision()
    where = engine.url.render_as_string(hide_password=True)
    state = "empty" if current is None else f"at revision {current}"
    out().print(f"{where}: {state}; this openfiu needs {head}")
    if current != head:
        fail("run `openfiu db upgrade`")


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@users_app.command("add")
@user_errors
def add_user(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[
        list[str],
        typer.Option(
            "--role",
            "-r",
            help="Role: analyst, reviewer, supervisor, auditor or admin (repeat for several).",
        ),
    ],
    display_name: Annotated[str, typer.Option("--name", help="Full name shown in the UI.")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    url: UrlOption = None,
) -> None:
    """Add a user with one or more roles (asks for the password twice)."""
    from openfiu.audit import create_user
    from openfiu.store import open_store

    password = _read_password(password_stdin)
    store = open_store(url)
    try:
        with store.transaction() as session:
            user = create_user(
                session, username, password, role, actor=cli_actor(), display_name=display_name
            )
            roles = ", ".join(sorted(user.role_names))
    finally:
        store.close()
    out().print(f"added user {username} ({roles})")


@users_app.command("list")
@user_errors
def list_users(url: UrlOption = None) -> None:
    """List the users, their roles and whether they can sign in."""
    from sqlalchemy import select

    from openfiu.store import open_store
    from openfiu.store.models import User

    store = open_store(url)
    table = Table("username", "name", "roles", "active", "created")
    try:
        with store.transaction() as session:
            for user in session.scalars(select(User).order_by(User.username)):
                table.add_row(
                    user.username,
                    user.display_name,
                    ", ".join(sorted(user.role_names)),
                    "yes" if user.active else "locked",
                    user.created_at.strftime("%Y-%m-%d %H:%M"),
                )
    finally:
        store.close()
    out().print(table)
