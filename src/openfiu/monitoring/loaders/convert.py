"""Turn a source view into canonical columns and say, per row, what is wrong with it.

Everything is one DuckDB SQL pipeline of views over ``__src`` (see ``source.py``):

``__raw``   the source columns plus ``__r_<column>``: each canonical column's raw value
            as the mapping names it (source column, ``=`` expression or constant);
``__typ``   ``__t_<column>``: the value converted to the canonical type (text trimmed and
            empty -> null; numbers, timestamps and booleans parsed with ``TRY_CAST``);
``__chk``   currency names -> ISO codes, channel words -> channels, ``amount_base`` from
            the source or from the fx table, and ``__reason`` / ``__detail``: the codes
            of every failed check (:data:`CHECKS`, ``;``-separated, ``''`` when clean)
            and one sentence per failure naming the offending value.

Duplicate transaction ids are found later (``prepare.py``) among the otherwise clean rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import duckdb

from openfiu.errors import TransactionDataError
from openfiu.monitoring.loaders.fx import CRYPTO_CURRENCIES, RATES_DATE, rates_to
from openfiu.monitoring.loaders.mapping import (
    CHANNEL_SYNONYMS,
    KNOWN_COLUMNS,
    LABEL_COLUMNS,
    ColumnMapping,
    norm_channel,
    resolve_column,
)
from openfiu.monitoring.loaders.source import Source, qi, ql
from openfiu.monitoring.schema import CHANNELS, LABEL_SCHEMA, TRANSACTION_SCHEMA

_NUMERIC: Final = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "FLOAT",
    "DOUBLE",
)
_SQL_TYPES: Final = {"string": "VARCHAR", "double": "DOUBLE", "bool": "BOOLEAN"}


@dataclass(frozen=True)
class Check:
    """One rule a row must pass: ``condition`` (SQL, true = failed) and ``detail`` (SQL text)."""

    code: str
    condition: str
    detail: str


@dataclass(frozen=True)
class Plan:
    """What :func:`build_views` set up: output columns, labels, whether fx is used."""

    output_columns: tuple[str, ...]
    has_labels: bool
    uses_fx: bool


def shown(raw: str) -> str:
    """SQL text quoting a raw value for a reject detail (cut at 60 characters)."""
    return f"coalesce('\"' || left(CAST({raw} AS VARCHAR), 60) || '\"', 'empty')"


def _text(raw: str) -> str:
    return f"NULLIF(trim(CAST({raw} AS VARCHAR)), '')"


def checks(mapping: ColumnMapping, *, uses_fx: bool, has_amount_base: bool) -> list[Check]:
    """The row checks, in the order their codes appear in ``reason``."""
    fmt = f" (format {' or '.join(mapping.timestamp_formats)})" if mapping.timestamp_formats else ""
    out = [
        Check("missing_tx_id", "__t_tx_id IS NULL", "'no transaction id'"),
        Check(
            "bad_timestamp",
            "__t_timestamp IS NULL",
            f"'timestamp ' || {shown('__r_timestamp')} || ' is not a date-time{fmt}'",
        ),
        Check(
            "timestamp_out_of_range",
            "year(__t_timestamp) NOT BETWEEN 1900 AND 2199",
            f"'timestamp ' || {shown('__r_timestamp')} || ' is outside the years 1900-2199'",
        ),
        Check(
            "bad_amount",
            "__t_amount IS NULL OR NOT isfinite(__t_amount)",
            f"'amount ' || {shown('__r_amount')} || ' is not a finite number'",
        ),
        Check(
            "amount_not_positive",
            "__t_amount <= 0",
            f"'amount ' || {shown('__r_amount')} || ' is not positive'",
        ),
        Check("missing_currency", "__t_currency IS NULL", "'no currency'"),
        Check(
            "no_accounts",
            "__t_from_account IS NULL AND __t_to_account IS NULL",
            "'neither a sending nor a receiving account'",
        ),
        Check(
            "unknown_channel",
            f"__t_channel IS NULL OR __t_channel NOT IN ({', '.join(ql(c) for c in CHANNELS)})",
            f"'channel ' || {shown('__r_channel')} || ' is not one of {', '.join(CHANNELS)}'",
        ),
        Check(
            "bad_label",
            "__r_is_laundering IS NOT NULL AND __t_is_laundering IS NULL"
            f" AND {_text('__r_is_laundering')} IS NOT NULL",
            f"'is_laundering ' || {shown('__r_is_laundering')} || ' is not true/false/1/0'",
        ),
    ]
    if uses_fx:
        out.insert(
            6,
            Check(
                "unknown_currency",
                "__t_currency IS NOT NULL AND __fx_rate IS NULL",
                f"'no exchange rate for currency ' || {shown('__r_currency')} || "
                f"' in the fx table of {RATES_DATE}'",
            ),
        )
    if has_amount_base:
        out.insert(
            5,
            Check(
                "bad_amount_base",
                "__t_amount_base IS NULL OR NOT isfinite(__t_amount_base) OR __t_amount_base <= 0",
                f"'amount_base ' || {shown('__r_amount_base')} || ' is not a positive number'",
            ),
        )
    return out


def _raw_expressions(
    con: duckdb.DuckDBPyConnection, source: Source, mapping: ColumnMapping
) -> dict[str, str | None]:
    """Canonical column -> SQL of its raw value (None: absent). Errors list what is missing."""
    raw: dict[str, str | None] = {}
    missing: list[str] = []
    broken: list[str] = []
    for canon in KNOWN_COLUMNS:
        optional = canon in mapping.optional
        if canon == "tx_id" and mapping.tx_id_from_row:
            raw[canon] = (
                "parse_filename(__file, true) || ':' || __row" if source.is_folder else "__row"
            )
        elif canon in mapping.columns:
            ref = mapping.columns[canon]
            if ref.startswith("="):
                error = _bind_error(con, ref[1:])
                if error and not optional:
                    broken.append(f"{canon} = {ref[1:]!r}: {error}")
                raw[canon] = None if error else f"({ref[1:]})"
            else:
                found = resolve_column(ref, source.columns)
                if found is None and not optional:
                    missing.append(f"{ref} (for {canon})")
                raw[canon] = None if found is None else qi(found)
        elif canon in mapping.constants:
            raw[canon] = ql(mapping.constants[canon])
        else:
            raw[canon] = None
    if missing or broken:
        problems = [f"missing column(s) {', '.join(missing)}"] if missing else []
        problems += [f"expression {b}" for b in broken]
        raise TransactionDataError(
            f"{source.path} does not fit the column mapping {mapping.name!r}: "
            f"{'; '.join(problems)}. Columns found: {', '.join(source.columns) or '(none)'}"
        )
    return raw


def _bind_error(con: duckdb.DuckDBPyConnection, expression: str) -> str | None:
    try:
        con.execute(f"DESCRIBE SELECT ({expression}) FROM __src")
    except duckdb.Error as exc:
        return str(exc).splitlines()[0].rstrip(".")
    return None


def _timestamp(raw: str, sql_type: str, mapping: ColumnMapping) -> str:
    if sql_type == "TIMESTAMP WITH TIME ZONE":
        return raw
    if sql_type.startswith("TIMESTAMP") or sql_type == "DATE":
        return f"CAST({raw} AS TIMESTAMPTZ)"
    if sql_type in _NUMERIC:  # epoch seconds
        return f"CASE WHEN abs({raw}) < 1e11 THEN to_timestamp(CAST({raw} AS DOUBLE)) END"
    if mapping.timestamp_formats:
        formats = ", ".join(ql(f) for f in mapping.timestamp_formats)
        return f"CAST(try_strptime({_text(raw)}, [{formats}]) AS TIMESTAMPTZ)"
    return f"TRY_CAST({_text(raw)} AS TIMESTAMPTZ)"


def _number(raw: str, sql_type: str) -> str:
    if sql_type in _NUMERIC or sql_type.startswith("DECIMAL"):
        return f"CAST({raw} AS DOUBLE)"
    return f"TRY_CAST({_text(raw)} AS DOUBLE)"


def _cases(value: str, table: dict[str, str]) -> str:
    if not table:
        return value
    whens = " ".join(f"WHEN {ql(k)} THEN {ql(v)}" for k, v in table.items())
    return f"CASE {value} {whens} ELSE {value} END"


def _typed(canon: str, raw: str, sql_type: str, mapping: ColumnMapping) -> str:
    if canon == "timestamp":
        return _timestamp(raw, sql_type, mapping)
    if canon in ("amount", "amount_base"):
        return _number(raw, sql_type)
    if canon == "is_laundering":
        return f"TRY_CAST({_text(raw)} AS BOOLEAN)"
    if canon == "currency":
        names = {k.strip().upper(): v.strip().upper() for k, v in mapping.currency_names.items()}
        return _cases(f"upper({_text(raw)})", names)
    if canon in ("from_country", "to_country"):
        return f"upper({_text(raw)})"
    if canon == "channel":
        words = {
            **CHANNEL_SYNONYMS,
            **{norm_channel(k): v for k, v in mapping.channel_values.items()},
        }
        normal = f"replace(replace(lower({_text(raw)}), ' ', '_'), '-', '_')"
        return _cases(normal, words)
    return _text(raw)


def build_views(
    con: duckdb.DuckDBPyConnection, source: Source, mapping: ColumnMapping, base_currency: str
) -> Plan:
    """Create the views ``__raw``, ``__typ`` and ``__chk`` over ``__src`` (module docstring)."""
    raw = _raw_expressions(con, source, mapping)
    present = {c: e for c, e in raw.items() if e is not None}
    selects = ", ".join(f"{e} AS __r_{c}" for c, e in present.items())
    con.execute(f"CREATE OR REPLACE TEMP VIEW __raw AS SELECT *, {selects} FROM __src")
    types = {
        str(r[0])[4:]: str(r[1])
        for r in con.execute("DESCRIBE SELECT * FROM __raw").fetchall()
        if str(r[0]).startswith("__r_")
    }
    typed = [
        f"{_typed(c, f'__r_{c}', types[c], mapping) if c in present else 'NULL'} AS __t_{c}"
        for c in KNOWN_COLUMNS
        if c not in ("amount_base",)
    ]
    for c in KNOWN_COLUMNS:  # absent raw columns are null, so checks can name them
        if c not in present:
            typed.append(f"NULL AS __r_{c}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW __typ AS SELECT *, {', '.join(typed)} FROM __raw")
    has_amount_base = "amount_base" in present
    uses_fx = not has_amount_base
    crypto = ", ".join(ql(c) for c in sorted(CRYPTO_CURRENCIES))
    if has_amount_base:
        base_expr = _typed("amount_base", "__r_amount_base", types["amount_base"], mapping)
        fx_rate = "NULL"
    else:
        fx_rate = f"{_fx_map(base_currency)}[__t_currency]"
        base_expr = f"__t_amount * {fx_rate}"
    rules = checks(mapping, uses_fx=uses_fx, has_amount_base=has_amount_base)
    reason = ", ".join(f"CASE WHEN {r.condition} THEN {ql(r.code)} END" for r in rules)
    detail = ", ".join(f"CASE WHEN {r.condition} THEN {r.detail} END" for r in rules)
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW __chk0 AS
        SELECT __typ.* EXCLUDE (__t_channel),
               CASE WHEN __t_currency IN ({crypto}) THEN 'crypto' ELSE __t_channel END AS __t_channel,
               {base_expr} AS __t_amount_base, {fx_rate} AS __fx_rate
        FROM __typ"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW __chk AS
        SELECT *, concat_ws(';', {reason}) AS __reason, concat_ws('; ', {detail}) AS __detail
        FROM __chk0"""
    )
    has_labels = "is_laundering" in present
    output = TRANSACTION_SCHEMA.names + (list(LABEL_COLUMNS) if has_labels else [])
    return Plan(tuple(output), has_labels, uses_fx)


def _fx_map(base_currency: str) -> str:
    """SQL MAP literal: currency code -> units of the base currency per unit."""
    pairs = ", ".join(f"{ql(code)}: {rate!r}" for code, rate in rates_to(base_currency).items())
    return f"MAP {{{pairs}}}"


def output_select(plan: Plan) -> str:
    """SELECT list of the canonical output, each column cast to its schema type."""
    fields = {f.name: f for f in (*TRANSACTION_SCHEMA, *LABEL_SCHEMA)}
    parts = []
    for name in plan.output_columns:
        arrow = str(fields[name].type)
        sql_type = "TIMESTAMPTZ" if arrow.startswith("timestamp") else _SQL_TYPES[arrow]
        parts.append(f"CAST(__t_{name} AS {sql_type}) AS {qi(name)}")
    return ", ".join(parts)
