"""Per-account features for the learned score, computed with SQL through any engine.

Every feature is one column of :func:`account_features`, declared once in :data:`FEATURES`
with the sentence that explains it, so a model's top contributions read as words::

    engine = DuckDBEngine()
    engine.use_transactions([Path("transactions.parquet")])
    features = account_features(engine, alerts=alerts)   # one row per account
    describe("fan_out_7d", 14.0)  # → "sent to 14 distinct accounts within 7 days"

The SQL is written once in the dialect DuckDB and Spark share (CTEs, ``CASE``, ``RANGE``
windows over the integer ``day``), each feature group is one small query returning one row
per account, and the groups are joined here. Rule features come from an optional alerts
table (:data:`openfiu.monitoring.alerts.ALERT_SCHEMA`): per rule, how many alerts name the
account and their highest score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import pyarrow as pa
import pyarrow.compute as pc

from openfiu.monitoring.engines.base import Engine
from openfiu.monitoring.features_sql import (
    FAN_SQL,
    FLOW_SQL,
    GRAPH_SQL,
    NEIGHBOUR_INPUTS,
    NEIGHBOUR_SQL,
    NOVELTY_SQL,
    PEER_SQL,
    basic_sql,
)
from openfiu.monitoring.inputs import (
    CONFLICT_ZONES,
    FATF_CALL_FOR_ACTION,
    FATF_INCREASED_MONITORING,
)

#: Default high-risk jurisdictions: the FATF lists of :mod:`openfiu.monitoring.inputs`
#: (call for action and increased monitoring), the same list the rules use. Pass your own
#: list to :func:`account_features`; conflict zones are a separate feature.
HIGH_RISK_COUNTRIES: Final = tuple(
    dict.fromkeys((*FATF_CALL_FOR_ACTION, *FATF_INCREASED_MONITORING))
)


@dataclass(frozen=True, slots=True)
class Feature:
    """One feature: its column, its group and the sentence that explains a value.

    ``template`` is formatted with ``value`` (the number) and ``pct`` (the value as a
    percentage, for shares).
    """

    name: str
    group: str
    template: str


def _f(name: str, group: str, template: str) -> Feature:
    return Feature(name, group, template)


FEATURES: Final[tuple[Feature, ...]] = (
    _f("n_out", "volume", "sent {value:,.0f} transactions"),
    _f("n_in", "volume", "received {value:,.0f} transactions"),
    _f("sum_out", "volume", "sent {value:,.0f} in total"),
    _f("sum_in", "volume", "received {value:,.0f} in total"),
    _f("out_in_ratio", "volume", "sent {value:.2f} times what it received"),
    _f("out_degree", "volume", "sent to {value:,.0f} distinct accounts"),
    _f("in_degree", "volume", "received from {value:,.0f} distinct accounts"),
    _f("active_days", "time", "was active on {value:,.0f} days"),
    _f("span_days", "time", "was active over a span of {value:,.0f} days"),
    _f("tx_per_active_day", "time", "made {value:.1f} transactions per active day"),
    _f("amount_mean", "amount", "moved {value:,.0f} per transaction on average"),
    _f("amount_cv", "amount", "amounts varied by {pct:.0f} % around their mean"),
    _f("round_share", "amount", "{pct:.0f} % of amounts are round hundreds"),
    _f("below_threshold_share", "amount", "{pct:.0f} % of amounts are just below 10,000"),
    _f("cash_share", "channel", "{pct:.0f} % of transactions are cash"),
    _f("crypto_share", "channel", "{pct:.0f} % of transactions are crypto"),
    _f("money_transfer_share", "channel", "{pct:.0f} % go through money transfer / hawala"),
    _f("cross_border_share", "channel", "{pct:.0f} % of transactions cross a border"),
    _f("high_risk_share", "channel", "{pct:.0f} % involve a high-risk jurisdiction"),
    _f("conflict_zone_share", "channel", "{pct:.0f} % involve a conflict zone"),
    _f("fan_out_7d", "fan", "sent to {value:,.0f} distinct accounts within 7 days"),
    _f("fan_out_14d", "fan", "sent to {value:,.0f} distinct accounts within 14 days"),
    _f("fan_out_30d", "fan", "sent to {value:,.0f} distinct accounts within 30 days"),
    _f("fan_in_7d", "fan", "received from {value:,.0f} distinct accounts within 7 days"),
    _f("fan_in_14d", "fan", "received from {value:,.0f} distinct accounts within 14 days"),
    _f("fan_in_30d", "fan", "received from {value:,.0f} distinct accounts within 30 days"),
    _f("one_off_cp_share", "fan", "{pct:.0f} % of its counterparties appear on one day only"),
    _f("new_cp_7d", "fan", "dealt with {value:,.0f} new counterparties within 7 days"),
    _f(
        "in_from_burst_sender",
        "fan",
        "was paid by an account that paid {value:,.0f} accounts within ±3 days",
    ),
    _f(
        "out_to_burst_receiver",
        "fan",
        "paid an account that was paid by {value:,.0f} accounts within ±3 days",
    ),
    _f("new_receivers_21d", "novelty", "started paying {value:,.0f} new accounts within 21 days"),
    _f(
        "new_senders_21d",
        "novelty",
        "started receiving from {value:,.0f} new accounts within 21 days",
    ),
    _f("new_cp_21d", "novelty", "started dealing with {value:,.0f} new accounts within 21 days"),
    _f(
        "receiver_new_senders",
        "novelty",
        "paid an account that gained {value:,.0f} new payers within ±10 days of that payment",
    ),
    _f(
        "sender_new_receivers",
        "novelty",
        "was paid by an account that gained {value:,.0f} new payees within ±10 days",
    ),
    _f(
        "receiver_new_cp",
        "novelty",
        "paid an account that gained {value:,.0f} new counterparties within ±10 days",
    ),
    _f(
        "sender_new_cp",
        "novelty",
        "was paid by an account that gained {value:,.0f} new counterparties within ±10 days",
    ),
    _f(
        "single_tx_cps",
        "peers",
        "deals with {value:,.0f} accounts that made no other transaction",
    ),
    _f(
        "single_tx_cp_share",
        "peers",
        "{pct:.0f} % of its counterparties made no other transaction",
    ),
    _f(
        "receiver_single_tx_senders",
        "peers",
        "paid an account that {value:,.0f} single-transaction accounts also paid",
    ),
    _f(
        "sender_single_tx_receivers",
        "peers",
        "was paid by an account that paid {value:,.0f} single-transaction accounts",
    ),
    _f(
        "receiver_single_tx_share",
        "peers",
        "paid an account {pct:.0f} % of whose payers made no other transaction",
    ),
    _f(
        "sender_single_tx_share",
        "peers",
        "was paid by an account {pct:.0f} % of whose payees made no other transaction",
    ),
    _f("pass_through_2d", "flow", "{pct:.0f} % of inflow forwarded within 2 days"),
    _f("pass_through_7d", "flow", "{pct:.0f} % of inflow forwarded within 7 days"),
    _f("in_out_gap_mean", "flow", "paid out {value:.1f} days after money came in, on average"),
    _f("in_out_gap_min", "flow", "paid out as soon as {value:.0f} days after money came in"),
    _f("max_tx_7d", "time", "made {value:,.0f} transactions within 7 days"),
    _f("max_tx_14d", "time", "made {value:,.0f} transactions within 14 days"),
    _f("burst_share_14d", "time", "{pct:.0f} % of its transactions fall in one 14-day window"),
    _f("reciprocity", "graph", "{pct:.0f} % of its counterparties also pay it back"),
    _f("cycles_2", "graph", "takes part in {value:,.0f} two-account cycles (A→B→A)"),
    _f("cycles_3", "graph", "takes part in {value:,.0f} three-account cycles (A→B→C→A)"),
    _f("reach_2hop", "graph", "reaches {value:,.0f} accounts in two hops"),
    _f("cp_out_in_degree_mean", "graph", "its receivers get money from {value:.1f} accounts each"),
    _f("cp_in_out_degree_mean", "graph", "its senders pay {value:.1f} accounts each"),
    _f("cp_degree_max", "graph", "deals with an account of {value:,.0f} counterparties"),
    _f(
        "nb_sender_fan_out_7d_max",
        "neighbours",
        "a sender paid {value:,.0f} accounts within 7 days",
    ),
    _f(
        "nb_receiver_fan_in_7d_max",
        "neighbours",
        "a receiver was paid by {value:,.0f} accounts within 7 days",
    ),
    _f(
        "nb_burst_share_max",
        "neighbours",
        "a counterparty made {pct:.0f} % of its transactions in one 14-day window",
    ),
    _f(
        "nb_burst_share_mean",
        "neighbours",
        "its counterparties made {pct:.0f} % of their transactions in one 14-day window, on average",
    ),
    _f(
        "nb_pass_through_2d_max",
        "neighbours",
        "a counterparty forwarded {pct:.0f} % of its inflow within 2 days",
    ),
    _f("nb_span_days_min", "neighbours", "a counterparty was active over only {value:,.0f} days"),
)
FEATURE_NAMES: Final = tuple(f.name for f in FEATURES)
#: Account features the model adds from its pair stage (:mod:`openfiu.monitoring.pairs`):
#: scores of the account's relationships, learned, so not computed here.
PAIR_FEATURES: Final[tuple[Feature, ...]] = (
    _f("pair_out_max", "pairs", "its payments to one account look {pct:.0f} % like a ring's"),
    _f("pair_out_sum", "pairs", "its payee relationships add up to {value:.1f} ring-like ones"),
    _f("pair_out_high", "pairs", "{value:,.0f} of its payee relationships look like a ring's"),
    _f("pair_in_max", "pairs", "payments from one payer look {pct:.0f} % like a ring's"),
    _f("pair_in_sum", "pairs", "its payer relationships add up to {value:.1f} ring-like ones"),
    _f("pair_in_high", "pairs", "{value:,.0f} of its payer relationships look like a ring's"),
)
#: Features that stay null when undefined (no inflow before an outflow); LightGBM reads
#: null as missing. Every other feature is 0 when there is nothing to count.
NULLABLE: Final = frozenset({"in_out_gap_mean", "in_out_gap_min"})
RULE_PREFIX: Final = "rule_"
_BY_NAME: Final = {f.name: f for f in (*FEATURES, *PAIR_FEATURES)}


def describe(name: str, value: float) -> str:
    """The sentence that explains feature ``name`` at ``value``.

    Example::

        >>> describe("pass_through_2d", 0.92)
        '92 % of inflow forwarded within 2 days'
        >>> describe("rule_fan_out_alerts", 3)
        'rule fan_out raised 3 alerts'
    """
    feature = _BY_NAME.get(name)
    if feature is not None:
        return feature.template.format(value=value, pct=100.0 * value)
    if name.startswith(RULE_PREFIX) and name.endswith("_max_score"):
        return f"rule {name[len(RULE_PREFIX) : -len('_max_score')]} scored it {value:.2f}"
    if name.startswith(RULE_PREFIX) and name.endswith("_alerts"):
        return f"rule {name[len(RULE_PREFIX) : -len('_alerts')]} raised {value:.0f} alerts"
    return f"{name} = {value:g}"


# --- assembly --------------------------------------------------------------------------


def account_features(
    engine: Engine,
    alerts: pa.Table | None = None,
    *,
    high_risk_countries: Sequence[str] = HIGH_RISK_COUNTRIES,
    conflict_zones: Sequence[str] = CONFLICT_ZONES,
) -> pa.Table:
    """One row per account seen in the engine's ``tx`` view: ``account_id`` and the
    :data:`FEATURES` columns (float64), then the rule features when ``alerts`` is given.

    Rule features are two columns per rule found in ``alerts``: ``rule_<rule>_alerts``
    (alerts naming the account) and ``rule_<rule>_max_score``, plus ``rule_any_alerts``
    and ``rule_max_score`` over all rules. Rows are sorted by ``account_id``.

    ``high_risk_countries`` (default: the FATF lists of :mod:`openfiu.monitoring.inputs`)
    feeds ``high_risk_share``, ``conflict_zones`` (default
    :data:`~openfiu.monitoring.inputs.CONFLICT_ZONES`) ``conflict_zone_share``; both take
    ISO 3166 alpha-2 codes, anything else is refused with a :class:`ValueError`.

    Example::

        features = account_features(engine)
        features.column("fan_out_7d")
    """
    high_risk = [_country_code(c, "high-risk country") for c in high_risk_countries]
    conflict = [_country_code(c, "conflict zone") for c in conflict_zones]
    table = engine.sql(basic_sql(high_risk, conflict))
    for query in (FAN_SQL, NOVELTY_SQL, PEER_SQL, FLOW_SQL, GRAPH_SQL):
        table = table.join(engine.sql(query), "account_id", join_type="left outer")
    engine.register("fi_account_base", table.select(["account_id", *NEIGHBOUR_INPUTS]))
    table = table.join(engine.sql(NEIGHBOUR_SQL), "account_id", join_type="left outer")
    table = _fill_missing(table.select(["account_id", *FEATURE_NAMES]))
    if alerts is not None:
        table = _with_rule_features(table, alerts)
    return table.sort_by("account_id")


def _country_code(code: str, what: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ValueError(f"{what} {code!r} is not an ISO 3166 alpha-2 code like 'IR'")
    return code


def _fill_missing(table: pa.Table) -> pa.Table:
    """Accounts with no counterparty (cash only) have no fan or graph row: their counts
    are 0. Only :data:`NULLABLE` features keep nulls."""
    for name in FEATURE_NAMES:
        if name in NULLABLE:
            continue
        index = table.schema.get_field_index(name)
        column = pc.cast(table.column(index), pa.float64())
        table = table.set_column(index, name, pc.fill_null(column, 0.0))
    return table


def rule_feature_names(rules: Sequence[str]) -> list[str]:
    """The rule feature columns for ``rules`` (sorted), in the order they are added."""
    names = ["rule_any_alerts", "rule_max_score"]
    for rule in sorted(set(rules)):
        slug = _slug(rule)
        names += [f"{RULE_PREFIX}{slug}_alerts", f"{RULE_PREFIX}{slug}_max_score"]
    return names


def _slug(rule: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", rule.lower()).strip("_") or "unnamed"


def _with_rule_features(table: pa.Table, alerts: pa.Table) -> pa.Table:
    """Add per-rule alert counts and maximum scores for each account (0 when none)."""
    for column in ("rule", "score", "accounts"):
        if column not in alerts.column_names:
            raise ValueError(f"alerts table has no {column!r} column; expected ALERT_SCHEMA")
    accounts = alerts.column("accounts").combine_chunks()
    parents = pc.list_parent_indices(accounts)
    flat = pa.table(
        {
            "account_id": pc.cast(pc.list_flatten(accounts), pa.string()),
            "rule": pc.take(alerts.column("rule"), parents),
            "score": pc.cast(pc.take(alerts.column("score"), parents), pa.float64()),
        }
    )
    rules = sorted(set(alerts.column("rule").to_pylist()))
    ids = table.column("account_id")
    columns: dict[str, pa.Array] = {}
    columns.update(_rule_columns(ids, flat, "rule_any"))
    for rule in rules:
        subset = flat.filter(pc.equal(flat.column("rule"), rule))
        columns.update(_rule_columns(ids, subset, f"{RULE_PREFIX}{_slug(rule)}"))
    for name in rule_feature_names(rules):
        table = table.append_column(name, columns[name])
    return table


def _rule_columns(ids: pa.ChunkedArray, flat: pa.Table, prefix: str) -> dict[str, pa.Array]:
    grouped = flat.group_by("account_id").aggregate([("score", "count"), ("score", "max")])
    index = pc.index_in(ids, value_set=grouped.column("account_id"))
    counts = pc.fill_null(pc.take(grouped.column("score_count"), index), 0)
    best = pc.fill_null(pc.take(grouped.column("score_max"), index), 0.0)
    max_name = "rule_max_score" if prefix == "rule_any" else f"{prefix}_max_score"
    return {
        f"{prefix}_alerts": pc.cast(counts, pa.float64()),
        max_name: pc.cast(best, pa.float64()),
    }
