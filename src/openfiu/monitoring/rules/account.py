"""Per-account rules: what one account does within a window of days.

Each rule selects candidate movements of an account (see
:func:`~openfiu.monitoring.rules.base.windowed_account_sql`) and states, as SQL over a few
aggregates, when a window is suspicious. Conventions of the canonical data they rely on: a
cash deposit has ``channel = 'cash'`` and no ``from_account``; a cash withdrawal has
``channel = 'cash'`` and no ``to_account``; the depositor of cash, when known, is in
``from_party``.
"""

from __future__ import annotations

from typing import Final

from openfiu.monitoring.rules.base import (
    CENTS,
    FLOW_AGGREGATES,
    SHARE,
    SHARE_VALUE,
    SPREAD,
    TRANSFER,
    Rule,
    busy_accounts,
    regular_payee,
    windowed_account_sql,
)

STRUCTURING: Final = Rule(
    name="structuring",
    typology="structuring",
    description=(
        "Several cash deposits just under the reporting threshold into one account within "
        "a few days, together above it."
    ),
    params={"threshold": 10000.0, "margin": 0.2, "min_deposits": 3, "window_days": 7},
    sql=windowed_account_sql(
        f"""SELECT to_account AS account, from_party AS counterparty, day, t, tx_id,
                   {CENTS} AS cents, 'cash_in' AS kind
            FROM moves
            WHERE channel = 'cash' AND from_account IS NULL AND to_account IS NOT NULL
              AND amount_base >= {{threshold}} * (1 - {{margin}})
              AND amount_base < {{threshold}}""",
        aggregates={"deposits": "COUNT(*)", "total_cents": "CAST(SUM(cents) AS BIGINT)"},
        condition="deposits >= {min_deposits} AND total_cents >= {threshold} * 100",
        score="0.6 + 0.1 * (deposits - {min_deposits}) + 0.05 * total_cents / ({threshold} * 100)",
        extra={"band_low": "MIN({threshold} * (1 - {margin}))"},
    ),
    explain=(
        "Account {account} received {deposits} cash deposits between {band_low:,.0f} and "
        "{threshold:,.0f} USD, just under the reporting threshold, totalling {total:,.2f} USD "
        "from {start} to {end}."
    ),
)

SMURFING: Final = Rule(
    name="smurfing",
    typology="smurfing",
    description=(
        "Many depositors feed one account with cash: either cash deposits into it by "
        "different depositors (from_party), or transfers from accounts that had each just "
        "deposited cash under the reporting threshold (the smurfs) into a collector."
    ),
    params={
        "max_amount": 10000.0,
        "min_depositors": 5,
        "feed_days": 2,
        "min_total": 10000.0,
        "window_days": 7,
    },
    sql=windowed_account_sql(
        f"""SELECT to_account AS account, from_party AS counterparty, day, t, tx_id,
                   {CENTS} AS cents, 'cash' AS kind
            FROM moves
            WHERE channel = 'cash' AND from_account IS NULL AND to_account IS NOT NULL
              AND from_party IS NOT NULL AND amount_base < {{max_amount}}
            UNION ALL
            SELECT DISTINCT f.to_account AS account, f.from_account AS counterparty, f.day, f.t,
                   f.tx_id, CAST(ROUND(f.amount_base * 100) AS BIGINT) AS cents, 'fed' AS kind
            FROM moves f JOIN moves c ON c.to_account = f.from_account
             AND c.day BETWEEN f.day - {{feed_days}} AND f.day
            WHERE f.from_account IS NOT NULL AND f.to_account IS NOT NULL
              AND f.from_account <> f.to_account
              AND f.channel IN ('wire', 'money_transfer') AND f.amount_base < {{max_amount}}
              AND c.channel = 'cash' AND c.from_account IS NULL AND c.t <= f.t
              AND c.amount_base < {{max_amount}}""",
        aggregates={
            "deposits": "COUNT(*)",
            "depositors": "COUNT_DISTINCT(counterparty)",
            "total_cents": "CAST(SUM(cents) AS BIGINT)",
        },
        condition="depositors >= {min_depositors} AND total_cents >= {min_total} * 100",
        score="0.55 + 0.05 * (depositors - {min_depositors}) + 0.05 * total_cents / ({min_total} * 100)",
        accounts="all",
    ),
    explain=(
        "Account {account} was fed {total:,.2f} USD in {deposits} cash deposits or "
        "transfers from {depositors} different depositors who had just paid in cash under "
        "{max_amount:,.0f} USD, from {start} to {end}."
    ),
)


FAN_IN: Final = Rule(
    name="fan_in",
    typology="fan_in",
    description=(
        "Many distinct senders pay one account within a few days, each a similar amount "
        "(the senders were told how much to send), together a material sum: money "
        "collected for someone. Card purchases and cash are left out, and a shop's or a "
        "seller's takings fail the similar-amount test (their amounts vary widely)."
    ),
    params={
        "min_counterparties": 8,
        "window_days": 7,
        "min_amount": 0.0,
        "min_total": 5000.0,
        "max_spread": 0.6,
    },
    sql=windowed_account_sql(
        f"""SELECT to_account AS account, from_account AS counterparty, day, t, tx_id,
                   {CENTS} AS cents, 'in' AS kind
            FROM moves WHERE {TRANSFER} AND amount_base >= {{min_amount}} AND amount_base >= 0.01""",
        aggregates={
            "transfers": "COUNT(*)",
            "counterparties": "COUNT_DISTINCT(counterparty)",
            "total_cents": "CAST(SUM(cents) AS BIGINT)",
            "spread": SPREAD,
        },
        focus=busy_accounts("to_account", TRANSFER, "COUNT(*) >= {min_counterparties}"),
        condition=(
            "counterparties >= {min_counterparties} AND total_cents >= {min_total} * 100 "
            "AND spread <= {max_spread}"
        ),
        score=(
            "0.5 + 0.02 * (counterparties - {min_counterparties}) "
            "+ 0.3 * (1 - spread / GREATEST({max_spread}, 0.01))"
        ),
        accounts="all",
    ),
    explain=(
        "Account {account} received {transfers} transfers of similar amounts (spread "
        "{spread:.2f}) from {counterparties} different accounts, totalling {total:,.2f} USD, "
        "from {start} to {end}."
    ),
)

FAN_OUT: Final = Rule(
    name="fan_out",
    typology="fan_out",
    description=(
        "An account receives money and within days splits about as much over many "
        "distinct recipients: a funded dispersal. Payroll and supplier runs fail the test "
        "(they are paid from the business's own funds, far more than what arrived in the "
        "window), and so do accounts whose payments come before the money; a regular "
        "payee (two or more payments of about the same amount, at least regular_days "
        "apart on average: salaries, rents, standing orders) does not count."
    ),
    params={
        "min_counterparties": 8,
        "window_days": 7,
        "min_amount": 0.0,
        "min_total": 5000.0,
        "min_share": 0.5,
        "max_share": 1.25,
        "regular_days": 25,
        "regular_tolerance": 0.05,
    },
    sql=windowed_account_sql(
        f"""SELECT o.from_account AS account, o.to_account AS counterparty, o.day, o.t,
                   o.tx_id, CAST(ROUND(o.amount_base * 100) AS BIGINT) AS cents, 'out' AS kind
            FROM moves o
            WHERE o.from_account IS NOT NULL AND o.to_account IS NOT NULL
              AND o.from_account <> o.to_account
              AND o.channel IN ('wire', 'money_transfer', 'crypto')
              AND o.from_account IN (SELECT account FROM focus)
              AND o.amount_base >= {{min_amount}}
              AND NOT {regular_payee("from_account IN (SELECT account FROM focus)")}
            UNION ALL
            SELECT to_account AS account, COALESCE(from_account, from_party) AS counterparty,
                   day, t, tx_id, {CENTS} AS cents, 'in' AS kind
            FROM moves WHERE to_account IS NOT NULL AND COALESCE(from_account, '') <> to_account
              AND channel <> 'card'""",
        aggregates=FLOW_AGGREGATES,
        focus=busy_accounts("from_account", TRANSFER, "COUNT(*) >= {min_counterparties}"),
        condition=(
            "recipients >= {min_counterparties} AND out_cents >= {min_total} * 100 "
            "AND out_cents >= {min_share} * in_cents AND out_cents <= {max_share} * in_cents "
            "AND in_time <= out_time"
        ),
        score=(
            f"0.5 + 0.02 * (recipients - {{min_counterparties}}) + 0.3 * (1 - ABS(1 - {SHARE}))"
        ),
        accounts="all",
        extra=SHARE_VALUE,
    ),
    explain=(
        "Account {account} received {in:,.2f} USD and within days sent {out:,.2f} USD "
        "({share:.0%} of it) to {recipients} different accounts from {start} to {end}."
    ),
)

_IN_OUT = f"""
SELECT to_account AS account, from_account AS counterparty, day, t, tx_id,
       {CENTS} AS cents, 'in' AS kind
FROM moves WHERE to_account IS NOT NULL AND COALESCE(from_account, '') <> to_account
  AND channel <> 'card'
UNION ALL
SELECT from_account AS account, to_account AS counterparty, day, t, tx_id,
       {CENTS} AS cents, 'out' AS kind
FROM moves WHERE from_account IS NOT NULL AND COALESCE(to_account, '') <> from_account
  AND channel <> 'card'"""

_RATIO = (
    "CAST(SUM(CASE WHEN kind = 'out' THEN cents ELSE 0 END) AS DOUBLE)"
    " / CAST(SUM(CASE WHEN kind = 'in' THEN cents ELSE 0 END) AS DOUBLE)"
)

PASS_THROUGH: Final = Rule(
    name="pass_through",
    typology="pass_through",
    description=(
        "Money out nearly equals money in within a short window, leaves after it came in, "
        "and goes to at most max_recipients accounts: the account forwards funds in a "
        "lump or two (a mule or funnel) instead of keeping or spending them. A business "
        "paying many suppliers from its takings does not fit (card purchases left out)."
    ),
    params={
        "min_amount": 5000.0,
        "min_ratio": 0.9,
        "max_ratio": 1.05,
        "max_recipients": 2,
        "window_days": 3,
    },
    sql=windowed_account_sql(
        _IN_OUT,
        aggregates={
            k: FLOW_AGGREGATES[k]
            for k in ("in_cents", "out_cents", "recipients", "in_time", "out_time")
        },
        focus=busy_accounts(
            "to_account",
            "to_account IS NOT NULL AND COALESCE(from_account, '') <> to_account",
            f"SUM({CENTS}) >= {{min_amount}} * 100",
        ),
        condition=(
            "in_cents >= {min_amount} * 100 AND out_cents >= {min_ratio} * in_cents "
            "AND out_cents <= {max_ratio} * in_cents AND in_time <= out_time "
            "AND recipients <= {max_recipients}"
        ),
        score=(
            "0.5 + 0.4 * LEAST(in_cents, out_cents) / GREATEST(in_cents, out_cents) "
            "+ 0.1 * LEAST(1.0, in_cents / ({min_amount} * 1000))"
        ),
        extra={"ratio": _RATIO},
    ),
    explain=(
        "Account {account} received {in:,.2f} USD and sent out {out:,.2f} USD "
        "({ratio:.0%} of it) to {recipients} account(s) between {start} and {end}, passing "
        "the money straight through."
    ),
)

HIGH_RISK_JURISDICTION: Final = Rule(
    name="high_risk_jurisdiction",
    typology="high_risk_jurisdiction",
    description=(
        "Transfers to or from a high-risk jurisdiction (FATF call-for-action or "
        "increased-monitoring list, table high_risk_countries) above an amount."
    ),
    params={"min_amount": 10000.0, "window_days": 30},
    sql=windowed_account_sql(
        f"""SELECT tx.from_account AS account, tx.to_account AS counterparty, day, t, tx_id,
                   {CENTS} AS cents, h.list_name AS kind, tx.to_country AS country
            FROM moves tx JOIN high_risk_countries h ON h.country = tx.to_country
            WHERE tx.from_account IS NOT NULL AND amount_base >= {{min_amount}}
            UNION ALL
            SELECT tx.to_account AS account, tx.from_account AS counterparty, day, t, tx_id,
                   {CENTS} AS cents, h.list_name AS kind, tx.from_country AS country
            FROM moves tx JOIN high_risk_countries h ON h.country = tx.from_country
            WHERE tx.to_account IS NOT NULL AND amount_base >= {{min_amount}}""",
        aggregates={
            "transfers": "COUNT(*)",
            "call_for_action": "SUM(CASE WHEN kind = 'call_for_action' THEN 1 ELSE 0 END)",
            "total_cents": "CAST(SUM(cents) AS BIGINT)",
        },
        condition="transfers >= 1",
        score="0.5 + 0.3 * LEAST(1, call_for_action) + 0.05 * (transfers - 1)",
        extra={"countries": "LIST_OF(country)"},
    ),
    explain=(
        "Account {account} made or received {transfers} transfer(s) of at least "
        "{min_amount:,.0f} USD with high-risk jurisdictions ({countries}), {total:,.2f} USD "
        "in total, from {start} to {end}."
    ),
)

SANCTIONED_PARTY: Final = Rule(
    name="sanctioned_party",
    typology="sanctioned_party",
    description=(
        "A sending or receiving party matches a sanctions list entry (table "
        "sanctioned_parties, computed with openfiu.screening)."
    ),
    params={"min_score": 0.0, "window_days": 30},
    sql=windowed_account_sql(
        f"""SELECT COALESCE(tx.from_account, tx.to_account) AS account,
                   tx.to_account AS counterparty, day, t, tx_id, {CENTS} AS cents,
                   'from' AS kind, s.party_id AS party, s.reference, s.score AS hit
            FROM tx JOIN sanctioned_parties s ON s.party_id = tx.from_party
            WHERE s.score >= {{min_score}}
            UNION ALL
            SELECT COALESCE(tx.to_account, tx.from_account) AS account,
                   tx.from_account AS counterparty, day, t, tx_id, {CENTS} AS cents,
                   'to' AS kind, s.party_id AS party, s.reference, s.score AS hit
            FROM tx JOIN sanctioned_parties s ON s.party_id = tx.to_party
            WHERE s.score >= {{min_score}}""",
        aggregates={"transfers": "COUNT(*)", "best_score": "MAX(hit)"},
        condition="transfers >= 1",
        score="best_score",
        accounts="all",
        extra={"parties": "LIST_OF(party)", "entries": "LIST_OF(reference)"},
    ),
    explain=(
        "Account {account} took part in {transfers} transaction(s) with party {parties}, "
        "which matches sanctions list entry {entries} (score {best_score:.2f}), from "
        "{start} to {end}."
    ),
)

RULES: Final = (
    STRUCTURING,
    SMURFING,
    FAN_IN,
    FAN_OUT,
    PASS_THROUGH,
    HIGH_RISK_JURISDICTION,
    SANCTIONED_PARTY,
)
