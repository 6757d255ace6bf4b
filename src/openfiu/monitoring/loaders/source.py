"""Open a transaction source — a CSV file, a Parquet file or a folder of Parquet files —
as a DuckDB view with the source's own columns plus ``__row`` (the 1-based data row, as
in the source file) and ``__file`` (the file, for folders; ``''`` otherwise).

CSV is read strictly (RFC 4180 quoting, the delimiter from the mapping or guessed from the
header line, every value as text) and staged once into Parquet, so that every later pass
is columnar and row numbers stay exact. Records DuckDB cannot parse — a ragged row, an
unterminated quote, bytes that are not valid in the declared encoding, a line over
:data:`MAX_LINE_BYTES` — land in the table ``__csv_rejects`` with their data row number
and raw text instead of stopping the load; the numbering of the good rows skips them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, TextIO

import duckdb

from openfiu.errors import TransactionDataError

SourceKind = Literal["csv", "parquet"]
CSV_SUFFIXES: Final = (".csv", ".tsv", ".txt")
PARQUET_SUFFIXES: Final = (".parquet", ".pq")
#: Longest CSV record accepted (a longer one is rejected as ``csv_malformed``).
MAX_LINE_BYTES: Final = 64 * 1024 * 1024
_DELIMITERS: Final = (",", ";", "\t", "|")
_CSV_REASONS: Final = {
    "INVALID ENCODING": "invalid_encoding",
    "LINE SIZE OVER MAXIMUM": "line_too_long",
}


@dataclass(frozen=True)
class Source:
    """A source opened as the view ``__src`` (see the module docstring)."""

    path: Path
    kind: SourceKind
    columns: list[str]
    is_folder: bool
    has_csv_rejects: bool
    ordered: bool
    """Whether ``__src`` yields rows in source order (not after the row-number repair join)."""


def qi(name: str) -> str:
    """SQL identifier literal."""
    return '"' + name.replace('"', '""') + '"'


def ql(text: str) -> str:
    """SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def source_kind(path: Path) -> SourceKind:
    """``parquet`` for a folder or a ``.parquet``/``.pq`` file, ``csv`` for ``.csv``/``.tsv``/``.txt``."""
    if not path.exists():
        raise TransactionDataError(f"transaction source {path} does not exist")
    if path.is_dir():
        if not any(path.rglob("*.parquet")):
            raise TransactionDataError(f"folder {path} holds no .parquet files")
        return "parquet"
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix in CSV_SUFFIXES:
        return "csv"
    raise TransactionDataError(
        f"{path}: unknown file type {suffix or '(no extension)'}; expected a CSV file "
        f"({', '.join(CSV_SUFFIXES)}), a Parquet file ({', '.join(PARQUET_SUFFIXES)}) or a folder"
    )


def _parquet_files(path: Path) -> list[str]:
    return [str(path / "**" / "*.parquet")] if path.is_dir() else [str(path)]


def parquet_columns(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, str]:
    """Column names and DuckDB types of a Parquet source; a clear error if it is not Parquet."""
    files = ", ".join(ql(f) for f in _parquet_files(path))
    try:
        rows = con.execute(
            f"DESCRIBE SELECT * FROM read_parquet([{files}], union_by_name = true)"
        ).fetchall()
    except duckdb.Error as exc:
        reason = str(exc).splitlines()[0]
        raise TransactionDataError(f"{path} is not a readable Parquet file: {reason}") from exc
    return {str(r[0]): str(r[1]) for r in rows}


def csv_header(path: Path, encoding: str, delimiter: str | None) -> tuple[list[str], str]:
    """Column names of a CSV file's header (repeats renamed ``name_1`` …) and its delimiter.

    Only the header must decode; rows with bytes invalid in ``encoding`` are rejected
    later, one by one (``invalid_encoding``).
    """
    codec = "utf-8-sig" if encoding == "utf-8" else encoding
    with path.open(encoding=codec, errors="surrogateescape", newline="") as fh:
        first = fh.readline(MAX_LINE_BYTES)
        if not first.strip():
            raise TransactionDataError(f"{path} is empty: no header line with column names")
        delim = delimiter or max(_DELIMITERS, key=first.count)
        fh.seek(0)
        header = next(csv.reader(io.StringIO(_first_record(fh)), delimiter=delim))
    undecodable = [h for h in header if any("\udc80" <= ch <= "\udcff" for ch in h)]
    if undecodable:
        raise TransactionDataError(
            f"{path}: the header is not valid {encoding}; declare the file's encoding in a "
            "mapping (encoding = 'latin-1' or 'utf-16')"
        )
    return _dedup([h.strip() for h in header]), delim


def _first_record(fh: TextIO) -> str:
    """Text of the first CSV record (which may span lines inside quotes)."""
    text = ""
    while True:
        line = fh.readline(MAX_LINE_BYTES)
        text += line
        if not line or text.count('"') % 2 == 0:
            return text


def _dedup(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names):
        base = name or f"column{i}"
        n = seen.get(base.casefold(), 0)
        seen[base.casefold()] = n + 1
        out.append(base if n == 0 else f"{base}_{n}")
    return out


def open_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> Source:
    """Register ``__src`` over a Parquet file or folder (read in place, nothing copied)."""
    columns = list(parquet_columns(con, path))
    files = ", ".join(ql(f) for f in _parquet_files(path))
    folder = path.is_dir()
    file_expr = "filename" if folder else "''"
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW __src AS
        SELECT * EXCLUDE (file_row_number, filename),
               file_row_number + 1 AS __row, {file_expr} AS __file
        FROM read_parquet([{files}], union_by_name = true, file_row_number = true,
                          filename = true)"""
    )
    return Source(path, "parquet", columns, folder, has_csv_rejects=False, ordered=True)


def open_csv(
    con: duckdb.DuckDBPyConnection, path: Path, *, encoding: str, delimiter: str | None, stage: Path
) -> Source:
    """Stage a CSV file into ``stage`` (Parquet) and register ``__src`` and ``__csv_rejects``."""
    columns, delim = csv_header(path, encoding, delimiter)
    types = ", ".join(f"{ql(f'c{i}')}: 'VARCHAR'" for i in range(len(columns)))
    try:
        con.execute(
            f"""COPY (SELECT * FROM read_csv({ql(str(path))}, header = true, auto_detect = false,
                   delim = {ql(delim)}, quote = '"', escape = '"', columns = {{{types}}},
                   encoding = {ql(encoding)}, max_line_size = {MAX_LINE_BYTES},
                   store_rejects = true, rejects_table = '__rej', rejects_scan = '__rej_scan'))
                TO {ql(str(stage))} (FORMAT parquet, COMPRESSION snappy)"""
        )
    except duckdb.Error as exc:
        reason = str(exc).splitlines()[0]
        raise TransactionDataError(f"{path} cannot be read as CSV: {reason}") from exc
    _register_csv_rejects(con)
    has_rejects = bool(con.execute("SELECT count(*) FROM __csv_rejects").fetchall()[0][0])
    renamed = ", ".join(f"c{i} AS {qi(name)}" for i, name in enumerate(columns))
    position = "file_row_number + 1"
    if has_rejects:
        # Good row p (1-based among the parsed rows) is data row p + (number of rejected
        # records before it); __gaps holds, per rejected record, how many good rows precede it.
        con.execute(
            """CREATE OR REPLACE TEMP TABLE __gaps AS
            SELECT good_before, max(k) AS shift FROM (
                SELECT row_number - row_number() OVER (ORDER BY row_number) AS good_before,
                       row_number() OVER (ORDER BY row_number) AS k
                FROM (SELECT DISTINCT row_number FROM __csv_rejects)) GROUP BY good_before"""
        )
        row = f"{position} + coalesce(g.shift, 0)"
        from_sql = (
            f"read_parquet({ql(str(stage))}, file_row_number = true) s "
            f"ASOF LEFT JOIN __gaps g ON {position} > g.good_before"
        )
        select = ", ".join(f"s.c{i} AS {qi(name)}" for i, name in enumerate(columns))
    else:
        row = position
        from_sql = f"read_parquet({ql(str(stage))}, file_row_number = true)"
        select = renamed
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW __src AS "
        f"SELECT {select}, {row} AS __row, '' AS __file FROM {from_sql}"
    )
    return Source(path, "csv", columns, False, has_csv_rejects=has_rejects, ordered=not has_rejects)


def _register_csv_rejects(con: duckdb.DuckDBPyConnection) -> None:
    """One row per rejected CSV record: data row number, reason code, message, raw text."""
    reasons = " ".join(f"WHEN {ql(k)} THEN {ql(v)}" for k, v in _CSV_REASONS.items())
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE __csv_rejects AS
        SELECT CAST(line - 1 AS BIGINT) AS row_number,
               arg_min(CASE error_type {reasons} ELSE 'csv_malformed' END, column_idx)
                   AS reason,
               arg_min('unreadable CSV record (' || lower(error_type) || '): '
                       || error_message || CASE error_type WHEN 'INVALID ENCODING' THEN
                       ' If the file is not UTF-8, declare its encoding in a mapping.' ELSE ''
                       END, column_idx) AS detail,
               any_value(csv_line) AS raw_line
        FROM __rej GROUP BY line"""
    )
