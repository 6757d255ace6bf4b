"""``prepare_transactions``: any supported source in, canonical Parquet plus rejects out.

Flow: pick the mapping (given, or detected from the column names) -> open the source as a
view (CSV is staged once into Parquet) -> build the checking views (``convert.py``) -> find
duplicate ids among the clean rows -> either use a clean canonical Parquet source in place
(fast path: nothing copied) or write the clean rows to ``work_dir/transactions.parquet``
(zstd, large row groups) and the others to the rejects file with their reasons.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import duckdb

from openfiu.errors import TransactionDataError
from openfiu.monitoring.loaders.convert import Plan, build_views, output_select
from openfiu.monitoring.loaders.fx import USD_PER_UNIT
from openfiu.monitoring.loaders.mapping import (
    PRESETS,
    ColumnMapping,
    detect_preset,
    load_mapping,
    missing_by_preset,
)
from openfiu.monitoring.loaders.source import (
    Source,
    csv_header,
    open_csv,
    open_parquet,
    parquet_columns,
    qi,
    ql,
    source_kind,
)
from openfiu.monitoring.schema import TRANSACTION_SCHEMA

#: Rows per Parquet row group: DuckDB's own unit of parallel work; larger groups made DuckDB
#: 2.0 write batches out of source order.
ROW_GROUP_ROWS: Final = 122_880
OUTPUT_NAME: Final = "transactions.parquet"
_CANONICAL_TYPES: Final = {
    **{f.name: "VARCHAR" for f in TRANSACTION_SCHEMA if str(f.type) == "string"},
    "timestamp": "TIMESTAMP WITH TIME ZONE",
    "amount": "DOUBLE",
    "amount_base": "DOUBLE",
}
_LABEL_TYPES: Final = {"is_laundering": "BOOLEAN", "typology": "VARCHAR", "pattern_id": "VARCHAR"}


@dataclass(frozen=True)
class PreparedData:
    """Result of :func:`prepare_transactions`: what an engine reads and what was set aside.

    ``paths`` go to ``Engine.use_transactions``. ``reasons`` counts rejected rows per
    reason code (a row failing two checks counts under both).
    """

    paths: list[Path]
    rows: int
    rejected: int
    preset: str
    rejects_path: Path | None
    has_labels: bool
    reasons: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One sentence for people: what was loaded and what was set aside, and why."""
        text = f"{self.rows:,} transactions ready (mapping {self.preset!r})"
        if self.paths:
            text += f" in {', '.join(str(p) for p in self.paths)}"
        if not self.rejected:
            return text + "; no row rejected."
        why = ", ".join(f"{code} {n:,}" for code, n in sorted(self.reasons.items()))
        return f"{text}; {self.rejected:,} rows set aside in {self.rejects_path} ({why})."


def prepare_transactions(
    source: Path,
    *,
    mapping: str | Path | ColumnMapping | None = None,
    work_dir: Path,
    rejects: Path | None = None,
    base_currency: str = "USD",
) -> PreparedData:
    """Validate and convert transactions into canonical Parquet for the engines.

    ``source`` is a CSV file, a Parquet file or a folder of Parquet files. ``mapping`` is
    a preset name (``canonical``, ``amlsim``, ``amlworld``), a JSON/TOML mapping file or a
    :class:`ColumnMapping`; None detects the preset from the column names. Rows that fail a
    check go to ``rejects`` (``.csv`` or ``.parquet``; default ``work_dir/rejects.parquet``
    when there are any) with their 1-based data row number, reason codes, an explanation
    and their raw values. A clean canonical Parquet source is used in place.

    Example::

        data = prepare_transactions(Path("transactions.parquet"), work_dir=Path("work"))
        engine.use_transactions(data.paths)
    """
    source, work_dir = Path(source), Path(work_dir)
    base = base_currency.strip().upper()
    if base not in USD_PER_UNIT:
        raise TransactionDataError(f"base currency {base_currency!r} is not in the fx table")
    _check_rejects_suffix(rejects)
    kind = source_kind(source)
    chosen = _resolve_mapping(mapping)
    if chosen is None:
        chosen = _detect(source, kind)
    work_dir.mkdir(parents=True, exist_ok=True)
    output = work_dir / OUTPUT_NAME
    if output.resolve() == source.resolve() or source.resolve() in output.resolve().parents:
        raise TransactionDataError(f"the output {output} would overwrite the source {source}")
    scratch = work_dir / "_openfiu_load_tmp"
    with _connection(scratch, chosen.timezone) as con:
        if kind == "csv":
            src = open_csv(
                con,
                source,
                encoding=chosen.encoding,
                delimiter=chosen.csv_delimiter,
                stage=scratch / "staged.parquet",
            )
        else:
            src = open_parquet(con, source)
        plan = build_views(con, src, chosen, base)
        _find_duplicates(con, ids_unique=chosen.tx_id_from_row and not src.is_folder)
        if _fast_path_ok(con, src, chosen, plan) and _clean(con):
            rows = int(con.execute("SELECT count(*) FROM __src").fetchall()[0][0])
            if rejects is not None:
                _write_rejects(con, src, rejects, empty=True)
            return PreparedData([source], rows, 0, chosen.name, rejects, plan.has_labels)
        rows = _write_output(con, src, plan, output)
        parsed = int(con.execute("SELECT count(*) FROM __src").fetchall()[0][0])
        if rows == parsed and not src.has_csv_rejects:  # nothing to set aside
            if rejects is not None:
                _write_rejects(con, src, rejects, empty=True)
            return PreparedData([output], rows, 0, chosen.name, rejects, plan.has_labels)
        target = rejects if rejects is not None else work_dir / "rejects.parquet"
        rejected = _write_rejects(con, src, target)
        reasons = _reason_counts(con, target)
    return PreparedData([output], rows, rejected, chosen.name, target, plan.has_labels, reasons)


def _check_rejects_suffix(rejects: Path | None) -> None:
    if rejects is not None and Path(rejects).suffix.lower() not in (".csv", ".parquet"):
        raise TransactionDataError(f"rejects file {rejects} must end in .csv or .parquet")


def _resolve_mapping(mapping: str | Path | ColumnMapping | None) -> ColumnMapping | None:
    if mapping is None or isinstance(mapping, ColumnMapping):
        return mapping
    if isinstance(mapping, str) and mapping in PRESETS:
        return PRESETS[mapping]
    path = Path(mapping)
    if path.suffix.lower() in (".json", ".toml"):
        return load_mapping(path)
    raise TransactionDataError(
        f"mapping {str(mapping)!r} is neither a preset ({', '.join(PRESETS)}) "
        "nor a .json/.toml mapping file"
    )


def _detect(source: Path, kind: str) -> ColumnMapping:
    if kind == "csv":
        columns, _ = csv_header(source, "utf-8", None)
    else:
        with duckdb.connect() as con:
            columns = list(parquet_columns(con, source))
    name = detect_preset(columns)
    if name is None:
        lacks = "; ".join(
            f"{preset} lacks {', '.join(missing)}" if missing else f"{preset} fits"
            for preset, missing in missing_by_preset(columns).items()
        )
        raise TransactionDataError(
            f"cannot tell the layout of {source} from its columns "
            f"({', '.join(columns) or 'none'}): {lacks}. "
            f"Pass mapping= one of {', '.join(PRESETS)} or a JSON/TOML mapping file"
        )
    return PRESETS[name]


@contextmanager
def _connection(scratch: Path, timezone: str) -> Iterator[duckdb.DuckDBPyConnection]:
    scratch.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute("SET temp_directory = ?", [str(scratch / "spill")])
        try:
            con.execute(f"SET TimeZone = {ql(timezone)}")
        except duckdb.Error as exc:
            raise TransactionDataError(f"unknown time zone {timezone!r}") from exc
        yield con
    finally:
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _find_duplicates(con: duckdb.DuckDBPyConnection, *, ids_unique: bool) -> None:
    """``__dup``: clean rows whose id an earlier clean row already has (the first is kept).

    Ids made from row numbers are unique; otherwise a cheap pass over the ids alone comes
    first, and the full pass (which needs every row's checks) only when some id repeats.
    """
    repeats = (
        ids_unique
        or con.execute(
            "SELECT 1 FROM __typ GROUP BY __t_tx_id HAVING count(*) > 1 LIMIT 1"
        ).fetchall()
    )
    if ids_unique or not repeats:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE __dup "
            "(__file VARCHAR, __row BIGINT, id VARCHAR, first_row BIGINT)"
        )
        return
    con.execute(
        """CREATE OR REPLACE TEMP TABLE __dup AS
        WITH ok AS (SELECT __t_tx_id AS id, __file, __row FROM __chk WHERE __reason = ''),
        ids AS (SELECT id FROM ok GROUP BY id HAVING count(*) > 1),
        ranked AS (
            SELECT ok.*, row_number() OVER w AS n, first_value(__row) OVER w AS first_row
            FROM ok SEMI JOIN ids USING (id)
            WINDOW w AS (PARTITION BY id ORDER BY __file, __row))
        SELECT __file, __row, id, first_row FROM ranked WHERE n > 1"""
    )


def _fast_path_ok(
    con: duckdb.DuckDBPyConnection, src: Source, mapping: ColumnMapping, plan: Plan
) -> bool:
    """Is the source canonical Parquet with exactly the canonical column types?"""
    if src.kind != "parquet" or mapping.name != "canonical":
        return False
    types = parquet_columns(con, src.path)
    expected = {**_CANONICAL_TYPES, **(_LABEL_TYPES if plan.has_labels else {})}
    return types == expected


def _clean(con: duckdb.DuckDBPyConnection) -> bool:
    bad = con.execute("SELECT count(*) FROM __chk WHERE __reason <> ''").fetchall()[0][0]
    dups = con.execute("SELECT count(*) FROM __dup").fetchall()[0][0]
    return bool(bad == 0 and dups == 0)


def _write_output(con: duckdb.DuckDBPyConnection, src: Source, plan: Plan, output: Path) -> int:
    """Write the clean rows in source order (sorting only when a join has mixed them)."""
    has_dups = con.execute("SELECT count(*) FROM __dup").fetchall()[0][0] > 0
    anti = "ANTI JOIN __dup USING (__file, __row)" if has_dups else ""
    order = "ORDER BY __file, __row" if has_dups or not src.ordered else ""
    result = con.execute(
        f"""COPY (SELECT {output_select(plan)} FROM __chk {anti}
                  WHERE __reason = '' {order})
            TO {ql(str(output))}
            (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {ROW_GROUP_ROWS})"""
    ).fetchall()
    return int(result[0][0])


def _write_rejects(
    con: duckdb.DuckDBPyConnection, src: Source, target: Path, *, empty: bool = False
) -> int:
    """Write every rejected row (value checks, duplicates, unparseable CSV records).

    ``empty``: nothing was rejected; write just the columns (an explicit rejects file).
    """
    reserved = {"row_number", "source_file", "reason", "detail", "raw_line"}
    names = [qi("source_" + c if c in reserved else c) for c in src.columns]

    def raw(prefix: str) -> str:
        return "".join(
            f", CAST({prefix}{qi(c)} AS VARCHAR) AS {n}"
            for c, n in zip(src.columns, names, strict=True)
        )

    parts = [
        f"""SELECT CAST(__row AS BIGINT) AS row_number, __file AS source_file, __reason AS reason,
                   __detail AS detail, NULL::VARCHAR AS raw_line{raw("")}
            FROM __chk WHERE __reason <> ''""",
        f"""SELECT CAST(c.__row AS BIGINT) AS row_number, c.__file AS source_file, 'duplicate_tx_id' AS reason,
                   'transaction id "' || d.id || '" already used by row ' || d.first_row
                       AS detail, NULL::VARCHAR AS raw_line{raw("c.")}
            FROM __chk c JOIN __dup d USING (__file, __row)""",
    ]
    if src.has_csv_rejects:
        nulls = "".join(f", NULL::VARCHAR AS {n}" for n in names)
        parts.append(
            "SELECT row_number, '' AS source_file, reason, detail, raw_line"
            f"{nulls} FROM __csv_rejects"
        )
    keep_file = "" if src.is_folder else " EXCLUDE (source_file)"
    fmt = "csv, HEADER true" if target.suffix.lower() == ".csv" else "parquet, COMPRESSION zstd"
    target.parent.mkdir(parents=True, exist_ok=True)
    result = con.execute(
        f"""COPY (SELECT *{keep_file} FROM ({" UNION ALL BY NAME ".join(parts)})
                  ORDER BY source_file, row_number {"LIMIT 0" if empty else ""})
            TO {ql(str(target))} (FORMAT {fmt})"""
    ).fetchall()
    return int(result[0][0])


def _reason_counts(con: duckdb.DuckDBPyConnection, target: Path) -> dict[str, int]:
    reader = "read_csv" if target.suffix.lower() == ".csv" else "read_parquet"
    opts = ", all_varchar = true" if reader == "read_csv" else ""
    rows = con.execute(
        f"""SELECT code, count(*) FROM (
                SELECT unnest(string_split(reason, ';')) AS code
                FROM {reader}({ql(str(target))}{opts})) GROUP BY code ORDER BY code"""
    ).fetchall()
    return {str(code): int(n) for code, n in rows}
