"""``openfiu screen``: screen one name, or a whole file of records in batch.

Example::

    openfiu screen --name "Jumakhon Halimov" --birth-date 1971 --list consolidated.xml
    openfiu screen --input customers.csv --output matches.parquet --column name=full_name
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from openfiu.cli._common import USAGE_ERROR, fail, load_screener, make_progress, out, user_errors
from openfiu.errors import QueryError

if TYPE_CHECKING:
    from openfiu.screening import Match, Screener
    from openfiu.screening.batch import BatchSummary


def parse_column_mapping(items: list[str]) -> dict[str, str]:
    """``["name=full_name", "id=customer_no"]`` → ``{"name": "full_name", "id": "customer_no"}``.

    Example::

        >>> parse_column_mapping(["name=full_name"])
        {'name': 'full_name'}
    """
    mapping: dict[str, str] = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            fail(
                f"--column {item!r}: write FIELD=COLUMN, e.g. --column name=full_name", USAGE_ERROR
            )
        mapping[field.strip()] = column.strip()
    return mapping


WIDE_TABLE = 140
"""Terminal width from which explanations fit in the table; narrower ones get them below."""


def match_table(matches: list[Match], title: str, with_explanation: bool = True) -> Table:
    """A rich table of matches: score, reference, list type, names and the explanation."""
    table = Table(title=title, title_justify="left", show_lines=with_explanation)
    columns = ["#", "score", "reference", "list type", "primary name", "matched name"]
    for column in columns + (["explanation"] if with_explanation else []):
        table.add_column(column, overflow="fold", ratio=3 if column == "explanation" else None)
    for number, m in enumerate(matches, start=1):
        cells = [str(number), f"{m.score:.3f}", m.reference, m.list_type or "", m.primary_name]
        cells.append(m.matched_name)
        table.add_row(*cells, *([m.explanation] if with_explanation else []))
    return table


def print_matches(matches: list[Match], title: str) -> None:
    """The match table; on narrow terminals the explanations follow it, numbered."""
    console = out()
    wide = console.width >= WIDE_TABLE
    console.print(match_table(matches, title, with_explanation=wide))
    if not wide:
        for number, m in enumerate(matches, start=1):
            console.print(f"{number}. {m.explanation}", markup=False)


def print_summary(summary: BatchSummary) -> None:
    """The end-of-run summary of a batch: counts, timing and where the files are."""
    console = out()
    console.print(
        f"[bold]{summary.records:,}[/] records, [bold]{summary.matched_records:,}[/] matched, "
        f"{summary.matches:,} matches, {summary.rejects:,} rejected; "
        f"{summary.seconds:.1f} s ({summary.records_per_second:,.0f} records/s)"
    )
    console.print(f"matches: {summary.output_path}", markup=False)
    if summary.rejects_path is not None:
        console.print(f"[yellow]rejects: {summary.rejects_path}[/]")


def run_batch(
    screener: Screener, input_path: Path, output_path: Path, **options: Any
) -> BatchSummary:
    """Run :func:`screen_file` with a rich progress bar (total when cheaply known)."""
    from openfiu.screening.batch import check_batch_files, count_records, screen_file

    check_batch_files(
        input_path,
        output_path,
        input_format=options.get("input_format"),
        output_format=options.get("output_format"),
        columns=options.get("columns"),
    )
    total = count_records(input_path, options.get("input_format"))
    with make_progress() as progress:
        task = progress.add_task(f"Screening {input_path.name}", total=total)
        return screen_file(
            screener,
            input_path,
            output_path,
            progress=lambda n: progress.advance(task, n),
            **options,
        )


@user_errors
def screen(
    name: Annotated[str | None, typer.Option("--name", help="Name to screen.")] = None,
    birth_date: Annotated[
        str | None, typer.Option("--birth-date", help="1971, 1971-05-02 or 1970..1975.")
    ] = None,
    nationality: Annotated[
        str | None, typer.Option("--nationality", help="ISO code or country name.")
    ] = None,
    gender: Annotated[str | None, typer.Option("--gender", help="male/female (m/f).")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="person, organization, vessel or wallet.")
    ] = None,
    id_number: Annotated[
        list[str] | None, typer.Option("--id-number", help="Passport, ID or wallet; repeatable.")
    ] = None,
    lists: Annotated[
        list[Path] | None,
        typer.Option(
            "--list", help="List file(s) to screen against; default: the downloaded UN list."
        ),
    ] = None,
    store: Annotated[
        Path | None, typer.Option("--store", help="Folder of downloaded lists.")
    ] = None,
    threshold: Annotated[
        float | None, typer.Option("--threshold", min=0.0, max=1.0, help="Smallest score shown.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most matches per record.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (single query).")] = False,
    input_path: Annotated[
        Path | None, typer.Option("--input", help="Batch: CSV, JSON lines or Parquet file.")
    ] = None,
    output_path: Annotated[
        Path | None, typer.Option("--output", help="Batch: matches file (.csv/.jsonl/.parquet).")
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option("--input-format", help="csv, jsonl or parquet; default: by extension."),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option("--output-format", help="csv, jsonl or parquet; default: by extension."),
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option("--column", help="FIELD=COLUMN, e.g. name=full_name; repeatable."),
    ] = None,
    chunk_size: Annotated[
        int, typer.Option("--chunk-size", min=1, help="Records screened per chunk.")
    ] = 10000,
    include_all: Annotated[
        bool, typer.Option("--all", help="Batch: also write records without a match.")
    ] = False,
) -> None:
    """Screen one name (--name) or a file of records (--input/--output) against sanctions lists."""
    if input_path is None and name is None and not id_number:
        fail("nothing to screen: pass --name NAME, or --input FILE --output FILE", USAGE_ERROR)
    if input_path is not None and name is not None:
        fail("pass either --name (one query) or --input (batch), not both", USAGE_ERROR)
    if input_path is not None and output_path is None:
        fail("--input needs --output FILE (.csv, .jsonl or .parquet) for the matches", USAGE_ERROR)
    if input_path is None and output_path is not None:
        fail("--output is for batch runs; add --input FILE", USAGE_ERROR)
    if input_path is not None and not input_path.is_file():
        fail(f"{input_path}: input file not found; check the --input path")
    screener = load_screener(lists or [], store, threshold)
    if input_path is None or output_path is None:
        query: dict[str, Any] = {}
        for field, value in (
            ("name", name),
            ("birth_date", birth_date),
            ("nationality", nationality),
            ("gender", gender),
            ("kind", kind),
        ):
            if value:
                query[field] = value
        if id_number:
            query["identifiers"] = list(id_number)
        screen_one(screener, query, limit=limit, as_json=as_json)
        return
    summary = run_batch(
        screener,
        input_path,
        output_path,
        input_format=input_format,
        output_format=output_format,
        columns=parse_column_mapping(column or []),
        chunk_size=chunk_size,
        include_unmatched=include_all,
        limit=limit,
    )
    print_summary(summary)


def screen_one(screener: Screener, query: dict[str, Any], *, limit: int, as_json: bool) -> None:
    """Screen one query and print a table (or JSON) of its matches."""
    try:
        matches = screener.screen(query, limit=limit)
    except QueryError as exc:
        fail(f"bad query: {exc}", USAGE_ERROR)
    if as_json:
        payload = {
            "query": query,
            "threshold": screener.threshold,
            "matches": [m.to_dict() for m in matches],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    console = out()
    if not matches:
        console.print(
            f"No match at or above threshold {screener.threshold:.2f} "
            f"among {len(screener):,} list entries."
        )
        return
    print_matches(matches, f"{len(matches)} match(es) for {query.get('name', '')!r}")
