"""File side of a batch run: format detection, record readers and match writers.

Reads CSV, JSON lines and Parquet one record at a time (Parquet in batches), turns each
row into a screener query or a reject with its reason (``to_record``), and writes output
rows to CSV, JSON lines or Parquet (``RowWriter``). ``openfiu.screening.batch`` drives
these and re-exports the public names.

Example::

    from pathlib import Path
    from openfiu.screening.batch_io import detect_file_format, iter_chunks, read_rows

    path = Path("customers.csv")
    for chunk in iter_chunks(read_rows(path, detect_file_format(path)), {}, 1000):
        queries = [r.query for r in chunk if r.query is not None]
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from openfiu.errors import BatchInputError

FileFormat = Literal["csv", "jsonl", "parquet"]
FILE_FORMATS: tuple[FileFormat, ...] = ("csv", "jsonl", "parquet")
_EXTENSIONS: dict[str, FileFormat] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
QUERY_FIELDS = ("name", "birth_date", "nationality", "gender", "kind", "id", "id_number")
"""Fields of an input record; ``--column FIELD=COLUMN`` maps an input column onto one."""
_ID_COLUMNS = ("id", "customer_id", "record_id")
OUTPUT_COLUMNS = (
    "record_id",
    "record_index",
    "query_name",
    "score",
    "reference",
    "entity_id",
    "list_type",
    "kind",
    "primary_name",
    "matched_name",
    "explanation",
)
_PARQUET_SCHEMA = pa.schema(
    [
        (c, pa.int64() if c == "record_index" else pa.float64() if c == "score" else pa.string())
        for c in OUTPUT_COLUMNS
    ]
)


@dataclass(slots=True)
class Record:
    """One input record: its 0-based index, id, screener query, or why it is rejected."""

    index: int
    record_id: str | None
    query: dict[str, Any] | None
    reject: str | None = None


def detect_file_format(path: Path, override: str | None = None) -> FileFormat:
    """Format of a batch file from ``override`` or else its extension.

    Example::

        >>> detect_file_format(Path("customers.ndjson"))
        'jsonl'
    """
    name = override.lower() if override else None
    if name is None:
        name = _EXTENSIONS.get(path.suffix.lower())
        if name is None:
            raise BatchInputError(
                f"{path}: cannot tell the format from the extension {path.suffix!r}; "
                f"use .csv, .jsonl or .parquet, or name it with --input-format/--output-format"
            )
    if name == "ndjson":
        name = "jsonl"
    for fmt in FILE_FORMATS:
        if fmt == name:
            return fmt
    raise BatchInputError(
        f"{path}: unknown format {override!r}; use one of {', '.join(FILE_FORMATS)}"
    )


def count_records(path: Path, input_format: str | None = None) -> int | None:
    """Number of records when cheap to know: Parquet metadata, or a fast line count of
    CSV (minus the header) and JSON lines. Used for progress bars only.

    Example::

        >>> count_records(Path("customers.parquet"))  # doctest: +SKIP
        20000
    """
    fmt = detect_file_format(path, input_format)
    try:
        if fmt == "parquet":
            return int(pq.ParquetFile(path).metadata.num_rows)
        lines, last = 0, b"\n"
        with path.open("rb") as fh:
            while block := fh.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
        lines += last != b"\n"
        return max(lines - 1, 0) if fmt == "csv" else lines
    except (OSError, pa.ArrowException):
        return None


def _text(value: object, field: str, numbers: bool = False) -> str | None:
    """Stripped text or None; numbers are accepted only where ``numbers`` (ids)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    allowed = (str, int) if numbers else (str,)
    if isinstance(value, bool) or not isinstance(value, allowed):
        raise ValueError(f"{field} must be text, got {type(value).__name__}")
    text = str(value).strip()
    return text or None


def _birth_date(value: object) -> str | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip() or None
    raise ValueError(f"birth_date must be a date, a year or text, got {type(value).__name__}")


def _identifiers(value: object) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, list):
        if not all(isinstance(v, str | dict) for v in value):
            raise ValueError("identifiers must be a list of numbers or {type, number} objects")
        return [v for v in value if v] or None
    number = _text(value, "id_number", numbers=True)
    return [number] if number else None


def to_record(index: int, raw: Mapping[str, Any], columns: Mapping[str, str], where: str) -> Record:
    """Turn one input row into a screener query, or a reject with the reason.

    Example::

        >>> to_record(0, {"id": 7, "name": " Jane Doe "}, {}, "").query
        {'name': 'Jane Doe', 'id': '7'}
    """
    id_column = columns.get("id") or next((c for c in _ID_COLUMNS if c in raw), "id")
    record_id: str | None = None
    try:
        record_id = _text(raw.get(id_column), "id", numbers=True)
        query: dict[str, Any] = {}
        name = _text(raw.get(columns.get("name", "name")), "name")
        if name:
            query["name"] = name
        birth = _birth_date(raw.get(columns.get("birth_date", "birth_date")))
        if birth is not None:
            query["birth_date"] = birth
        for field in ("nationality", "gender", "kind"):
            value = _text(raw.get(columns.get(field, field)), field)
            if value:
                query[field] = value
        source = columns.get("id_number", "id_number")
        ids = _identifiers(raw.get(source) if source in raw else raw.get("identifiers"))
        if ids:
            query["identifiers"] = ids
        if record_id is not None:
            query["id"] = record_id
    except ValueError as exc:
        return Record(index, record_id, None, f"{exc}{where}")
    if "name" not in query and "identifiers" not in query:
        return Record(index, record_id, None, f"no name{where}")
    return Record(index, record_id, query)


def _csv_rows(path: Path) -> Iterator[tuple[Mapping[str, Any] | None, str]]:
    # surrogateescape: a record with bytes that are not UTF-8 is rejected, not the file
    with path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return
        except csv.Error as exc:
            raise BatchInputError(f"{path}: unreadable CSV header: {exc}") from exc
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield None, f"broken CSV line {reader.line_num}: {exc}"
                continue
            if not row:
                continue
            where = f" (line {reader.line_num})"
            try:
                "".join(row).encode("utf-8")
            except UnicodeEncodeError:
                yield None, f"text is not UTF-8{where}"
                continue
            if len(row) > len(header):
                yield None, f"{len(row)} fields but the header has {len(header)}{where}"
            else:
                yield dict(zip(header, row, strict=False)), where


def _jsonl_rows(path: Path) -> Iterator[tuple[Mapping[str, Any] | None, str]]:
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f" (line {number})"
            try:
                value = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield None, f"invalid JSON: {exc}{where}"
                continue
            if isinstance(value, dict):
                yield value, where
            else:
                yield None, f"a record must be a JSON object, got {type(value).__name__}{where}"


def _parquet_rows(path: Path, chunk_size: int) -> Iterator[tuple[Mapping[str, Any] | None, str]]:
    try:
        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(batch_size=chunk_size):
            for row in batch.to_pylist():
                yield row, ""
    except pa.ArrowException as exc:
        raise BatchInputError(f"{path}: cannot read Parquet: {exc}") from exc


def read_rows(
    path: Path, fmt: FileFormat, chunk_size: int = 10000
) -> Iterator[tuple[Mapping[str, Any] | None, str]]:
    """Rows of ``path`` as (row, where) pairs; row is None for a broken line, with the
    reason in ``where``. ``chunk_size`` is the Parquet read batch size.

    Example::

        >>> next(read_rows(Path("customers.jsonl"), "jsonl"))  # doctest: +SKIP
        ({'id': 'c1', 'name': 'Jane Doe'}, ' (line 1)')
    """
    if fmt == "csv":
        return _csv_rows(path)
    if fmt == "jsonl":
        return _jsonl_rows(path)
    return _parquet_rows(path, chunk_size)


def _input_columns(path: Path, fmt: FileFormat) -> list[str] | None:
    """Column names when the format has a header (CSV, Parquet)."""
    try:
        if fmt == "parquet":
            return [str(n) for n in pq.ParquetFile(path).schema_arrow.names]
        if fmt == "csv":
            with path.open("rb") as fh:
                first = fh.readline().decode("utf-8-sig")
            return [h.strip() for h in next(csv.reader([first]), [])]
    except UnicodeDecodeError as exc:
        raise BatchInputError(
            f"{path}: the header is not UTF-8 text ({exc.reason}); save the file as UTF-8"
        ) from exc
    except (pa.ArrowException, csv.Error) as exc:
        raise BatchInputError(f"{path}: cannot read the {fmt} header: {exc}") from exc
    return None


def check_columns(path: Path, fmt: FileFormat, columns: Mapping[str, str]) -> None:
    """Raise BatchInputError when ``columns`` maps an unknown field or names a column the
    input lacks, or when the input has neither a name nor an id number column.

    Example::

        >>> check_columns(Path("customers.csv"), "csv", {"name": "full_name"})  # doctest: +SKIP
    """
    unknown = sorted(set(columns) - set(QUERY_FIELDS))
    if unknown:
        raise BatchInputError(
            f"unknown field(s) {', '.join(unknown)} in the column mapping; "
            f"fields are {', '.join(QUERY_FIELDS)}"
        )
    present = _input_columns(path, fmt)
    if present is None:
        return
    for field, column in columns.items():
        if column not in present:
            raise BatchInputError(
                f"{path}: no column {column!r} (mapped to {field}); columns are {', '.join(present)}"
            )
    name_column = columns.get("name", "name")
    if name_column not in present and columns.get("id_number", "id_number") not in present:
        raise BatchInputError(
            f"{path}: no {name_column!r} column; columns are {', '.join(present)}; "
            f"map one with --column name=COLUMN"
        )


class RowWriter:
    """Writes output rows (dicts of OUTPUT_COLUMNS) to CSV, JSON lines or Parquet.

    Example::

        >>> writer = RowWriter(Path("matches.csv"), "csv")  # doctest: +SKIP
        >>> writer.write([dict.fromkeys(OUTPUT_COLUMNS)]); writer.close()  # doctest: +SKIP
    """

    def __init__(self, path: Path, fmt: FileFormat) -> None:
        self.fmt = fmt
        self._parquet: pq.ParquetWriter | None = None
        self._fh: IO[str] | None = None
        self._csv: Any = None
        if fmt == "parquet":
            self._parquet = pq.ParquetWriter(path, _PARQUET_SCHEMA)
        else:
            self._fh = path.open("w", encoding="utf-8", newline="")
            if fmt == "csv":
                self._csv = csv.writer(self._fh)
                self._csv.writerow(OUTPUT_COLUMNS)

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if self._parquet is not None:
            self._parquet.write_table(pa.Table.from_pylist(rows, schema=_PARQUET_SCHEMA))
        elif self._csv is not None:
            self._csv.writerows(
                [["" if r[c] is None else r[c] for c in OUTPUT_COLUMNS] for r in rows]
            )
        elif self._fh is not None:
            self._fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self._fh is not None:
            self._fh.close()


def iter_chunks(
    rows: Iterator[tuple[Mapping[str, Any] | None, str]], columns: Mapping[str, str], size: int
) -> Iterator[list[Record]]:
    """Group rows into lists of at most ``size`` records, numbered from 0 in file order.

    Example::

        >>> [len(c) for c in iter_chunks(iter([({"name": "A"}, "")] * 3), {}, 2)]
        [2, 1]
    """
    chunk: list[Record] = []
    for index, (raw, where) in enumerate(rows):
        if raw is None:
            chunk.append(Record(index, None, None, where.strip()))
        else:
            chunk.append(to_record(index, raw, columns, where))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
