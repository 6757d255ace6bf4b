"""What a rule is, how its SQL is rendered for an engine, and the shared windowing SQL.

A :class:`Rule` holds its SQL once, in the subset DuckDB and Spark SQL share. The SQL has
``{param}`` placeholders for the rule's named parameters and two dialect macros that
:class:`Dialect` expands per engine:

* ``LIST_OF(expr)`` — the distinct non-null values of ``expr`` in a group, as a list;
* ``ARRAY_OF(a, b, …)`` — a list built from the values of one row.

Every rule returns one row per alert with the columns ``account`` (the focus account, or
null), ``accounts`` (list, the focus account need not be in it), ``transactions``
(list), ``window_start`` and ``window_end`` (seconds since 1970), ``cents`` (BIGINT, the
amount in base-currency cents, summed exactly on every engine), ``score`` (DOUBLE in
[0, 1]) and the values that crossed thresholds (one column each). ``openfiu.monitoring.run``
turns those rows into alerts.

Amounts are compared in cents (``CAST(ROUND(amount_base * 100) AS BIGINT)``) so sums and
ratios are exact integers on both engines, whatever order they add in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from openfiu.errors import OpenFIUError

ParamValue = float | int | str

#: Movements between two accounts that flow rules follow. Card payments (retail purchases
#: at merchants) and cash (one side unknown) are left out.
TRANSFER = (
    "from_account IS NOT NULL AND to_account IS NOT NULL AND from_account <> to_account "
    "AND channel IN ('wire', 'money_transfer', 'crypto')"
)

#: The amount of a ``tx`` row in base-currency cents, exact on every engine.
CENTS: Final = "CAST(ROUND(amount_base * 100) AS BIGINT)"

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_LIST_OF = re.compile(r"LIST_OF\(([^()]*)\)")
_DECIMAL_LITERAL = re.compile(r"(?<![\w.])(\d+\.\d+)(?![\w.])")


class RuleError(OpenFIUError):
    """A rule name or parameter is unknown or has a value of the wrong type."""


@dataclass(frozen=True)
class Dialect:
    """How one engine spells the two macros the rule SQL uses."""

    name: str
    list_of: str  # format string with {x}
    array_of: str  # function name that builds a list from arguments

    def expand(self, sql: str) -> str:
        """Replace ``LIST_OF(x)`` and ``ARRAY_OF(`` by this engine's spelling."""
        sql = _LIST_OF.sub(lambda m: self.list_of.format(x=m.group(1).strip()), sql)
        return sql.replace("ARRAY_OF(", f"{self.array_of}(")


DUCKDB: Final = Dialect("duckdb", "list(DISTINCT {x}) FILTER (WHERE {x} IS NOT NULL)", "list_value")
SPARK: Final = Dialect("spark", "collect_set({x})", "array")
DIALECTS: Final = {"duckdb": DUCKDB, "spark": SPARK}


@dataclass(frozen=True)
class Rule:
    """One typology as a query.

    ``params`` are the named defaults (thresholds, windows in days, minimum counts);
    ``explain`` is a :meth:`str.format` template over the alert's values, the parameters and
    ``account``, ``start``, ``end`` (dates), ``amount``, ``n_accounts``, ``n_transactions``;
    it must give ONE sentence.
    """

    name: str
    typology: str
    description: str
    sql: str
    explain: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    family: str = "account"

    def resolved(self, overrides: Mapping[str, ParamValue] | None = None) -> dict[str, ParamValue]:
        """The parameters with ``overrides`` applied, each coerced to its default's type."""
        values = dict(self.params)
        for key, value in (overrides or {}).items():
            if key not in values:
                known = ", ".join(sorted(values)) or "none"
                raise RuleError(f"rule {self.name!r} has no parameter {key!r} (known: {known})")
            values[key] = _coerce(self.name, key, value, values[key])
        return values

    def render(self, dialect: Dialect, overrides: Mapping[str, ParamValue] | None = None) -> str:
        """The SQL for ``dialect`` with parameters substituted as literals."""
        values = self.resolved(overrides)

        def literal(match: re.Match[str]) -> str:
            key = match.group(1)
            if key not in values:
                raise RuleError(f"rule {self.name!r}: SQL uses undeclared parameter {key!r}")
            return _literal(values[key])

        return dialect.expand(as_doubles(_PLACEHOLDER.sub(literal, self.sql)))


def as_doubles(sql: str) -> str:
    """Write decimal literals (``0.6``) as doubles (``0.6E0``).

    Both engines read ``0.6`` as a DECIMAL but divide decimals differently (DuckDB
    converts to DOUBLE, Spark keeps six decimal places), so scores would differ in the
    last digits; as doubles the arithmetic is plain IEEE 754 on both.
    """
    return _DECIMAL_LITERAL.sub(r"\1E0", sql)


def _coerce(rule: str, key: str, value: ParamValue, default: ParamValue) -> ParamValue:
    try:
        if isinstance(default, bool):
            raise TypeError
        if isinstance(default, int):
            number = float(value)
            if not number.is_integer():
                raise ValueError
            return int(number)
        if isinstance(default, float):
            return float(value)
    except (TypeError, ValueError):
        kind = type(default).__name__
        raise RuleError(f"rule {rule!r}: parameter {key}={value!r} is not a {kind}") from None
    return str(value)


def _literal(value: ParamValue) -> str:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return "'" + value.replace("'", "''") + "'"


#: A run of overlapping suspicious windows is cut into alerts of at most this many
#: windows (aligned to the calendar), so an account that is busy all year gives one alert
#: per stretch rather than one alert with every transaction of the year.
MAX_SPAN_WINDOWS: Final = 4


def windowed_account_sql(
    candidates: str,
    aggregates: Mapping[str, str],
    condition: str,
    score: str,
    *,
    window: str = "{window_days}",
    accounts: str = "account",
    extra: Mapping[str, str] | None = None,
) -> str:
    """SQL for a per-account rule evaluated over windows of ``window`` days.

    ``candidates`` selects the relevant movements as rows ``account, counterparty, day, t,
    tx_id, cents, kind`` (``kind`` a short tag the aggregates can test). The rows are
    grouped per account into windows of ``window`` days on two grids offset by half a
    window, so every burst that lasts at most half a window falls wholly inside one of
    them. Windows meeting ``condition`` (over the ``aggregates`` aliases) are merged per
    account where they overlap, and each merged span becomes one alert whose values are
    recomputed over all its rows; long spans are cut every :data:`MAX_SPAN_WINDOWS`
    windows. ``extra`` adds aggregates computed only at that last
    step (lists, maxima for the explanation). ``accounts`` is ``"account"`` (the focus
    account only) or ``"all"`` (the counterparties too).
    """
    max_span = MAX_SPAN_WINDOWS
    aggs = ", ".join(f"{expr} AS {alias}" for alias, expr in aggregates.items())
    names = ", ".join(aggregates)
    extras = "".join(f", {expr} AS {alias}" for alias, expr in (extra or {}).items())
    extra_names = "".join(f", {alias}" for alias in (extra or {}))
    members = "LIST_OF(counterparty)" if accounts == "all" else "LIST_OF(account)"
    return f"""
WITH cand AS ({candidates}),
grid AS (
  SELECT account, ws, {names} FROM (
    SELECT account, CAST(FLOOR(day / {window}) AS BIGINT) * {window} AS ws, {aggs}
    FROM cand GROUP BY account, CAST(FLOOR(day / {window}) AS BIGINT) * {window}
    UNION ALL
    SELECT account,
           CAST(FLOOR((day + FLOOR({window} / 2)) / {window}) AS BIGINT) * {window}
             - CAST(FLOOR({window} / 2) AS BIGINT) AS ws, {aggs}
    FROM cand
    GROUP BY account,
             CAST(FLOOR((day + FLOOR({window} / 2)) / {window}) AS BIGINT) * {window}
               - CAST(FLOOR({window} / 2) AS BIGINT)
  ) g
),
flagged AS (SELECT account, ws, ws + {window} - 1 AS we FROM grid WHERE {condition}),
marked AS (
  SELECT account, ws, we,
         CASE WHEN ws <= LAG(we) OVER (PARTITION BY account ORDER BY ws) THEN 0 ELSE 1 END AS brk
  FROM flagged
),
episodes AS (
  SELECT account, ws, we,
         SUM(brk) OVER (PARTITION BY account ORDER BY ws
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ep
  FROM marked
),
spans AS (
  SELECT account, MIN(ws) AS ws, MAX(we) AS we FROM episodes
  GROUP BY account, ep, CAST(FLOOR(ws / ({window} * {max_span})) AS BIGINT)
),
hits AS (
  SELECT c.*, s.ws AS span_start
  FROM spans s JOIN cand c ON c.account = s.account AND c.day BETWEEN s.ws AND s.we
),
alerts AS (
  SELECT account, {aggs}{extras},
         {members} AS accounts, LIST_OF(tx_id) AS transactions,
         MIN(t) AS window_start, MAX(t) AS window_end, CAST(SUM(cents) AS BIGINT) AS cents
  FROM hits GROUP BY account, span_start
)
SELECT account, accounts, transactions, window_start, window_end, cents,
       {names}{extra_names}, LEAST(1.0, GREATEST(0.0, {score})) AS score
FROM alerts WHERE {condition}
"""
