"""The SQL of :mod:`openfiu.monitoring.features`, one query per feature group.

Written once in the dialect DuckDB and Spark share (CTEs, ``CASE``, ``RANGE`` windows over
the integer ``day``); each query returns one row per account over the engine's ``tx`` view.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

#: Reporting threshold used for "just below the threshold" (structuring) amounts.
REPORTING_THRESHOLD: Final = 10_000.0
#: Amounts within this share under the threshold count as "just below" (9,000 - 9,999.99).
BELOW_THRESHOLD_BAND: Final = 0.10

_LEGS = """
legs AS (
    SELECT from_account AS account_id, to_account AS cp, 1 AS is_out, amount_base AS amt,
           day, channel, from_country, to_country, to_country AS cp_country
    FROM tx WHERE from_account IS NOT NULL
    UNION ALL
    SELECT to_account, from_account, 0, amount_base,
           day, channel, from_country, to_country, from_country
    FROM tx WHERE to_account IS NOT NULL
)"""


def _share(condition: str) -> str:
    return f"CAST(avg(CASE WHEN {condition} THEN 1 ELSE 0 END) AS DOUBLE)"


def _codes(countries: Sequence[str]) -> str:
    return ", ".join(f"'{c}'" for c in countries) or "''"


def basic_sql(high_risk: Sequence[str], conflict_zones: Sequence[str]) -> str:
    """Volume, time, amount and channel shares; ``high_risk`` and ``conflict_zones`` are
    checked ISO alpha-2 codes (the caller validates them: they are pasted into the SQL)."""
    low = REPORTING_THRESHOLD * (1 - BELOW_THRESHOLD_BAND)
    return f"""
WITH {_LEGS}
SELECT account_id,
    CAST(sum(is_out) AS DOUBLE) AS n_out,
    CAST(count(*) - sum(is_out) AS DOUBLE) AS n_in,
    CAST(sum(CASE WHEN is_out = 1 THEN amt ELSE 0 END) AS DOUBLE) AS sum_out,
    CAST(sum(CASE WHEN is_out = 0 THEN amt ELSE 0 END) AS DOUBLE) AS sum_in,
    CAST(sum(CASE WHEN is_out = 1 THEN amt ELSE 0 END) AS DOUBLE)
        / greatest(sum(CASE WHEN is_out = 0 THEN amt ELSE 0 END), 1) AS out_in_ratio,
    CAST(count(DISTINCT CASE WHEN is_out = 1 THEN cp END) AS DOUBLE) AS out_degree,
    CAST(count(DISTINCT CASE WHEN is_out = 0 THEN cp END) AS DOUBLE) AS in_degree,
    CAST(count(DISTINCT day) AS DOUBLE) AS active_days,
    CAST(max(day) - min(day) + 1 AS DOUBLE) AS span_days,
    CAST(count(*) AS DOUBLE) / count(DISTINCT day) AS tx_per_active_day,
    CAST(avg(amt) AS DOUBLE) AS amount_mean,
    CAST(coalesce(stddev_samp(amt) / nullif(avg(amt), 0), 0) AS DOUBLE) AS amount_cv,
    {_share("amt >= 100 AND amt % 100 = 0")} AS round_share,
    {_share(f"amt >= {low} AND amt < {REPORTING_THRESHOLD}")} AS below_threshold_share,
    {_share("channel = 'cash'")} AS cash_share,
    {_share("channel = 'crypto'")} AS crypto_share,
    {_share("channel = 'money_transfer'")} AS money_transfer_share,
    {_share("from_country <> to_country")} AS cross_border_share,
    {_share(f"cp_country IN ({_codes(high_risk)})")} AS high_risk_share,
    {_share(f"cp_country IN ({_codes(conflict_zones)})")} AS conflict_zone_share
FROM legs GROUP BY account_id
"""


# Distinct counterparties in sliding windows, exactly, in one sort (no window × window
# join): a (counterparty, day) row is the first of its counterparty in a window starting
# at anchor ``a`` when ``prev_day < a <= day`` and ``day < a + w``. So each row covers an
# interval of anchors; a running sum of +1/-1 events over anchor positions counts the
# distinct counterparties of every window, and its maximum is the fan count. "Probe" rows
# read that count at ``day - 3`` for each transfer: how many accounts the sender paid (or
# the receiver was paid by) within three days of it, credited to the other side. Receiving
# one payment from an account that is fanning out right then marks a ring member.
FAN_SQL = f"""
WITH {_LEGS},
pd AS (SELECT DISTINCT account_id, is_out, cp, day FROM legs WHERE cp IS NOT NULL),
prev AS (
    SELECT account_id, is_out, cp, day,
           lag(day) OVER (PARTITION BY account_id, is_out, cp ORDER BY day) AS prev_day
    FROM pd
),
spans AS (
    SELECT p.account_id, p.is_out, w.w, p.day AS e,
           greatest(coalesce(p.prev_day + 1, p.day - w.w + 1), p.day - w.w + 1) AS s
    FROM prev p CROSS JOIN (SELECT 7 AS w UNION ALL SELECT 14 UNION ALL SELECT 30) w
),
events AS (
    SELECT account_id, is_out, w, s AS pos, 1 AS delta, 0 AS probe, CAST(NULL AS STRING) AS cp
    FROM spans
    UNION ALL SELECT account_id, is_out, w, e + 1, -1, 0, CAST(NULL AS STRING) FROM spans
    UNION ALL SELECT account_id, is_out, 7, day - 3, 0, 1, cp FROM pd
),
cover AS (
    SELECT account_id, is_out, w, probe, cp,
           sum(delta) OVER (PARTITION BY account_id, is_out, w ORDER BY pos, probe, delta
                            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS n
    FROM events
),
per_account AS (
    SELECT account_id,
        CASE WHEN is_out = 1 AND w = 7 THEN n END AS fo7,
        CASE WHEN is_out = 1 AND w = 14 THEN n END AS fo14,
        CASE WHEN is_out = 1 AND w = 30 THEN n END AS fo30,
        CASE WHEN is_out = 0 AND w = 7 THEN n END AS fi7,
        CASE WHEN is_out = 0 AND w = 14 THEN n END AS fi14,
        CASE WHEN is_out = 0 AND w = 30 THEN n END AS fi30,
        CAST(NULL AS BIGINT) AS ibs, CAST(NULL AS BIGINT) AS obr
    FROM cover WHERE probe = 0
    UNION ALL
    SELECT cp, NULL, NULL, NULL, NULL, NULL, NULL,
        CASE WHEN is_out = 1 THEN n END, CASE WHEN is_out = 0 THEN n END
    FROM cover WHERE probe = 1
)
SELECT account_id,
    CAST(coalesce(max(fo7), 0) AS DOUBLE) AS fan_out_7d,
    CAST(coalesce(max(fo14), 0) AS DOUBLE) AS fan_out_14d,
    CAST(coalesce(max(fo30), 0) AS DOUBLE) AS fan_out_30d,
    CAST(coalesce(max(fi7), 0) AS DOUBLE) AS fan_in_7d,
    CAST(coalesce(max(fi14), 0) AS DOUBLE) AS fan_in_14d,
    CAST(coalesce(max(fi30), 0) AS DOUBLE) AS fan_in_30d,
    CAST(coalesce(max(ibs), 0) AS DOUBLE) AS in_from_burst_sender,
    CAST(coalesce(max(obr), 0) AS DOUBLE) AS out_to_burst_receiver
FROM per_account GROUP BY account_id
"""

#: Half-width, in days, of the window around a new relationship in which the
#: counterparty's other new relationships are counted (a 21-day window).
NOVELTY_RADIUS: Final = 10

# Counterparty novelty, from one pass over the relationships. A ring's members deal with
# each other once or in one burst, while normal customers keep paying the same payees:
# ``one_off_cp_share`` and ``new_cp_7d`` read the undirected pairs. The directed pairs
# (account, counterparty, direction) are new on their first day; ``k`` counts the account's
# new pairs of the same direction within ±NOVELTY_RADIUS days of that day (``k_all``:
# either direction). The account keeps its largest ``k`` (a burst of new payees or payers)
# and the counterparty is credited with it: paying an account that gained many new payers
# around that time marks a fan-in member; being paid by one that gained many new payees, a
# fan-out member. Normal fan-in/fan-out customers deal with the same accounts again and
# again, so their ``k`` stays low.
NOVELTY_SQL = f"""
WITH {_LEGS},
dpairs AS (
    SELECT account_id, cp, is_out, min(day) AS first_day, max(day) AS last_day
    FROM legs WHERE cp IS NOT NULL GROUP BY account_id, cp, is_out
),
pairs AS (
    SELECT account_id, cp, min(first_day) AS first_day, max(last_day) AS last_day
    FROM dpairs GROUP BY account_id, cp
),
firsts AS (SELECT account_id, first_day, count(*) AS n FROM pairs GROUP BY account_id, first_day),
w AS (
    SELECT account_id, sum(n) OVER (PARTITION BY account_id ORDER BY first_day
                                    RANGE BETWEEN 6 PRECEDING AND CURRENT ROW) AS n_7d
    FROM firsts
),
burst AS (SELECT account_id, max(n_7d) AS n FROM w GROUP BY account_id),
pair_stats AS (
    SELECT p.account_id, {_share("p.first_day = p.last_day")} AS one_off_cp_share,
        CAST(max(b.n) AS DOUBLE) AS new_cp_7d
    FROM pairs p JOIN burst b ON b.account_id = p.account_id
    GROUP BY p.account_id
),
nw AS (
    SELECT account_id, cp, is_out,
        count(*) OVER (PARTITION BY account_id, is_out ORDER BY first_day
            RANGE BETWEEN {NOVELTY_RADIUS} PRECEDING AND {NOVELTY_RADIUS} FOLLOWING) AS k,
        count(*) OVER (PARTITION BY account_id ORDER BY first_day
            RANGE BETWEEN {NOVELTY_RADIUS} PRECEDING AND {NOVELTY_RADIUS} FOLLOWING) AS k_all
    FROM dpairs
),
credited AS (
    SELECT account_id,
        CASE WHEN is_out = 1 THEN k END AS own_out, CASE WHEN is_out = 0 THEN k END AS own_in,
        k_all AS own_all, CAST(NULL AS BIGINT) AS rcv_in, CAST(NULL AS BIGINT) AS snd_out,
        CAST(NULL AS BIGINT) AS rcv_all, CAST(NULL AS BIGINT) AS snd_all
    FROM nw
    UNION ALL
    SELECT cp, NULL, NULL, NULL,
        CASE WHEN is_out = 0 THEN k END, CASE WHEN is_out = 1 THEN k END,
        CASE WHEN is_out = 0 THEN k_all END, CASE WHEN is_out = 1 THEN k_all END
    FROM nw
),
novelty AS (
    SELECT account_id,
        max(own_out) AS own_out, max(own_in) AS own_in, max(own_all) AS own_all,
        max(rcv_in) AS rcv_in, max(snd_out) AS snd_out,
        max(rcv_all) AS rcv_all, max(snd_all) AS snd_all
    FROM credited GROUP BY account_id
)
SELECT s.account_id, s.one_off_cp_share, s.new_cp_7d,
    CAST(coalesce(n.own_out, 0) AS DOUBLE) AS new_receivers_21d,
    CAST(coalesce(n.own_in, 0) AS DOUBLE) AS new_senders_21d,
    CAST(coalesce(n.own_all, 0) AS DOUBLE) AS new_cp_21d,
    CAST(coalesce(n.rcv_in, 0) AS DOUBLE) AS receiver_new_senders,
    CAST(coalesce(n.snd_out, 0) AS DOUBLE) AS sender_new_receivers,
    CAST(coalesce(n.rcv_all, 0) AS DOUBLE) AS receiver_new_cp,
    CAST(coalesce(n.snd_all, 0) AS DOUBLE) AS sender_new_cp
FROM pair_stats s LEFT JOIN novelty n ON n.account_id = s.account_id
"""

# Single-transaction counterparties: accounts whose only transaction is with this one
# (throw-away mules and ring members). Counted for the account itself, and for its
# counterparties: paying an account that is also paid by many throw-away accounts marks a
# fan-in member even when the member is otherwise a busy, normal-looking customer.
PEER_SQL = f"""
WITH {_LEGS},
activity AS (SELECT account_id, count(*) AS n FROM legs GROUP BY account_id),
edges AS (SELECT DISTINCT account_id, cp, is_out FROM legs WHERE cp IS NOT NULL),
marked AS (
    SELECT e.account_id, e.cp, e.is_out, CASE WHEN a.n = 1 THEN 1 ELSE 0 END AS single
    FROM edges e JOIN activity a ON a.account_id = e.cp
),
per_side AS (
    SELECT account_id, is_out, sum(single) AS singles, count(*) AS cps
    FROM marked GROUP BY account_id, is_out
),
peer AS (
    SELECT m.cp AS account_id,
        max(CASE WHEN m.is_out = 0 THEN s.singles END) AS rcv_singles,
        max(CASE WHEN m.is_out = 1 THEN s.singles END) AS snd_singles,
        max(CASE WHEN m.is_out = 0 THEN CAST(s.singles AS DOUBLE) / s.cps END) AS rcv_share,
        max(CASE WHEN m.is_out = 1 THEN CAST(s.singles AS DOUBLE) / s.cps END) AS snd_share
    FROM marked m JOIN per_side s ON s.account_id = m.account_id AND s.is_out = m.is_out
    GROUP BY m.cp
),
own AS (
    SELECT account_id, sum(single) AS singles, CAST(avg(single) AS DOUBLE) AS share
    FROM marked GROUP BY account_id
)
SELECT o.account_id,
    CAST(o.singles AS DOUBLE) AS single_tx_cps,
    o.share AS single_tx_cp_share,
    CAST(coalesce(p.rcv_singles, 0) AS DOUBLE) AS receiver_single_tx_senders,
    CAST(coalesce(p.snd_singles, 0) AS DOUBLE) AS sender_single_tx_receivers,
    CAST(coalesce(p.rcv_share, 0) AS DOUBLE) AS receiver_single_tx_share,
    CAST(coalesce(p.snd_share, 0) AS DOUBLE) AS sender_single_tx_share
FROM own o LEFT JOIN peer p ON p.account_id = o.account_id
"""

# Pass-through: each day's outflow counts as forwarded up to the inflow of the last N days
# (an upper estimate when inflows feed several payout days); capped at 1.
FLOW_SQL = f"""
WITH {_LEGS},
daily AS (
    SELECT account_id, day, count(*) AS n,
           sum(CASE WHEN is_out = 0 THEN amt ELSE 0 END) AS in_amt,
           sum(CASE WHEN is_out = 1 THEN amt ELSE 0 END) AS out_amt
    FROM legs GROUP BY account_id, day
),
w AS (
    SELECT account_id, day, n, in_amt, out_amt,
        sum(in_amt) OVER (PARTITION BY account_id ORDER BY day
                          RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS in_2d,
        sum(in_amt) OVER (PARTITION BY account_id ORDER BY day
                          RANGE BETWEEN 7 PRECEDING AND CURRENT ROW) AS in_7d,
        max(CASE WHEN in_amt > 0 THEN day END) OVER (PARTITION BY account_id ORDER BY day
                          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS last_in_day,
        sum(n) OVER (PARTITION BY account_id ORDER BY day
                     RANGE BETWEEN 6 PRECEDING AND CURRENT ROW) AS n_7d,
        sum(n) OVER (PARTITION BY account_id ORDER BY day
                     RANGE BETWEEN 13 PRECEDING AND CURRENT ROW) AS n_14d
    FROM daily
)
SELECT account_id,
    CAST(CASE WHEN sum(in_amt) > 0 THEN least(1, sum(least(out_amt, in_2d)) / sum(in_amt))
         ELSE 0 END AS DOUBLE) AS pass_through_2d,
    CAST(CASE WHEN sum(in_amt) > 0 THEN least(1, sum(least(out_amt, in_7d)) / sum(in_amt))
         ELSE 0 END AS DOUBLE) AS pass_through_7d,
    CAST(avg(CASE WHEN out_amt > 0 THEN day - last_in_day END) AS DOUBLE) AS in_out_gap_mean,
    CAST(min(CASE WHEN out_amt > 0 THEN day - last_in_day END) AS DOUBLE) AS in_out_gap_min,
    CAST(max(n_7d) AS DOUBLE) AS max_tx_7d,
    CAST(max(n_14d) AS DOUBLE) AS max_tx_14d,
    CAST(max(n_14d) AS DOUBLE) / sum(n) AS burst_share_14d
FROM w GROUP BY account_id
"""

GRAPH_SQL = """
WITH e AS (
    SELECT DISTINCT from_account AS src, to_account AS dst FROM tx
    WHERE from_account IS NOT NULL AND to_account IS NOT NULL AND from_account <> to_account
),
outdeg AS (SELECT src AS account_id, count(*) AS d FROM e GROUP BY src),
indeg AS (SELECT dst AS account_id, count(*) AS d FROM e GROUP BY dst),
nodes AS (SELECT account_id FROM outdeg UNION SELECT account_id FROM indeg),
partners AS (SELECT src AS account_id, dst AS cp FROM e UNION SELECT dst, src FROM e),
recip AS (
    SELECT e1.src AS account_id, count(*) AS n
    FROM e e1 JOIN e e2 ON e1.src = e2.dst AND e1.dst = e2.src GROUP BY e1.src
),
tri AS (
    SELECT e1.src AS account_id, count(*) AS n
    FROM e e1 JOIN e e2 ON e1.dst = e2.src JOIN e e3 ON e2.dst = e3.src AND e3.dst = e1.src
    WHERE e2.dst <> e1.src GROUP BY e1.src
),
reach AS (
    SELECT e1.src AS account_id, count(DISTINCT e2.dst) AS n
    FROM e e1 JOIN e e2 ON e1.dst = e2.src WHERE e2.dst <> e1.src GROUP BY e1.src
),
cp_out AS (
    SELECT e.src AS account_id, avg(i.d) AS m, max(i.d) AS mx
    FROM e JOIN indeg i ON i.account_id = e.dst GROUP BY e.src
),
cp_in AS (
    SELECT e.dst AS account_id, avg(o.d) AS m, max(o.d) AS mx
    FROM e JOIN outdeg o ON o.account_id = e.src GROUP BY e.dst
),
npart AS (SELECT account_id, count(*) AS n FROM partners GROUP BY account_id)
SELECT n.account_id,
    CAST(coalesce(recip.n, 0) AS DOUBLE) / greatest(npart.n, 1) AS reciprocity,
    CAST(coalesce(recip.n, 0) AS DOUBLE) AS cycles_2,
    CAST(coalesce(tri.n, 0) AS DOUBLE) AS cycles_3,
    CAST(coalesce(reach.n, 0) AS DOUBLE) AS reach_2hop,
    CAST(coalesce(cp_out.m, 0) AS DOUBLE) AS cp_out_in_degree_mean,
    CAST(coalesce(cp_in.m, 0) AS DOUBLE) AS cp_in_out_degree_mean,
    CAST(greatest(coalesce(cp_out.mx, 0), coalesce(cp_in.mx, 0)) AS DOUBLE) AS cp_degree_max
FROM nodes n
LEFT JOIN npart ON npart.account_id = n.account_id
LEFT JOIN recip ON recip.account_id = n.account_id
LEFT JOIN tri ON tri.account_id = n.account_id
LEFT JOIN reach ON reach.account_id = n.account_id
LEFT JOIN cp_out ON cp_out.account_id = n.account_id
LEFT JOIN cp_in ON cp_in.account_id = n.account_id
"""

# Stage two: what the account's counterparties look like (their stage-one features,
# registered as ``fi_account_base``). A ring's members inherit the ring's signals.
NEIGHBOUR_SQL = """
WITH e AS (
    SELECT DISTINCT from_account AS src, to_account AS dst FROM tx
    WHERE from_account IS NOT NULL AND to_account IS NOT NULL AND from_account <> to_account
),
nb AS (
    SELECT e.dst AS account_id, 1 AS from_sender, a.fan_out_7d AS fan, a.burst_share_14d AS burst,
           a.pass_through_2d AS pass, a.span_days AS span
    FROM e JOIN fi_account_base a ON a.account_id = e.src
    UNION ALL
    SELECT e.src, 0, a.fan_in_7d, a.burst_share_14d, a.pass_through_2d, a.span_days
    FROM e JOIN fi_account_base a ON a.account_id = e.dst
)
SELECT account_id,
    CAST(coalesce(max(CASE WHEN from_sender = 1 THEN fan END), 0) AS DOUBLE)
        AS nb_sender_fan_out_7d_max,
    CAST(coalesce(max(CASE WHEN from_sender = 0 THEN fan END), 0) AS DOUBLE)
        AS nb_receiver_fan_in_7d_max,
    CAST(max(burst) AS DOUBLE) AS nb_burst_share_max,
    CAST(avg(burst) AS DOUBLE) AS nb_burst_share_mean,
    CAST(max(pass) AS DOUBLE) AS nb_pass_through_2d_max,
    CAST(min(span) AS DOUBLE) AS nb_span_days_min
FROM nb GROUP BY account_id
"""
NEIGHBOUR_INPUTS = ("fan_out_7d", "fan_in_7d", "burst_share_14d", "pass_through_2d", "span_days")
