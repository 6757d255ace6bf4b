"""``openfiu lists …``: load, compare, download and list sanctions-list versions.

Example::

    openfiu lists load consolidated.xml
    openfiu lists diff old.xml new.xml --json
    openfiu lists update un-sc
    openfiu lists versions
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from openfiu.cli._common import err, fail, out, settings, status, store_dir, user_errors

app = typer.Typer(
    help="Load, compare, download and list sanctions-list versions.", no_args_is_help=True
)

MAX_ISSUES_SHOWN = 20

StoreOption = Annotated[
    Path | None,
    typer.Option("--store", help="Folder of downloaded lists (default: OPENFIU_LISTS_DIR)."),
]


def summary_table(version: Any) -> Table:
    """A two-column table describing a loaded ``ListVersion``."""
    entities = version.entities
    kinds = Counter(e.kind for e in entities)
    qualities = Counter(n.quality for e in entities for n in e.names)
    table = Table(title=f"{version.path}", show_header=False, title_justify="left")
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    table.add_row("source", str(version.source))
    table.add_row("version", str(version.version))
    table.add_row("format", str(version.format))
    table.add_row("sha256", str(version.sha256))
    table.add_row("entries", f"{len(entities):,}")
    for kind, count in sorted(kinds.items()):
        table.add_row(f"  {kind}", f"{count:,}")
    table.add_row("names", f"{sum(qualities.values()):,}")
    for quality, count in sorted(qualities.items()):
        table.add_row(f"  {quality}", f"{count:,}")
    table.add_row("identifiers", f"{sum(len(e.identifiers) for e in entities):,}")
    table.add_row("record issues", f"{len(version.issues):,}")
    return table


@app.command("load")
@user_errors
def load(
    path: Annotated[Path, typer.Argument(help="List file (UN XML, OFAC XML/CSV, FtM JSON …).")],
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="Format name; default: detected.")
    ] = None,
) -> None:
    """Load a list file and print what it holds, with the records it had to skip."""
    from openfiu.lists import load_list

    if not path.is_file():
        fail(f"{path}: list file not found")
    with status(f"Loading {path}…"):
        version = load_list(path, format=format, max_bytes=settings().max_list_bytes)
    console = out()
    console.print(summary_table(version))
    issues = version.issues
    if issues:
        console.print(
            f"[yellow]{len(issues):,} record issue(s)[/], first {min(len(issues), MAX_ISSUES_SHOWN)}:"
        )
        for issue in issues[:MAX_ISSUES_SHOWN]:
            console.print(f"  {issue}", markup=False, soft_wrap=True)
        if len(issues) > MAX_ISSUES_SHOWN:
            console.print(f"  … and {len(issues) - MAX_ISSUES_SHOWN:,} more")


@app.command("diff")
@user_errors
def diff(
    old: Annotated[Path, typer.Argument(help="Older list file.")],
    new: Annotated[Path, typer.Argument(help="Newer list file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="Most lines per section in the text report.")
    ] = 200,
) -> None:
    """Show entries added, removed and amended between two versions (by reference number)."""
    from openfiu.lists import diff_versions, load_list

    for path in (old, new):
        if not path.is_file():
            fail(f"{path}: list file not found")
    with status("Loading both versions…"):
        cap = settings().max_list_bytes
        changes = diff_versions(load_list(old, max_bytes=cap), load_list(new, max_bytes=cap))
    if as_json:
        typer.echo(json.dumps(changes.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        typer.echo(changes.to_text(limit=limit))


@app.command("update")
@user_errors
def update(
    source: Annotated[str, typer.Argument(help="List to download (un-sc, ofac).")] = "un-sc",
    url: Annotated[
        str | None, typer.Option("--url", help="Download from this URL instead.")
    ] = None,
    store: StoreOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Install even if the list shrank by half or more.")
    ] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds.")] = 60,
) -> None:
    """Download the current version of a list; on failure the previous one stays in force."""
    from openfiu.errors import ListUpdateError
    from openfiu.lists import update_list

    folder = store_dir(store)
    try:
        with status(f"Downloading {source}…"):
            result = update_list(
                source,
                store_dir=folder,
                url=url,
                timeout=timeout,
                force=force,
                max_bytes=settings().max_list_bytes,
            )
    except ListUpdateError as exc:
        fail(f"update of {source} failed: {exc}")
    console = out()
    if not result.changed:
        console.print(f"{source}: already up to date, version {result.version}", markup=False)
        return
    console.print(
        f"{source}: version {result.version} installed ({result.entity_count:,} entries, "
        f"{result.issue_count:,} record issues) at {result.path}",
        markup=False,
    )
    if result.diff is not None:
        console.print(result.diff.to_text(limit=20), markup=False)


@app.command("versions")
@user_errors
def versions(
    source: Annotated[str, typer.Argument(help="List name.")] = "un-sc",
    store: StoreOption = None,
) -> None:
    """List the downloaded versions of a list; the one in force is marked with *."""
    from openfiu.lists import current_list_path, list_versions

    folder = store_dir(store)
    found = list_versions(folder, source)
    if not found:
        err().print(
            f"No version of {source} in {folder}; run `openfiu lists update {source}`.",
            markup=False,
            soft_wrap=True,
        )
        return
    current = current_list_path(folder, source)
    table = Table(title=f"{source} in {folder}", title_justify="left")
    for column in ("", "version", "size", "downloaded"):
        table.add_column(column, no_wrap=True)
    for path in found:
        stat = path.stat()
        mark = "*" if current is not None and path.resolve() == current.resolve() else ""
        when = dt.datetime.fromtimestamp(stat.st_mtime).isoformat(sep=" ", timespec="seconds")
        table.add_row(mark, path.stem, f"{stat.st_size:,} B", when)
    out().print(table)
