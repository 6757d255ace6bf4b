"""Terrorist-financing and cash-out rules: money collected one way, moved out another.

They combine two kinds of movement of one account within a window — what comes in
(``kind = 'in'``) and what leaves (``kind = 'out'``) — and ask that the outflow follows the
inflow (``first_in <= last_out``) and carries a share of it. Country lists come from the
tables ``high_risk_countries`` and ``conflict_countries`` that
:func:`openfiu.monitoring.inputs.register_inputs` registers.

The canonical data has no account type, so ``npo_diversion`` recognises a non-profit by its
pattern of flows (many small donations from many senders) rather than by a flag.
"""

from __future__ import annotations

from typing import Final

from openfiu.monitoring.rules.base import CENTS, Rule, windowed_account_sql

_HIGH_RISK = "(SELECT country FROM high_risk_countries)"
_CONFLICT = "(SELECT country FROM conflict_countries)"
_RISKY = "(SELECT country FROM high_risk_countries UNION SELECT country FROM conflict_countries)"


def _inflow(where: str, counterparty: str = "COALESCE(from_account, from_party)") -> str:
    return f"""SELECT to_account AS account, {counterparty} AS counterparty, day, t, tx_id,
                      {CENTS} AS cents, 'in' AS kind, from_country AS country
               FROM tx WHERE to_account IS NOT NULL AND {where}"""


def _outflow(where: str) -> str:
    return f"""SELECT from_account AS account, to_account AS counterparty, day, t, tx_id,
                      {CENTS} AS cents, 'out' AS kind, to_country AS country
               FROM tx WHERE from_account IS NOT NULL AND {where}"""


_AGGREGATES: Final = {
    "inflows": "SUM(CASE WHEN kind = 'in' THEN 1 ELSE 0 END)",
    "outflows": "SUM(CASE WHEN kind = 'out' THEN 1 ELSE 0 END)",
    "in_cents": "CAST(SUM(CASE WHEN kind = 'in' THEN cents ELSE 0 END) AS BIGINT)",
    "out_cents": "CAST(SUM(CASE WHEN kind = 'out' THEN cents ELSE 0 END) AS BIGINT)",
    "first_in": "MIN(CASE WHEN kind = 'in' THEN t END)",
    "last_out": "MAX(CASE WHEN kind = 'out' THEN t END)",
}
_SENDERS: Final = {"senders": "COUNT(DISTINCT CASE WHEN kind = 'in' THEN counterparty END)"}
_RECIPIENTS: Final = {"recipients": "COUNT(DISTINCT CASE WHEN kind = 'out' THEN counterparty END)"}
_OUT_COUNTRIES: Final = {"countries": "LIST_OF(CASE WHEN kind = 'out' THEN country END)"}
_SHARE = "CAST(out_cents AS DOUBLE) / in_cents"

CASH_TO_HIGH_RISK: Final = Rule(
    name="cash_to_high_risk",
    typology="cash_to_high_risk",
    description=(
        "Cash paid into an account, then transferred to a high-risk jurisdiction within a few days."
    ),
    params={"min_cash": 3000.0, "min_share": 0.5, "window_days": 7},
    sql=windowed_account_sql(
        _inflow("channel = 'cash' AND from_account IS NULL")
        + "\nUNION ALL\n"
        + _outflow(f"to_country IN {_HIGH_RISK} AND channel <> 'cash'"),
        aggregates=_AGGREGATES,
        condition=(
            "inflows >= 1 AND outflows >= 1 AND in_cents > 0 AND first_in <= last_out "
            "AND in_cents >= {min_cash} * 100 AND out_cents >= {min_share} * in_cents"
        ),
        score=f"0.6 + 0.3 * LEAST(1.0, {_SHARE})",
        extra=_OUT_COUNTRIES,
    ),
    explain=(
        "Account {account} received {in:,.2f} USD in {inflows} cash deposit(s) and sent "
        "{out:,.2f} USD in {outflows} transfer(s) to high-risk jurisdictions ({countries}) "
        "from {start} to {end}."
    ),
    family="financing",
)

CONFLICT_CASHOUT: Final = Rule(
    name="conflict_cashout",
    typology="conflict_cashout",
    description=(
        "Many small inbound transfers from many senders, then cash withdrawn in, or money "
        "sent to, a conflict-zone country (table conflict_countries)."
    ),
    params={"max_amount": 1000.0, "min_senders": 5, "min_share": 0.5, "window_days": 14},
    sql=windowed_account_sql(
        _inflow("from_account IS NOT NULL AND amount_base <= {max_amount} AND channel <> 'card'")
        + "\nUNION ALL\n"
        + _outflow(
            f"(to_country IN {_CONFLICT} OR (to_account IS NULL AND channel = 'cash' "
            f"AND from_country IN {_CONFLICT}))"
        ).replace("to_country AS country", "COALESCE(to_country, from_country) AS country"),
        aggregates={**_AGGREGATES, **_SENDERS},
        condition=(
            "senders >= {min_senders} AND outflows >= 1 AND in_cents > 0 AND first_in <= last_out "
            "AND out_cents >= {min_share} * in_cents"
        ),
        score=f"0.55 + 0.02 * (senders - {{min_senders}}) + 0.3 * LEAST(1.0, {_SHARE})",
        accounts="all",
        extra=_OUT_COUNTRIES,
    ),
    explain=(
        "Account {account} collected {in:,.2f} USD in {inflows} small transfers from "
        "{senders} senders and moved {out:,.2f} USD out in cash or to conflict zones "
        "({countries}) from {start} to {end}."
    ),
    family="financing",
)

NPO_DIVERSION: Final = Rule(
    name="npo_diversion",
    typology="npo_diversion",
    description=(
        "A donation-collecting account (inbound payments from several donors; the "
        "data has no account type, so the pattern of flows stands for it) sends a share of "
        "the funds by wire or money transfer to high-risk or conflict-zone countries."
    ),
    params={
        "max_donation": 10000.0,
        "min_donors": 3,
        "min_recipients": 2,
        "min_share": 0.5,
        "window_days": 30,
    },
    sql=windowed_account_sql(
        _inflow("amount_base <= {max_donation} AND channel IN ('wire', 'money_transfer', 'cash')")
        + "\nUNION ALL\n"
        + _outflow(f"to_country IN {_RISKY} AND channel IN ('wire', 'money_transfer')"),
        aggregates={**_AGGREGATES, **_SENDERS, **_RECIPIENTS},
        condition=(
            "senders >= {min_donors} AND recipients >= {min_recipients} AND in_cents > 0 "
            "AND first_in <= last_out "
            "AND out_cents >= {min_share} * in_cents"
        ),
        score=f"0.5 + 0.01 * (senders - {{min_donors}}) + 0.4 * LEAST(1.0, {_SHARE})",
        extra=_OUT_COUNTRIES,
    ),
    explain=(
        "Account {account} collected {in:,.2f} USD as {inflows} donations from {senders} "
        "donors and sent {out:,.2f} USD to {recipients} recipients in high-risk or "
        "conflict-zone countries ({countries}) from {start} to {end}."
    ),
    family="financing",
)

CRYPTO_OFFRAMP: Final = Rule(
    name="crypto_offramp",
    typology="crypto_offramp",
    description="Crypto comes in and leaves quickly as cash or a fiat transfer.",
    params={"min_amount": 2000.0, "min_share": 0.7, "window_days": 14},
    sql=windowed_account_sql(
        _inflow("channel = 'crypto'")
        + "\nUNION ALL\n"
        + _outflow("channel IN ('cash', 'wire', 'money_transfer')"),
        aggregates=_AGGREGATES,
        condition=(
            "inflows >= 1 AND outflows >= 1 AND in_cents > 0 AND first_in <= last_out "
            "AND in_cents >= {min_amount} * 100 AND out_cents >= {min_share} * in_cents"
        ),
        score=f"0.55 + 0.4 * LEAST(1.0, {_SHARE})",
    ),
    explain=(
        "Account {account} received {in:,.2f} USD in {inflows} crypto transfer(s) and paid "
        "out {out:,.2f} USD in {outflows} cash or fiat payment(s) from {start} to {end}."
    ),
    family="financing",
)

RULES: Final = (CASH_TO_HIGH_RISK, CONFLICT_CASHOUT, NPO_DIVERSION, CRYPTO_OFFRAMP)
