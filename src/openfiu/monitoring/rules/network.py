"""Network rules: patterns that span several accounts (cycles, scatter-gather, chains).

They work on ``e``, the transfers between two different accounts (wire, money transfer,
crypto; see :data:`~openfiu.monitoring.rules.base.TRANSFER`), and
grow paths one hop at a time with equi-joins on the account plus a bounded range of days,
so each join only pairs a transfer with the transfers that leave the receiving account
shortly after — never a full self-join of all transactions. Hop counts are bounded:
the SQL has one step per hop up to :data:`HOP_LIMIT`, and the ``max_hops`` parameter
switches the steps beyond it off (the optimiser drops them).

``gather_scatter`` is one account's pattern over a window, so it reuses the per-account
windowing of :mod:`openfiu.monitoring.rules.base`.
"""

from __future__ import annotations

from typing import Final

from openfiu.monitoring.rules.base import (
    CENTS,
    FLOW_AGGREGATES,
    IN_SPREAD,
    SHARE,
    SHARE_VALUE,
    TRANSFER,
    Rule,
    windowed_account_sql,
)

#: The most hops a cycle or a chain can have (the SQL has one join per hop).
HOP_LIMIT: Final = 8

_EDGES = f"""e AS (
  SELECT from_account AS src, to_account AS dst, tx_id, t, day, {CENTS} AS cents
  FROM moves WHERE {TRANSFER} AND amount_base >= {{min_amount}} AND amount_base >= 0.01
)"""
_RELAY = "relay AS (SELECT dst AS account FROM e INTERSECT SELECT src AS account FROM e)"
_RELAYS = f"""{_RELAY},
ce AS (
  SELECT e.* FROM e JOIN relay r1 ON r1.account = e.src JOIN relay r2 ON r2.account = e.dst
)"""


_SEP = ",\n"


def _cols(prefix: str, n: int, start: int = 1) -> list[str]:
    return [f"{prefix}{i}" for i in range(start, n + 1)]


def _cycle_sql() -> str:
    ctes = [
        _EDGES,
        _RELAYS,
        """p1 AS (
  SELECT src AS a0, dst AS a1, tx_id AS x1, t AS tl, t AS tmin, t AS tmax, day AS d1,
         cents AS c1, cents AS cl
  FROM ce WHERE {ordered} = 1 OR src < dst
)""",
    ]
    closed = []
    for n in range(2, HOP_LIMIT + 1):
        h = n - 1
        keep = ", ".join(f"p.{c}" for c in ["a0", *_cols("a", h), *_cols("x", h)])
        distinct = " AND ".join(f"e.dst <> p.a{i}" for i in range(1, h + 1))
        ctes.append(
            f"""x{n} AS (
  SELECT {keep}, e.dst AS a{n}, e.tx_id AS x{n}, e.t AS tl,
         LEAST(p.tmin, e.t) AS tmin, GREATEST(p.tmax, e.t) AS tmax, p.d1, p.c1, e.cents AS cl
  FROM p{h} p JOIN ce e ON e.src = p.a{h}
   AND e.day BETWEEN p.d1 - (1 - {{ordered}}) * {{window_days}} AND p.d1 + {{window_days}}
  WHERE {{max_hops}} >= {n} AND {distinct}
    AND ({{ordered}} = 0 OR e.t >= p.tl)
    AND ({{ordered}} = 1 OR p.a0 <= e.dst)
    AND ABS(e.cents - p.cl) <= {{amount_tolerance}} * p.cl
    AND GREATEST(p.tmax, e.t) - LEAST(p.tmin, e.t) <= {{window_days}} * 86400
)"""
        )
        if n < HOP_LIMIT:
            ctes.append(f"p{n} AS (SELECT * FROM x{n} WHERE a{n} <> a0)")
        accounts = ", ".join(["a0", *_cols("a", h)])
        txs = ", ".join(_cols("x", n))
        closed.append(
            f"""SELECT a0 AS account, ARRAY_OF({accounts}) AS accounts,
       ARRAY_OF({txs}) AS transactions, tmin AS window_start, tmax AS window_end,
       c1 AS cents, {n} AS hops, c1 AS first_cents, cl AS last_cents
FROM x{n} WHERE a{n} = a0 AND {{min_hops}} <= {n}"""
        )
    union = "\nUNION ALL\n".join(closed)
    return f"""WITH {_SEP.join(ctes)},
cycles AS ({union})
SELECT account, accounts, transactions, window_start, window_end, cents, hops,
       first_cents, last_cents,
       LEAST(1.0, 0.6 + 0.03 * hops + 0.2 * (1 - ABS(last_cents - first_cents) / first_cents))
         AS score
FROM cycles"""


CYCLE: Final = Rule(
    name="cycle",
    typology="cycle",
    description=(
        "Money returns to the account it left after min_hops to max_hops transfers within "
        "a window, each hop within amount_tolerance of the previous one (a small fee "
        "kept) and (ordered = 1) later in time. Two-account round trips (a loan and its "
        "repayment, a crypto purchase and sale) are not cycles unless min_hops = 2."
    ),
    params={
        "min_hops": 3,
        "max_hops": 6,
        "window_days": 14,
        "amount_tolerance": 0.1,
        "ordered": 1,
        "min_amount": 0.0,
    },
    sql=_cycle_sql(),
    explain=(
        "Money went round a cycle of {hops} transfers through {n_accounts} accounts "
        "({accounts}) from {start} to {end}: {first:,.2f} USD left account {account} and "
        "{last:,.2f} USD came back."
    ),
    family="network",
)

SCATTER_GATHER: Final = Rule(
    name="scatter_gather",
    typology="scatter_gather",
    description=(
        "One source sends to several intermediaries, which each pass a similar amount on "
        "to the same sink within a few days; each run of the scheme (calendar windows of "
        "window_days, by the day of the scatter leg) is its own alert."
    ),
    params={
        "min_intermediaries": 3,
        "max_delay_days": 10,
        "window_days": 30,
        "amount_tolerance": 0.2,
        "min_amount": 0.0,
    },
    sql=f"""WITH {_EDGES},
{_RELAY},
pairs AS (
  SELECT a.src AS source, a.dst AS mid, b.dst AS sink, a.tx_id AS x1, b.tx_id AS x2,
         a.t AS t1, b.t AS t2, a.cents AS c1, b.cents AS c2,
         CAST(FLOOR(a.day / {{window_days}}) AS BIGINT) AS wb
  FROM e a JOIN relay r ON r.account = a.dst
  JOIN e b ON b.src = a.dst AND b.day BETWEEN a.day AND a.day + {{max_delay_days}}
  WHERE b.dst <> a.src AND b.t >= a.t AND ABS(b.cents - a.cents) <= {{amount_tolerance}} * a.cents
),
groups AS (
  SELECT source, sink, wb FROM pairs GROUP BY source, sink, wb
  HAVING COUNT_DISTINCT(mid) >= {{min_intermediaries}}
     AND MAX(t2) - MIN(t1) <= {{window_days}} * 86400
),
hit AS (
  SELECT p.* FROM pairs p
  JOIN groups g ON g.source = p.source AND g.sink = p.sink AND g.wb = p.wb
),
members AS (
  SELECT source, sink, wb, 'out' AS role, mid AS acct, x1 AS tx, c1 AS cents, t1 AS t FROM hit
  UNION
  SELECT source, sink, wb, 'in' AS role, mid AS acct, x2 AS tx, c2 AS cents, t2 AS t FROM hit
  UNION
  SELECT source, sink, wb, 'end' AS role, sink AS acct, CAST(NULL AS STRING) AS tx,
         CAST(0 AS BIGINT) AS cents, CAST(NULL AS BIGINT) AS t
  FROM groups
),
found AS (
  SELECT source AS account, LIST_OF(acct) AS accounts, LIST_OF(tx) AS transactions,
         MIN(t) AS window_start, MAX(t) AS window_end,
         CAST(SUM(CASE WHEN role = 'out' THEN cents ELSE 0 END) AS BIGINT) AS cents,
         COUNT_DISTINCT(CASE WHEN role <> 'end' THEN acct END) AS intermediaries,
         CAST(SUM(CASE WHEN role = 'in' THEN cents ELSE 0 END) AS BIGINT) AS gathered_cents,
         MAX(CASE WHEN role = 'end' THEN acct END) AS sink
  FROM members GROUP BY source, sink, wb
)
SELECT account, accounts, transactions, window_start, window_end, cents,
       intermediaries, cents AS scattered_cents, gathered_cents, sink,
       LEAST(1.0, 0.6 + 0.04 * (intermediaries - {{min_intermediaries}})
                  + 0.2 * LEAST(gathered_cents, cents) / GREATEST(gathered_cents, cents)) AS score
FROM found""",
    explain=(
        "Account {account} scattered {scattered:,.2f} USD over {intermediaries} "
        "intermediaries, which passed {gathered:,.2f} USD on to account {sink} from {start} "
        "to {end}."
    ),
    family="network",
)

GATHER_SCATTER: Final = Rule(
    name="gather_scatter",
    typology="gather_scatter",
    description=(
        "One hub gathers money from several sources, in similar amounts (spread of the "
        "inflows at most max_spread, see fan_in), and then scatters about the same amount "
        "to several sinks: on average the money leaves after it arrived, and what leaves "
        "is min_share to max_share of what came in. A business's varied takings, or "
        "payments from its own funds, do not fit."
    ),
    params={
        "min_sources": 4,
        "min_sinks": 4,
        "min_share": 0.8,
        "max_share": 1.1,
        "min_total": 5000.0,
        "max_spread": 0.8,
        "window_days": 14,
    },
    sql=windowed_account_sql(
        f"""SELECT to_account AS account, from_account AS counterparty, day, t, tx_id,
                   {CENTS} AS cents, 'in' AS kind
            FROM moves WHERE {TRANSFER}
            UNION ALL
            SELECT from_account AS account, to_account AS counterparty, day, t, tx_id,
                   {CENTS} AS cents, 'out' AS kind
            FROM moves WHERE {TRANSFER}""",
        aggregates={**FLOW_AGGREGATES, "in_spread": IN_SPREAD},
        condition=(
            "senders >= {min_sources} AND recipients >= {min_sinks} "
            "AND in_cents >= {min_total} * 100 AND in_time <= out_time "
            "AND in_spread <= {max_spread} "
            "AND out_cents >= {min_share} * in_cents AND out_cents <= {max_share} * in_cents"
        ),
        score=(
            "0.55 + 0.02 * (senders - {min_sources}) + 0.02 * (recipients - {min_sinks}) "
            f"+ 0.2 * (1 - ABS(1 - {SHARE}))"
        ),
        accounts="all",
        extra=SHARE_VALUE,
    ),
    explain=(
        "Account {account} gathered {in:,.2f} USD in similar amounts (spread "
        "{in_spread:.2f}) from {senders} sources and then "
        "scattered {out:,.2f} USD ({share:.0%} of it) to {recipients} sinks from {start} "
        "to {end}."
    ),
    family="network",
)


def _chain_sql() -> str:
    ctes = [
        _EDGES,
        """q1 AS (
  SELECT e.src AS a0, e.dst AS a1, e.tx_id AS x1, e.t AS t1, e.t AS tl, e.day AS dl,
         e.cents AS c1, e.cents AS cl
  FROM e WHERE NOT EXISTS (
    SELECT 1 FROM e q
    WHERE q.dst = e.src AND q.day BETWEEN e.day - {max_delay_days} AND e.day
      AND q.t <= e.t AND q.src <> e.dst
      AND e.cents >= {min_forward} * q.cents AND e.cents <= q.cents
  )
)""",
    ]
    for n in range(2, HOP_LIMIT + 1):
        h = n - 1
        keep = ", ".join(f"p.{c}" for c in ["a0", *_cols("a", h), *_cols("x", h)])
        distinct = " AND ".join(f"e.dst <> p.a{i}" for i in range(0, h))
        ctes.append(
            f"""q{n} AS (
  SELECT {keep}, e.dst AS a{n}, e.tx_id AS x{n}, p.t1, e.t AS tl, e.day AS dl, p.c1,
         e.cents AS cl
  FROM q{h} p JOIN e ON e.src = p.a{h} AND e.day BETWEEN p.dl AND p.dl + {{max_delay_days}}
  WHERE {{max_hops}} >= {n} AND {distinct} AND e.t >= p.tl
    AND e.cents >= {{min_forward}} * p.cl AND e.cents <= p.cl
)"""
        )
    found = []
    for n in range(2, HOP_LIMIT + 1):
        same = " AND ".join(f"m.x{i} = p.x{i}" for i in range(1, n + 1))
        maximal = f"AND NOT EXISTS (SELECT 1 FROM q{n + 1} m WHERE {same})" if n < HOP_LIMIT else ""
        found.append(
            f"""SELECT a0 AS account, ARRAY_OF({", ".join(["a0", *_cols("a", n)])}) AS accounts,
       ARRAY_OF({", ".join(_cols("x", n))}) AS transactions, t1 AS window_start,
       tl AS window_end, c1 AS cents, {n} AS hops, c1 AS first_cents, cl AS last_cents,
       a{n} AS beneficiary
FROM q{n} p WHERE {{min_hops}} <= {n} {maximal}"""
        )
    union = "\nUNION ALL\n".join(found)
    return f"""WITH {_SEP.join(ctes)},
chains AS ({union})
SELECT account, accounts, transactions, window_start, window_end, cents, hops, first_cents,
       last_cents, beneficiary,
       LEAST(1.0, 0.5 + 0.08 * hops + 0.1 * last_cents / first_cents) AS score
FROM chains"""


LAYERING_CHAIN: Final = Rule(
    name="layering_chain",
    typology="layering_chain",
    description=(
        "A chain of at least min_hops transfers where each account forwards most of what "
        "it received (min_forward to 100 %) within max_delay_days; the longest chains are "
        "reported, from the first account of each chain."
    ),
    params={
        "min_hops": 3,
        "max_hops": 6,
        "max_delay_days": 3,
        "min_forward": 0.8,
        "min_amount": 1000.0,
    },
    sql=_chain_sql(),
    explain=(
        "{first:,.2f} USD left account {account} and passed through a chain of {hops} "
        "transfers, each forwarding most of what it received, to account {beneficiary} "
        "({last:,.2f} USD) from {start} to {end}."
    ),
    family="network",
)

RULES: Final = (CYCLE, SCATTER_GATHER, GATHER_SCATTER, LAYERING_CHAIN)
