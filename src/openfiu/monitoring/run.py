"""Run the rule pack on an engine and turn what the rules return into alerts.

Example::

    engine = DuckDBEngine()
    engine.use_transactions([Path("transactions.parquet")])
    alerts = run_rules(engine, rules=["structuring", "cycle"],
                       params={"structuring": {"threshold": 15000}})
    write_alerts(alerts, Path("alerts.parquet"))

Everything engine-specific stays in the rule SQL (rendered per dialect); everything after
it is plain Python over the rows, so the same data gives the same alert table — ids,
lists, scores and explanations — on DuckDB and on Spark.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from openfiu.monitoring.alerts import ALERT_SCHEMA
from openfiu.monitoring.engines.base import Engine
from openfiu.monitoring.inputs import RuleInputs, register_inputs
from openfiu.monitoring.rules import DIALECTS, ParamValue, Rule, RuleError, select_rules
from openfiu.monitoring.rules.base import MOVES_SQL, Dialect
from openfiu.monitoring.rules.stages import staged

#: Columns every rule returns besides the values that crossed thresholds.
RESULT_COLUMNS = frozenset(
    {"account", "accounts", "transactions", "window_start", "window_end", "cents", "score"}
)

Params = Mapping[str, Mapping[str, ParamValue]]


@dataclass(frozen=True)
class RuleRun:
    """Progress of one rule: ``alerts`` is ``None`` when it starts, a count when done."""

    rule: Rule
    index: int
    total: int
    alerts: int | None
    seconds: float


def parse_params(items: Iterable[str]) -> dict[str, dict[str, ParamValue]]:
    """``["structuring.threshold=5000"]`` → ``{"structuring": {"threshold": "5000"}}``.

    Values stay strings here; :meth:`Rule.resolved` coerces them to the default's type.
    """
    params: dict[str, dict[str, ParamValue]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        rule, dot, name = key.strip().partition(".")
        if not sep or not dot or not rule or not name or not value.strip():
            raise RuleError(f"parameter {item!r}: write RULE.NAME=VALUE, e.g. cycle.max_hops=5")
        params.setdefault(rule, {})[name.strip()] = value.strip()
    return params


def run_rules(
    engine: Engine,
    rules: Sequence[Rule | str] | None = None,
    params: Params | None = None,
    progress: Callable[[RuleRun], None] | None = None,
    inputs: RuleInputs | None = None,
) -> pa.Table:
    """Run ``rules`` (the whole pack by default) and return one alert table.

    ``params`` overrides parameters per rule name; ``inputs`` are the country lists and
    sanctions hits (built-in lists by default). Before the first rule the view ``moves``
    (:data:`~openfiu.monitoring.rules.base.MOVES_SQL`) is stored once on the engine and
    dropped after the last. The table has
    :data:`~openfiu.monitoring.alerts.ALERT_SCHEMA` and is sorted by rule (pack order),
    descending score, then alert id.
    """
    chosen = _chosen(rules)
    overrides = dict(params or {})
    unknown = sorted(set(overrides) - {r.name for r in chosen})
    if unknown:
        raise RuleError(f"parameters given for rule(s) not run: {', '.join(unknown)}")
    for rule in chosen:  # fail on a bad parameter before any query runs
        rule.resolved(overrides.get(rule.name))
    dialect = DIALECTS.get(engine.name)
    if dialect is None:
        raise RuleError(f"engine {engine.name!r} has no SQL dialect; known: {', '.join(DIALECTS)}")
    register_inputs(engine, inputs)
    moves = any(rule.reads_moves for rule in chosen)
    stage = bool(getattr(engine, "stage_ctes", False))
    if moves:
        for statement in dialect.keep("moves", MOVES_SQL):
            engine.sql(statement)
    rows: list[dict[str, Any]] = []
    try:
        for index, rule in enumerate(chosen):
            if progress:
                progress(RuleRun(rule, index, len(chosen), None, 0.0))
            started = time.perf_counter()
            thresholds = rule.resolved(overrides.get(rule.name))
            sql = rule.render(dialect, thresholds)
            found = _query(engine, dialect, sql, stage and rule.staged)
            alerts = _dedupe(_alert(rule, row, thresholds) for row in found.to_pylist())
            for alert in alerts:
                alert["_order"] = index
            rows.extend(alerts)
            if progress:
                seconds = time.perf_counter() - started
                progress(RuleRun(rule, index, len(chosen), len(alerts), seconds))
    finally:
        if moves:
            for statement in dialect.release("moves"):
                engine.sql(statement)
    rows.sort(key=lambda a: (a.pop("_order"), -a["score"], a["alert_id"]))
    return pa.Table.from_pylist(rows, schema=ALERT_SCHEMA)


def _query(engine: Engine, dialect: Dialect, sql: str, stage: bool) -> pa.Table:
    """Run one rule's SQL, stage by stage when ``stage`` (the engine's attribute
    ``stage_ctes`` and the rule's ``staged``; see :mod:`openfiu.monitoring.rules.stages`)."""
    if not stage:
        return engine.sql(sql)
    steps = list(staged(sql, dialect))
    try:
        for kind, statements in steps:
            if kind == "stage":
                for statement in statements:
                    engine.sql(statement)
            elif kind == "query":
                return engine.sql(statements[0])
    finally:
        for statement in steps[-1][1]:
            engine.sql(statement)
    raise RuleError("rule SQL has no final query")  # pragma: no cover - staged always yields


def write_alerts(table: pa.Table, path: Path) -> Path:
    """Write an alert table as Parquet (zstd), creating the folder; returns the path."""
    if not table.schema.equals(ALERT_SCHEMA):
        table = table.select(ALERT_SCHEMA.names).cast(ALERT_SCHEMA)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd")
    return path


def _chosen(rules: Sequence[Rule | str] | None) -> list[Rule]:
    if rules is None:
        return select_rules()
    names = [r for r in rules if isinstance(r, str)]
    picked = {r.name: r for r in select_rules(names)} if names else {}
    return [picked[r] if isinstance(r, str) else r for r in rules]


def alert_id(rule: str, accounts: Sequence[str], start: int | None, end: int | None) -> str:
    """``rule-`` and 16 hex digits of SHA-256 over rule, sorted accounts and window."""
    key = "\x1f".join([rule, ",".join(sorted(accounts)), str(start), str(end)])
    return f"{rule}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def _alert(
    rule: Rule, row: Mapping[str, Any], thresholds: Mapping[str, ParamValue]
) -> dict[str, Any]:
    focus = row.get("account")
    accounts = sorted({str(a) for a in (row.get("accounts") or [])} | ({focus} if focus else set()))
    transactions = sorted({str(t) for t in row.get("transactions") or []})
    start, end = _int(row.get("window_start")), _int(row.get("window_end"))
    cents = _int(row.get("cents"))
    values = {_value_name(k): _plain(k, v) for k, v in row.items() if k not in RESULT_COLUMNS}
    return {
        "alert_id": alert_id(rule.name, accounts, start, end),
        "rule": rule.name,
        "typology": rule.typology,
        "score": round(float(_number(row["score"])), 4),
        "accounts": accounts,
        "transactions": transactions,
        "window_start": _time(start),
        "window_end": _time(end),
        "amount_base": None if cents is None else cents / 100,
        "values": json.dumps({**values, "thresholds": thresholds}, sort_keys=True),
        "explanation": _explain(
            rule, values, thresholds, focus, accounts, transactions, start, end, cents
        ),
    }


def _explain(
    rule: Rule,
    values: Mapping[str, Any],
    thresholds: Mapping[str, ParamValue],
    focus: str | None,
    accounts: list[str],
    transactions: list[str],
    start: int | None,
    end: int | None,
    cents: int | None,
) -> str:
    context: dict[str, Any] = {
        **thresholds,
        **{k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in values.items()},
        "account": focus or (accounts[0] if accounts else "?"),
        "accounts": ", ".join(accounts),
        "n_accounts": len(accounts),
        "n_transactions": len(transactions),
        "start": _date(start),
        "end": _date(end),
        "amount": 0.0 if cents is None else cents / 100,
    }
    try:
        return rule.explain.format_map(context)
    except (KeyError, ValueError) as exc:
        raise RuleError(f"rule {rule.name!r}: explanation template fails on {exc}") from exc


def _dedupe(alerts: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One alert per id (a cycle found from each of its accounts, say): the highest score,
    then the smallest transactions, values and explanation, so every engine keeps the same."""
    best: dict[str, dict[str, Any]] = {}
    for alert in alerts:
        kept = best.get(alert["alert_id"])
        if kept is None or _rank(alert) < _rank(kept):
            best[alert["alert_id"]] = alert
    return list(best.values())


def _rank(alert: Mapping[str, Any]) -> tuple[float, list[str], str, str]:
    return (-alert["score"], alert["transactions"], alert["values"], alert["explanation"])


def _value_name(key: str) -> str:
    return key.removesuffix("_cents")


def _plain(key: str, value: Any) -> Any:
    """A JSON-ready value: lists sorted, cents as amounts, numbers rounded alike."""
    if isinstance(value, list):
        return sorted(str(v) for v in value if v is not None)
    if value is None or isinstance(value, str):
        return value
    number = _number(value)
    if key.endswith("_cents"):
        return int(number) / 100
    return round(number, 6) if isinstance(number, float) else number


def _number(value: Any) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    raise RuleError(f"rule result value {value!r} is not a number")


def _int(value: Any) -> int | None:
    return None if value is None else int(_number(value))


def _time(seconds: int | None) -> dt.datetime | None:
    return None if seconds is None else dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def _date(seconds: int | None) -> str:
    return "?" if seconds is None else _time(seconds).date().isoformat()  # type: ignore[union-attr]
