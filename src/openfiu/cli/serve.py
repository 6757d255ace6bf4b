"""``openfiu serve``: run the web application and the API with uvicorn.

Example::

    openfiu serve                                   # 127.0.0.1:8000, current UN list
    openfiu serve --list consolidated.xml --port 8080 --workers 4
    openfiu serve --new-api-key gateway --label bank-gw   # print a key and its setting
    openfiu demo && openfiu serve --demo openfiu-demo      # the demo's store and list

The store is ``OPENFIU_DATABASE_URL`` (default the SQLite file in ``OPENFIU_HOME``); the
other settings are ``OPENFIU_WEB_*`` variables (docs/web.md).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from openfiu.cli._common import err, fail, out, user_errors

DEFAULT_WORKERS = max(1, min(8, os.cpu_count() or 1))


@user_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every interface).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    list_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--list",
            help="List file to screen against (repeatable); default the current UN list.",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            help="Worker processes (each loads the lists; the login limits are per worker).",
            min=1,
        ),
    ] = DEFAULT_WORKERS,
    proxy_headers: Annotated[
        bool,
        typer.Option(help="Trust X-Forwarded-For from 127.0.0.1 (behind a reverse proxy)."),
    ] = False,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "warning",
    new_api_key: Annotated[
        str | None,
        typer.Option(
            "--new-api-key",
            metavar="USER",
            help="Print a new API key acting as store user USER, and its setting; do not serve.",
        ),
    ] = None,
    label: Annotated[str, typer.Option(help="Label of the new API key.")] = "api-client",
    justification: Annotated[
        str | None,
        typer.Option(help="Default justification of the new API key (for yente clients)."),
    ] = None,
    demo: Annotated[
        Path | None,
        typer.Option(
            "--demo",
            metavar="OUT",
            help="Serve what `openfiu demo --out OUT` made: its store (OUT/openfiu.db, or "
            "OPENFIU_DATABASE_URL) and its synthetic list.",
        ),
    ] = None,
) -> None:
    """Serve the analyst web application and the REST API (yente-compatible /match)."""
    if new_api_key is not None:
        print_new_key(new_api_key, label, justification)
        return
    import uvicorn

    from openfiu.store import open_store

    if demo is not None:
        list_files = [*(list_files or []), *use_demo(demo)]
    for path in list_files or []:
        if not path.is_file():
            fail(f"{path}: list file not found; check the --list path")
    if list_files:
        # workers are new processes: they read their settings from the environment
        os.environ["OPENFIU_WEB_LISTS"] = json.dumps([str(p.resolve()) for p in list_files])
    store = open_store()  # migrate (SQLite) or check the revision before the workers start
    where = store.describe()
    store.close()
    err().print(f"openfiu on http://{host}:{port} ({workers} worker(s)); store {where}")
    uvicorn.run(
        "openfiu.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=proxy_headers,
        forwarded_allow_ips="127.0.0.1" if proxy_headers else None,
        log_level=log_level,
        access_log=False,
        server_header=False,
    )


def use_demo(out_dir: Path) -> list[Path]:
    """Point this process (and its workers) at the demo's store; return its list file."""
    from openfiu.cli.demo import LIST_FILE
    from openfiu.web.demodata import DATABASE_FILE, demo_database_url

    listing = out_dir / LIST_FILE
    if not listing.is_file():
        fail(
            f"{out_dir}: no demo there ({LIST_FILE} is missing); run `openfiu demo --out {out_dir}`"
        )
    if not os.environ.get("OPENFIU_DATABASE_URL"):
        if not (out_dir / DATABASE_FILE).is_file():
            fail(f"{out_dir}: the demo made no store; run `openfiu demo --out {out_dir}` again")
        os.environ["OPENFIU_DATABASE_URL"] = demo_database_url(out_dir)
    err().print(
        "Demo mode: synthetic data; sign in as analyst, reviewer, supervisor, auditor or "
        "admin with the password `openfiu demo` printed.",
        markup=False,
    )
    return [listing]


def print_new_key(user: str, label: str, justification: str | None) -> None:
    """Print a new key (once: it is not kept) and the ``OPENFIU_WEB_API_KEYS`` entry."""
    from openfiu.web import generate_api_key

    key, digest = generate_api_key()
    entry = {"label": label, "user": user, "sha256": digest, "justification": justification}
    console = out()
    console.print(f"API key (give it to the client; it is not kept): {key}", markup=False)
    console.print(
        "Add to OPENFIU_WEB_API_KEYS (a JSON list): " + json.dumps(entry, ensure_ascii=False),
        markup=False,
        soft_wrap=True,
    )


__all__ = ["print_new_key", "serve", "use_demo"]
