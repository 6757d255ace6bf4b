"""What a rule is, how its SQL is rendered for an engine, and the shared windowing SQL.

A :class:`Rule` holds its SQL once, in the subset DuckDB and Spark SQL share. The SQL has
``{param}`` placeholders for the rule's named parameters and three dialect macros that
:class:`Dialect` expands per engine:

* ``LIST_OF(expr)`` — the distinct non-null values of ``expr`` in a group, as a list;
* ``ARRAY_OF(a, b, …)`` — a list built from the values of one row;
* ``COUNT_DISTINCT(expr)`` — the number of distinct non-null values of ``expr`` in a
  group: ``COUNT(DISTINCT expr)`` on DuckDB, ``size(collect_set(expr))`` on Spark, where
  a true distinct count costs an extra shuffle (and, with two distinct counts over
  different values in one group, a copy of every row per count). Both are exact.

Every rule returns one row per alert with the columns ``account`` (the focus account, or
null), ``accounts`` (list, the focus account need not be in it), ``transactions``
(list), ``window_start`` and ``window_end`` (seconds since 1970), ``cents`` (BIGINT, the
amount in base-currency cents, summed exactly on every engine), ``score`` (DOUBLE in
[0, 1]) and the values that crossed thresholds (one column each). ``openfiu.monitoring.run``
turns those rows into alerts.

Rules read the view ``tx`` or, for flows, ``moves`` (:data:`MOVES_SQL`: ``tx`` without
card purchases), which :func:`openfiu.monitoring.run.run_rules` stores once per run.

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


def _when(kind: str, value: str, other: str = "") -> str:
    tail = f" ELSE {other}" if other else ""
    return f"CASE WHEN kind = '{kind}' THEN {value}{tail} END"


def _centroid(kind: str) -> str:
    """Amount-weighted mean time (seconds) of the rows of ``kind``: when, on average, the
    money arrived (``in``) or left (``out``)."""
    mean = f"SUM({_when(kind, 'CAST(cents AS DOUBLE) * t')}) / SUM({_when(kind, 'cents')})"
    return f"CAST(FLOOR({mean}) AS BIGINT)"


#: Aggregates over an account's inflows (``kind = 'in'``) and outflows (``kind = 'out'``)
#: in a window, for rules about money that comes in and moves on: counts, sums in cents,
#: distinct counterparties on each side, and the amount-weighted mean time of each side
#: (``in_time <= out_time``: on average the money arrived before it left).
FLOW_AGGREGATES: Final = {
    "inflows": f"SUM({_when('in', '1', '0')})",
    "outflows": f"SUM({_when('out', '1', '0')})",
    "in_cents": f"CAST(SUM({_when('in', 'cents', '0')}) AS BIGINT)",
    "out_cents": f"CAST(SUM({_when('out', 'cents', '0')}) AS BIGINT)",
    "senders": f"COUNT_DISTINCT({_when('in', 'counterparty')})",
    "recipients": f"COUNT_DISTINCT({_when('out', 'counterparty')})",
    "in_time": _centroid("in"),
    "out_time": _centroid("out"),
}

#: ``out_cents / in_cents`` as a double (the share of the inflow passed on), over the
#: aliases of :data:`FLOW_AGGREGATES` (for conditions and scores) …
SHARE: Final = "CAST(out_cents AS DOUBLE) / in_cents"
#: … and as an aggregate of its own (for ``extra`` values the explanation quotes).
SHARE_VALUE: Final = {
    "share": f"CAST(SUM({_when('out', 'cents', '0')}) AS DOUBLE) "
    f"/ NULLIF(SUM({_when('in', 'cents', '0')}), 0)"
}

#: Spread of the amounts of a window: the standard deviation of their natural logarithm
#: (0.25 means most amounts lie within about ±25 % of a common level; a shop's or an
#: employer's varied amounts give 1 or more).
SPREAD: Final = "STDDEV_SAMP(LN(cents))"


def regular_payee(payers: str = "TRUE") -> str:
    """SQL: transfer ``o`` (a ``moves`` alias) goes to a regular payee — every payment
    from this payer to this payee, two or more, is about the same amount (within the
    rule parameter ``{regular_tolerance}``) and they come at least ``{regular_days}`` days
    apart on average: salaries, rents, standing orders.

    One ``GROUP BY`` over the pairs, no self-join of transactions. ``payers`` is a
    condition on ``from_account`` that limits the payers looked at, e.g.
    ``from_account IN (SELECT account FROM focus)``.
    """
    return f"""EXISTS (
                SELECT 1 FROM (
                  SELECT from_account AS payer, to_account AS payee FROM moves
                  WHERE from_account IS NOT NULL AND to_account IS NOT NULL AND {payers}
                  GROUP BY from_account, to_account
                  HAVING COUNT(*) >= 2
                     AND MAX(amount_base) <= (1 + {{regular_tolerance}}) * MIN(amount_base)
                     AND MAX(day) - MIN(day) >= {{regular_days}} * (COUNT(*) - 1)
                ) r WHERE r.payer = o.from_account AND r.payee = o.to_account)"""


#: :data:`SPREAD` of the inflows (``kind = 'in'``) only.
IN_SPREAD: Final = f"STDDEV_SAMP({_when('in', 'LN(cents)')})"

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_LIST_OF = re.compile(r"LIST_OF\(([^()]*)\)")
_COUNT_DISTINCT = re.compile(r"COUNT_DISTINCT\(([^()]*)\)")
_DECIMAL_LITERAL = re.compile(r"(?<![\w.])(\d+\.\d+)(?![\w.])")


class RuleError(OpenFIUError):
    """A rule name or parameter is unknown or has a value of the wrong type."""


#: The view ``moves`` that :func:`openfiu.monitoring.run.run_rules` builds once before the
#: rules run: the rows of ``tx`` that move money between accounts or in and out of cash —
#: every channel but card purchases, which are most rows and which no flow rule follows
#: — with the columns the rules read. Rules that follow flows read ``moves`` instead of
#: ``tx``, so each scans a fifth of the data.
MOVES_SQL: Final = """SELECT tx_id, from_account, to_account, amount_base, channel, from_country,
       to_country, narrative, from_party, to_party, t, day
FROM tx WHERE channel <> 'card'"""


@dataclass(frozen=True)
class Dialect:
    """How one engine spells the three macros the rule SQL uses, and how it keeps a
    query's result for several later queries (``materialize`` / ``drop``) or names it
    (``temp_view``): statements with ``{name}`` and ``{query}`` placeholders."""

    name: str
    list_of: str  # format string with {x}
    array_of: str  # function name that builds a list from arguments
    count_distinct: str = "COUNT(DISTINCT {x})"  # format string with {x}
    materialize: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    temp_view: tuple[str, ...] = ()

    def expand(self, sql: str) -> str:
        """Replace ``LIST_OF(x)``, ``COUNT_DISTINCT(x)`` and ``ARRAY_OF(`` by this engine's
        spelling."""
        sql = _LIST_OF.sub(lambda m: self.list_of.format(x=m.group(1).strip()), sql)
        sql = _COUNT_DISTINCT.sub(lambda m: self.count_distinct.format(x=m.group(1).strip()), sql)
        return sql.replace("ARRAY_OF(", f"{self.array_of}(")

    def keep(self, name: str, query: str) -> list[str]:
        """Statements that store ``query``'s result as table or cached view ``name``."""
        return [s.format(name=name, query=query) for s in (*self.drop, *self.materialize)]

    def view(self, name: str, query: str) -> list[str]:
        """Statements that make ``query`` a temporary view ``name`` (computed when read)."""
        return [s.format(name=name, query=query) for s in (*self.drop, *self.temp_view)]

    def release(self, name: str) -> list[str]:
        """Statements that drop what :meth:`keep` stored."""
        return [s.format(name=name) for s in self.drop]


DUCKDB: Final = Dialect(
    "duckdb",
    "list(DISTINCT {x}) FILTER (WHERE {x} IS NOT NULL)",
    "list_value",
    materialize=("CREATE TEMP TABLE {name} AS {query}",),
    drop=("DROP TABLE IF EXISTS {name}",),
)
SPARK: Final = Dialect(
    "spark",
    "collect_set({x})",
    "array",
    count_distinct="size(collect_set({x}))",
    materialize=("CACHE LAZY TABLE {name} AS {query}",),
    drop=("UNCACHE TABLE IF EXISTS {name}", "DROP VIEW IF EXISTS {name}"),
    temp_view=("CREATE TEMPORARY VIEW {name} AS {query}",),
)
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
    #: On engines that inline common table expressions (Spark), run the SQL step by step
    #: and cache the steps read more than once (:mod:`openfiu.monitoring.rules.stages`):
    #: path searches whose steps build on each other, and the windowed per-account rules,
    #: whose candidate rows (``cand``, with its ``focus``) are read three times — by both
    #: grids and by the final join (measured in ``docs/monitoring.md``). ``False`` runs
    #: the query whole.
    staged: bool = True

    @property
    def reads_moves(self) -> bool:
        """Whether the SQL reads the view ``moves`` (see :data:`MOVES_SQL`)."""
        return re.search(r"\b(FROM|JOIN) moves\b", self.sql) is not None

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


def _focused(candidates: str, focus: str | None) -> str:
    """The CTEs ``focus`` (when given) and ``cand``."""
    if focus is None:
        return f"cand AS ({candidates})"
    return f"""focus AS ({focus}),
cand AS (SELECT c.* FROM ({candidates}) c WHERE c.account IN (SELECT account FROM focus))"""


def busy_accounts(side: str, where: str, having: str, window: str = "{window_days}") -> str:
    """Accounts (``side``: ``from_account`` or ``to_account``) whose ``moves`` rows matching
    ``where`` meet ``having`` (e.g. ``COUNT(*) >= 8``) in one window of ``window`` days on
    either grid of :func:`windowed_account_sql` — a cheap ``focus`` (no distinct counts)
    for rules that need many movements or a large sum, such as fan-in."""
    half = f"CAST(FLOOR({window} / 2) AS BIGINT)"
    return f"""SELECT {side} AS account FROM moves WHERE {where}
    GROUP BY {side}, CAST(FLOOR(day / {window}) AS BIGINT)
    HAVING {having}
    UNION
    SELECT {side} AS account FROM moves WHERE {where}
    GROUP BY {side}, CAST(FLOOR((day + {half}) / {window}) AS BIGINT)
    HAVING {having}"""


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
    focus: str | None = None,
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
WITH {_focused(candidates, focus)},
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
