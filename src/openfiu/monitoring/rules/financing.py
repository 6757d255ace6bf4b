"""Terrorist-financing and cash-out rules: money collected one way, moved out another.

They combine two kinds of movement of one account within a window — what comes in
(``kind = 'in'``) and what leaves (``kind = 'out'``) — and ask that the outflow follows the
inflow (on average, ``in_time <= out_time``) and carries a share of it. Each names as its
``focus`` the accounts with the rare leg it needs (a transfer to a high-risk country, cash
withdrawn in a conflict zone, crypto received), so the windows are computed for few
accounts. Country lists come from the tables ``high_risk_countries`` and
``conflict_countries`` that :func:`openfiu.monitoring.inputs.register_inputs` registers.

The canonical data has no account type, so ``npo_diversion`` recognises a non-profit by its
flows and the narratives of its inflows (``donation``) rather than by a flag.
"""

from __future__ import annotations

from typing import Final

from openfiu.monitoring.rules.base import (
    CENTS,
    FLOW_AGGREGATES,
    SHARE,
    Rule,
    regular_payee,
    windowed_account_sql,
)

_HIGH_RISK = "(SELECT country FROM high_risk_countries)"
_CONFLICT = "(SELECT country FROM conflict_countries)"
_RISKY = "(SELECT country FROM high_risk_countries UNION SELECT country FROM conflict_countries)"


def _inflow(where: str, counterparty: str = "COALESCE(from_account, from_party)") -> str:
    return f"""SELECT to_account AS account, {counterparty} AS counterparty, day, t, tx_id,
                      {CENTS} AS cents, 'in' AS kind, from_country AS country
               FROM moves WHERE to_account IS NOT NULL AND {where}"""


def _outflow(where: str) -> str:
    return f"""SELECT from_account AS account, to_account AS counterparty, day, t, tx_id,
                      {CENTS} AS cents, 'out' AS kind, to_country AS country
               FROM moves WHERE from_account IS NOT NULL AND {where}"""


def _senders_of(where: str) -> str:
    """A ``focus``: the accounts that sent at least one movement matching ``where`` (the
    rare leg a rule needs, such as a transfer to a high-risk country)."""
    return f"SELECT from_account AS account FROM moves WHERE from_account IS NOT NULL AND {where}"


_AGGREGATES: Final = {
    "inflows": "SUM(CASE WHEN kind = 'in' THEN 1 ELSE 0 END)",
    "outflows": "SUM(CASE WHEN kind = 'out' THEN 1 ELSE 0 END)",
    "in_cents": "CAST(SUM(CASE WHEN kind = 'in' THEN cents ELSE 0 END) AS BIGINT)",
    "out_cents": "CAST(SUM(CASE WHEN kind = 'out' THEN cents ELSE 0 END) AS BIGINT)",
    "first_in": "MIN(CASE WHEN kind = 'in' THEN t END)",
    "last_out": "MAX(CASE WHEN kind = 'out' THEN t END)",
}
_SENDERS: Final = {"senders": "COUNT_DISTINCT(CASE WHEN kind = 'in' THEN counterparty END)"}
_RECIPIENTS: Final = {"recipients": "COUNT_DISTINCT(CASE WHEN kind = 'out' THEN counterparty END)"}
_OUT_COUNTRIES: Final = {"countries": "LIST_OF(CASE WHEN kind = 'out' THEN country END)"}
_SHARE = "CAST(out_cents AS DOUBLE) / in_cents"

CASH_TO_HIGH_RISK: Final = Rule(
    name="cash_to_high_risk",
    typology="cash_to_high_risk",
    description=(
        "Cash paid into an account, then about as much (min_share to max_share of it) "
        "transferred to a high-risk jurisdiction within a few days: the cash is being "
        "moved abroad, not a business paying a supplier from its takings."
    ),
    params={"min_cash": 3000.0, "min_share": 0.5, "max_share": 1.1, "window_days": 14},
    sql=windowed_account_sql(
        _inflow("channel = 'cash' AND from_account IS NULL")
        + "\nUNION ALL\n"
        + _outflow(f"to_country IN {_HIGH_RISK} AND channel <> 'cash'"),
        aggregates=FLOW_AGGREGATES,
        focus=_senders_of(f"to_country IN {_HIGH_RISK} AND channel <> 'cash'"),
        condition=(
            "inflows >= 1 AND outflows >= 1 AND in_time <= out_time "
            "AND in_cents >= {min_cash} * 100 AND out_cents >= {min_share} * in_cents "
            "AND out_cents <= {max_share} * in_cents"
        ),
        score=f"0.6 + 0.3 * (1 - ABS(1 - {SHARE}))",
        accounts="all",
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
        "Many small transfers from many senders reach one account, and soon after at "
        "least min_share of the money is withdrawn in cash in a conflict-zone country "
        "(table conflict_countries; the place of a withdrawal is its to_country). The "
        "conflict-zone cash leg is required: a family receiving remittances and "
        "withdrawing at home is not alerted unless the cash comes out in a conflict zone "
        "after collections from min_senders different senders (from abroad when "
        "cross_border = 1: a diaspora collection)."
    ),
    params={
        "max_amount": 1000.0,
        "min_senders": 5,
        "min_share": 0.5,
        "window_days": 14,
        "cross_border": 1,
    },
    sql=windowed_account_sql(
        _inflow(
            "from_account IS NOT NULL AND amount_base <= {max_amount} AND channel <> 'card' "
            "AND ({cross_border} = 0 OR from_country <> to_country)"
        )
        + "\nUNION ALL\n"
        + _outflow(f"to_account IS NULL AND channel = 'cash' AND to_country IN {_CONFLICT}"),
        aggregates=FLOW_AGGREGATES,
        focus=_senders_of(f"to_account IS NULL AND channel = 'cash' AND to_country IN {_CONFLICT}"),
        condition=(
            "senders >= {min_senders} AND outflows >= 1 AND in_cents > 0 "
            "AND in_time <= out_time AND out_cents >= {min_share} * in_cents"
        ),
        score=f"0.55 + 0.02 * (senders - {{min_senders}}) + 0.3 * LEAST(1.0, {SHARE})",
        accounts="all",
        extra=_OUT_COUNTRIES,
    ),
    explain=(
        "Account {account} collected {in:,.2f} USD in {inflows} small transfers from "
        "{senders} senders and {out:,.2f} USD of it was withdrawn in cash in conflict-zone "
        "countries ({countries}) from {start} to {end}."
    ),
    family="financing",
)

NPO_DIVERSION: Final = Rule(
    name="npo_diversion",
    typology="npo_diversion",
    description=(
        "A donation-collecting account (inbound payments from several donors; the "
        "data has no account type, so the pattern of flows stands for it) sends a share of "
        "the funds, after they arrived, by wire or money transfer to several recipients in "
        "high-risk or conflict-zone countries. Regular inflows (a salary: about the same "
        "amount from the same payer a month apart) are not donations; with "
        "donation_word set, only inflows whose narrative contains it count as donations "
        "(set it to '' when the data has no narratives)."
    ),
    params={
        "max_donation": 10000.0,
        "min_donors": 3,
        "min_recipients": 2,
        "min_share": 0.5,
        "min_total": 5000.0,
        "donation_word": "donation",
        "window_days": 30,
        "regular_days": 25,
        "regular_tolerance": 0.05,
    },
    sql=windowed_account_sql(
        f"""SELECT o.to_account AS account, COALESCE(o.from_account, o.from_party) AS counterparty,
                   o.day, o.t, o.tx_id, CAST(ROUND(o.amount_base * 100) AS BIGINT) AS cents,
                   'in' AS kind, o.from_country AS country
            FROM moves o WHERE o.to_account IS NOT NULL AND o.amount_base <= {{max_donation}}
              AND o.channel IN ('wire', 'money_transfer', 'cash')
              AND ({{donation_word}} = ''
                   OR LOWER(COALESCE(o.narrative, '')) LIKE CONCAT('%', {{donation_word}}, '%'))
              AND o.to_account IN (SELECT account FROM focus)
              AND NOT {regular_payee("to_account IN (SELECT account FROM focus)")}"""
        + "\nUNION ALL\n"
        + _outflow(f"to_country IN {_RISKY} AND channel IN ('wire', 'money_transfer')"),
        aggregates=FLOW_AGGREGATES,
        focus=_senders_of(f"to_country IN {_RISKY} AND channel IN ('wire', 'money_transfer')"),
        condition=(
            "senders >= {min_donors} AND recipients >= {min_recipients} AND in_cents > 0 "
            "AND in_time <= out_time AND out_cents >= {min_share} * in_cents "
            "AND out_cents >= {min_total} * 100"
        ),
        score=f"0.5 + 0.01 * (senders - {{min_donors}}) + 0.4 * LEAST(1.0, {SHARE})",
        accounts="all",
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
    description=(
        "Crypto from at least min_wallets different wallets comes in and most of it "
        "leaves soon after as cash or a fiat transfer: an account used to cash out crypto "
        "for others, not a customer selling their own coins through their one wallet."
    ),
    params={"min_amount": 2000.0, "min_share": 0.7, "min_wallets": 2, "window_days": 14},
    sql=windowed_account_sql(
        _inflow("channel = 'crypto'")
        + "\nUNION ALL\n"
        + _outflow("channel IN ('cash', 'wire', 'money_transfer')"),
        aggregates=FLOW_AGGREGATES,
        focus="SELECT to_account AS account FROM moves WHERE channel = 'crypto'",
        condition=(
            "senders >= {min_wallets} AND outflows >= 1 AND in_time <= out_time "
            "AND in_cents >= {min_amount} * 100 AND out_cents >= {min_share} * in_cents"
        ),
        score=f"0.55 + 0.02 * (senders - {{min_wallets}}) + 0.4 * LEAST(1.0, {SHARE})",
    ),
    explain=(
        "Account {account} received {in:,.2f} USD in {inflows} crypto transfer(s) from "
        "{senders} wallets and paid out {out:,.2f} USD in {outflows} cash or fiat "
        "payment(s) from {start} to {end}."
    ),
    family="financing",
)

RULES: Final = (CASH_TO_HIGH_RISK, CONFLICT_CASHOUT, NPO_DIVERSION, CRYPTO_OFFRAMP)
