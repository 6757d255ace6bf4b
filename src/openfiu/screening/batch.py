"""Screen a whole file of records (CSV, JSON lines or Parquet) in bounded memory.

Records are read in chunks, screened chunk by chunk with ``Screener.screen_many`` and the
matches written out as they come (CSV writer, JSON lines, ``pyarrow.parquet.ParquetWriter``),
so a file of millions of records needs no more memory than one chunk. A bad record (no name,
impossible date, wrong types, broken line) never stops the run: it goes to a rejects file
``<output>.rejects.csv`` with its index, id and the reason, and the summary counts it.

Example::

    from openfiu.screening import Screener
    from openfiu.screening.batch import screen_file

    screener = Screener.from_files(["consolidated.xml"])
    summary = screen_file(screener, "customers.csv", "matches.parquet")
    print(summary.records, summary.matches, summary.rejects)
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from openfiu.errors import OpenFIUError

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
REJECT_COLUMNS = ("record_index", "record_id", "reason")
_PARQUET_SCHEMA = pa.schema(
    [
        (c, pa.int64() if c == "record_index" else pa.float64() if c == "score" else pa.string())
        for c in OUTPUT_COLUMNS
    ]
)


class BatchInputError(OpenFIUError):
    """The input or output file of a batch run cannot be used at all (as opposed to one
    bad record, which is rejected and counted)."""


class MatchLike(Protocol):
    """What a batch run reads from a ``openfiu.screening.Match``."""

    @property
    def score(self) -> float: ...
    @property
    def reference(self) -> str: ...
    @property
    def entity_id(self) -> str: ...
    @property
    def list_type(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def primary_name(self) -> str: ...
    @property
    def matched_name(self) -> str: ...
    @property
    def explanation(self) -> str: ...


class BatchScreener(Protocol):
    """The part of ``openfiu.screening.Screener`` a batch run uses."""

    @property
    def last_batch_errors(self) -> Sequence[tuple[int, str]]: ...
    def screen_many(
        self, queries: list[dict[str, Any]], limit: int = ...
    ) -> Sequence[Sequence[MatchLike]]: ...


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """Counts of one batch run. ``rejects_path`` is None when no record was rejected."""

    records: int
    matched_records: int
    matches: int
    rejects: int
    seconds: float
    output_path: Path
    rejects_path: Path | None
    input_format: FileFormat
    output_format: FileFormat

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "records": self.records,
            "matched_records": self.matched_records,
            "matches": self.matches,
            "rejects": self.rejects,
            "seconds": round(self.seconds, 3),
            "records_per_second": round(self.records_per_second, 1),
            "output_path": str(self.output_path),
            "rejects_path": str(self.rejects_path) if self.rejects_path else None,
            "input_format": self.input_format,
            "output_format": self.output_format,
        }


@dataclass(slots=True)
class _Record:
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


def rejects_path_for(output_path: Path) -> Path:
    """Where the rejects of a run writing ``output_path`` go.

    Example::

        >>> rejects_path_for(Path("out/matches.parquet")).as_posix()
        'out/matches.parquet.rejects.csv'
    """
    return output_path.with_name(output_path.name + ".rejects.csv")


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


def _to_record(
    index: int, raw: Mapping[str, Any], columns: Mapping[str, str], where: str
) -> _Record:
    """Turn one input row into a screener query, or a reject with the reason."""
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
        return _Record(index, record_id, None, f"{exc}{where}")
    if "name" not in query and "identifiers" not in query:
        return _Record(index, record_id, None, f"no name{where}")
    return _Record(index, record_id, query)


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


def _check_columns(path: Path, fmt: FileFormat, columns: Mapping[str, str]) -> None:
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


class _RowWriter:
    """Writes output rows (dicts of OUTPUT_COLUMNS) to CSV, JSON lines or Parquet."""

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


class _RejectWriter:
    """Opens ``<output>.rejects.csv`` at the first reject only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._fh: IO[str] | None = None
        self._csv: Any = None

    def write(self, record: _Record, reason: str) -> None:
        if self._fh is None:
            self._fh = self.path.open("w", encoding="utf-8", newline="")
            self._csv = csv.writer(self._fh)
            self._csv.writerow(REJECT_COLUMNS)
        self._csv.writerow([record.index, record.record_id or "", reason])
        self.count += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def _output_row(record: _Record, match: MatchLike | None) -> dict[str, Any]:
    query = record.query or {}
    row: dict[str, Any] = dict.fromkeys(OUTPUT_COLUMNS)
    row.update(record_id=record.record_id, record_index=record.index, query_name=query.get("name"))
    if match is not None:
        row.update(
            score=round(float(match.score), 4),
            reference=match.reference,
            entity_id=match.entity_id,
            list_type=match.list_type,
            kind=match.kind,
            primary_name=match.primary_name,
            matched_name=match.matched_name,
            explanation=match.explanation,
        )
    return row


def _chunks(
    rows: Iterator[tuple[Mapping[str, Any] | None, str]], columns: Mapping[str, str], size: int
) -> Iterator[list[_Record]]:
    chunk: list[_Record] = []
    for index, (raw, where) in enumerate(rows):
        if raw is None:
            chunk.append(_Record(index, None, None, where.strip()))
        else:
            chunk.append(_to_record(index, raw, columns, where))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def check_batch_files(
    input_path: str | Path,
    output_path: str | Path,
    *,
    input_format: str | None = None,
    output_format: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> tuple[FileFormat, FileFormat]:
    """Check a batch run's files before any work: formats known, input readable with the
    columns needed, output not the input. Returns (input format, output format).

    Example::

        >>> check_batch_files("customers.csv", "matches.parquet")  # doctest: +SKIP
        ('csv', 'parquet')
    """
    source, target = Path(input_path), Path(output_path)
    in_fmt = detect_file_format(source, input_format)
    out_fmt = detect_file_format(target, output_format)
    if not source.is_file():
        raise BatchInputError(f"{source}: no such input file")
    if source.resolve() == target.resolve():
        raise BatchInputError(
            f"{target}: the output would overwrite the input; choose another name"
        )
    _check_columns(source, in_fmt, dict(columns or {}))
    return in_fmt, out_fmt


def screen_file(
    screener: BatchScreener,
    input_path: str | Path,
    output_path: str | Path,
    *,
    input_format: str | None = None,
    output_format: str | None = None,
    columns: Mapping[str, str] | None = None,
    chunk_size: int = 10000,
    include_unmatched: bool = False,
    progress: Callable[[int], None] | None = None,
    limit: int = 10,
) -> BatchSummary:
    """Screen every record of ``input_path`` and write one row per (record, match).

    ``columns`` maps query fields (``name``, ``birth_date``, ``nationality``, ``gender``,
    ``kind``, ``id``, ``id_number``) to input column names when they differ. ``progress``
    is called after each chunk with the number of records just done. With
    ``include_unmatched`` a record without match still gets one row (empty match columns).
    The output is written to a temporary file and renamed at the end, so an interrupted
    run never leaves a partial file under the final name.

    Example::

        >>> summary = screen_file(screener, "customers.jsonl", "matches.csv",
        ...                       columns={"name": "full_name"})  # doctest: +SKIP
        >>> summary.records_per_second  # doctest: +SKIP
        5321.7
    """
    if chunk_size < 1:
        raise BatchInputError(f"chunk size must be at least 1, got {chunk_size}")
    in_fmt, out_fmt = check_batch_files(
        input_path,
        output_path,
        input_format=input_format,
        output_format=output_format,
        columns=columns,
    )
    source, target, mapping = Path(input_path), Path(output_path), dict(columns or {})
    if in_fmt == "csv":
        rows = _csv_rows(source)
    elif in_fmt == "jsonl":
        rows = _jsonl_rows(source)
    else:
        rows = _parquet_rows(source, chunk_size)
    rejects_path = rejects_path_for(target)
    rejects_path.unlink(missing_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        writer = _RowWriter(partial, out_fmt)
    except (OSError, pa.ArrowException) as exc:
        raise BatchInputError(f"{target}: cannot write the output: {exc}") from exc
    rejects = _RejectWriter(rejects_path)
    started = time.perf_counter()
    records = matched_records = matches = 0
    try:
        for chunk in _chunks(rows, mapping, chunk_size):
            good = [(r, r.query) for r in chunk if r.query is not None]
            results = screener.screen_many([q for _, q in good], limit=limit)
            errors = dict(screener.last_batch_errors)
            out: list[dict[str, Any]] = []
            for position, (record, _) in enumerate(good):
                if position in errors:
                    record.reject = errors[position]
                    continue
                found = results[position]
                matched_records += bool(found)
                matches += len(found)
                out.extend(_output_row(record, m) for m in found)
                if include_unmatched and not found:
                    out.append(_output_row(record, None))
            for record in chunk:
                if record.reject is not None:
                    rejects.write(record, record.reject)
            writer.write(out)
            records += len(chunk)
            if progress is not None:
                progress(len(chunk))
    except BaseException:
        writer.close()
        rejects.close()
        partial.unlink(missing_ok=True)
        raise
    writer.close()
    rejects.close()
    os.replace(partial, target)
    return BatchSummary(
        records=records,
        matched_records=matched_records,
        matches=matches,
        rejects=rejects.count,
        seconds=time.perf_counter() - started,
        output_path=target,
        rejects_path=rejects_path if rejects.count else None,
        input_format=in_fmt,
        output_format=out_fmt,
    )
