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

from openfiu.monitoring.rules.base import CENTS, TRANSFER, Rule, windowed_account_sql

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
            FROM tx
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
            FROM tx
            WHERE channel = 'cash' AND from_account IS NULL AND to_account IS NOT NULL
              AND from_party IS NOT NULL AND amount_base < {{max_amount}}
            UNION ALL
            SELECT DISTINCT f.to_account AS account, f.from_account AS counterparty, f.day, f.t,
                   f.tx_id, CAST(ROUND(f.amount_base * 100) AS BIGINT) AS cents, 'fed' AS kind
            FROM tx f JOIN tx c ON c.to_account = f.from_account
             AND c.day BETWEEN f.day - {{feed_days}} AND f.day
            WHERE f.from_account IS NOT NULL AND f.to_account IS NOT NULL
              AND f.from_account <> f.to_account
              AND f.channel IN ('wire', 'money_transfer') AND f.amount_base < {{max_amount}}
              AND c.channel = 'cash' AND c.from_account IS NULL AND c.t <= f.t
              AND c.amount_base < {{max_amount}}""",
        aggregates={
            "deposits": "COUNT(*)",
            "depositors": "COUNT(DISTINCT counterparty)",
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


def _fan(name: str, inbound: bool) -> Rule:
    me, other = ("to_account", "from_account") if inbound else ("from_account", "to_account")
    direction = "received transfers from" if inbound else "sent transfers to"
    return Rule(
        name=name,
        typology=name,
        description=(
            f"One account {direction} many distinct accounts within a window "
            "(wire, money-transfer and crypto transfers; card purchases and cash excluded)."
        ),
        params={"min_counterparties": 8, "window_days": 7, "min_amount": 0.0},
        sql=windowed_account_sql(
            f"""SELECT {me} AS account, {other} AS counterparty, day, t, tx_id,
                       {CENTS} AS cents, 'x' AS kind
                FROM tx WHERE {TRANSFER}
                  AND amount_base >= {{min_amount}}""",
            aggregates={
                "transfers": "COUNT(*)",
                "counterparties": "COUNT(DISTINCT counterparty)",
                "total_cents": "CAST(SUM(cents) AS BIGINT)",
            },
            condition="counterparties >= {min_counterparties}",
            score="0.5 + 0.05 * (counterparties - {min_counterparties}) + 0.02 * (transfers - counterparties)",
            accounts="all",
        ),
        explain=(
            f"Account {{account}} {direction} {{counterparties}} different accounts in "
            "{transfers} transfers totalling {total:,.2f} USD from {start} to {end}."
        ),
    )


FAN_IN: Final = _fan("fan_in", inbound=True)
FAN_OUT: Final = _fan("fan_out", inbound=False)

_IN_OUT = f"""
SELECT to_account AS account, from_account AS counterparty, day, t, tx_id,
       {CENTS} AS cents, 'in' AS kind
FROM tx WHERE to_account IS NOT NULL AND COALESCE(from_account, '') <> to_account
  AND channel <> 'card'
UNION ALL
SELECT from_account AS account, to_account AS counterparty, day, t, tx_id,
       {CENTS} AS cents, 'out' AS kind
FROM tx WHERE from_account IS NOT NULL AND COALESCE(to_account, '') <> from_account
  AND channel <> 'card'"""

_RATIO = (
    "CAST(SUM(CASE WHEN kind = 'out' THEN cents ELSE 0 END) AS DOUBLE)"
    " / CAST(SUM(CASE WHEN kind = 'in' THEN cents ELSE 0 END) AS DOUBLE)"
)

PASS_THROUGH: Final = Rule(
    name="pass_through",
    typology="pass_through",
    description=(
        "Money out nearly equals money in within a short window: the account passes funds "
        "through (a funnel) instead of keeping them (card purchases left out)."
    ),
    params={"min_amount": 5000.0, "min_ratio": 0.9, "max_ratio": 1.05, "window_days": 3},
    sql=windowed_account_sql(
        _IN_OUT,
        aggregates={
            "in_cents": "CAST(SUM(CASE WHEN kind = 'in' THEN cents ELSE 0 END) AS BIGINT)",
            "out_cents": "CAST(SUM(CASE WHEN kind = 'out' THEN cents ELSE 0 END) AS BIGINT)",
            "first_in": "MIN(CASE WHEN kind = 'in' THEN t END)",
            "last_out": "MAX(CASE WHEN kind = 'out' THEN t END)",
        },
        condition=(
            "in_cents >= {min_amount} * 100 AND in_cents > 0 AND out_cents >= {min_ratio} * in_cents "
            "AND out_cents <= {max_ratio} * in_cents AND first_in <= last_out"
        ),
        score="0.5 + 0.4 * LEAST(in_cents, out_cents) / GREATEST(in_cents, out_cents) + 0.1 * LEAST(1.0, in_cents / ({min_amount} * 1000))",
        extra={"ratio": _RATIO},
    ),
    explain=(
        "Account {account} received {in:,.2f} USD and sent out {out:,.2f} USD "
        "({ratio:.0%} of it) between {start} and {end}, passing the money straight through."
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
            FROM tx JOIN high_risk_countries h ON h.country = tx.to_country
            WHERE tx.from_account IS NOT NULL AND amount_base >= {{min_amount}}
            UNION ALL
            SELECT tx.to_account AS account, tx.from_account AS counterparty, day, t, tx_id,
                   {CENTS} AS cents, h.list_name AS kind, tx.from_country AS country
            FROM tx JOIN high_risk_countries h ON h.country = tx.from_country
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
