"""Screen a whole file of records (CSV, JSON lines or Parquet) in bounded memory.

Records are read in chunks, screened chunk by chunk with ``Screener.screen_many`` and the
matches written out as they come (CSV writer, JSON lines, ``pyarrow.parquet.ParquetWriter``),
so a file of millions of records needs no more memory than one chunk. A bad record (no name,
impossible date, wrong types, broken line) never stops the run: it goes to a rejects file
``<output>.rejects.csv`` with its index, id and the reason, and the summary counts it.
Reading and writing the files is in ``openfiu.screening.batch_io``; its public names are
re-exported here.

Example::

    from openfiu.screening import Screener
    from openfiu.screening.batch import screen_file

    screener = Screener.from_files(["consolidated.xml"])
    summary = screen_file(screener, "customers.csv", "matches.parquet")
    print(summary.records, summary.matches, summary.rejects)
"""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

import pyarrow as pa

from openfiu.errors import BatchInputError
from openfiu.screening.batch_io import (
    FILE_FORMATS,
    OUTPUT_COLUMNS,
    QUERY_FIELDS,
    FileFormat,
    Record,
    RowWriter,
    check_columns,
    count_records,
    detect_file_format,
    iter_chunks,
    read_rows,
)

__all__ = [
    "FILE_FORMATS",
    "OUTPUT_COLUMNS",
    "QUERY_FIELDS",
    "REJECT_COLUMNS",
    "BatchInputError",
    "BatchScreener",
    "BatchSummary",
    "FileFormat",
    "MatchLike",
    "check_batch_files",
    "count_records",
    "detect_file_format",
    "rejects_path_for",
    "screen_file",
]

REJECT_COLUMNS = ("record_index", "record_id", "reason")


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


def rejects_path_for(output_path: Path) -> Path:
    """Where the rejects of a run writing ``output_path`` go.

    Example::

        >>> rejects_path_for(Path("out/matches.parquet")).as_posix()
        'out/matches.parquet.rejects.csv'
    """
    return output_path.with_name(output_path.name + ".rejects.csv")


class _RejectWriter:
    """Opens ``<output>.rejects.csv`` at the first reject only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._fh: IO[str] | None = None
        self._csv: Any = None

    def write(self, record: Record, reason: str) -> None:
        if self._fh is None:
            self._fh = self.path.open("w", encoding="utf-8", newline="")
            self._csv = csv.writer(self._fh)
            self._csv.writerow(REJECT_COLUMNS)
        self._csv.writerow([record.index, record.record_id or "", reason])
        self.count += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def _output_row(record: Record, match: MatchLike | None) -> dict[str, Any]:
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
    check_columns(source, in_fmt, dict(columns or {}))
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
    rows = read_rows(source, in_fmt, chunk_size)
    rejects_path = rejects_path_for(target)
    rejects_path.unlink(missing_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        writer = RowWriter(partial, out_fmt)
    except (OSError, pa.ArrowException) as exc:
        raise BatchInputError(f"{target}: cannot write the output: {exc}") from exc
    rejects = _RejectWriter(rejects_path)
    started = time.perf_counter()
    records = matched_records = matches = 0
    try:
        for chunk in iter_chunks(rows, mapping, chunk_size):
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
