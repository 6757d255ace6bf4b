"""Handcrafted canonical transactions where each rule fires exactly where it should.

Every scenario has its own accounts and days; next to each pattern sits a near miss (one
depositor short, a day too late, an amount out of tolerance) that must NOT fire. Account
ids are invented codes; no real persons. ``EXPECTED`` lists, per rule, the focus
accounts of the alerts the pack must produce on this data (defaults of every rule).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfiu.monitoring.schema import TRANSACTION_SCHEMA

REPO = Path(__file__).resolve().parents[2]
AMLSIM = REPO.parent / "shared" / "data" / "amlsim" / "dev" / "transactions.parquet"
START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


class Book:
    """Collects transactions; each gets a later minute than the one before it."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(
        self,
        day: int,
        src: str | None,
        dst: str | None,
        amount: float,
        channel: str = "wire",
        **extra: Any,
    ) -> None:
        number = len(self.rows) + 1
        self.rows.append(
            {
                "tx_id": f"T{number:04d}",
                "timestamp": START + dt.timedelta(days=day, minutes=number),
                "from_account": src,
                "to_account": dst,
                "amount": amount,
                "currency": "USD",
                "amount_base": amount,
                "channel": channel,
                "from_country": extra.pop("from_country", "US"),
                "to_country": extra.pop("to_country", "US"),
                **extra,
            }
        )

    def table(self) -> pa.Table:
        columns = {name: [row.get(name) for row in self.rows] for name in TRANSACTION_SCHEMA.names}
        return pa.table(columns, schema=TRANSACTION_SCHEMA)


def cash_in(book: Book, day: int, dst: str, amount: float, party: str | None = None) -> None:
    book.add(day, None, dst, amount, "cash", from_party=party)


def build_scenarios() -> Book:
    b = Book()
    # structuring: three deposits just under 10,000 within days; near misses
    for day, amount in ((1, 9500), (2, 9800), (4, 9200)):
        cash_in(b, day, "STR1", amount)
    for day, amount in ((1, 9500), (2, 9700), (3, 10000)):
        cash_in(b, day, "STR2", amount)  # third one at the threshold, not under
    for day in (1, 12, 25):
        cash_in(b, day, "STR3", 9500)  # spread out
    # smurfing: six depositors (parties) of cash into one account; four are too few
    for i in range(6):
        cash_in(b, 30 + i // 2, "SMF1", 2000, party=f"PTY-{i}")
    for i in range(4):
        cash_in(b, 30 + i // 2, "SMF2", 3000, party=f"PTQ-{i}")
    # smurfs deposit cash and pass it on to a collector the same day; for COL2 the cash
    # came in five days before, too early to count as feeding it
    for i in range(5):
        cash_in(b, 35, f"SM{i}", 3000)
        b.add(35, f"SM{i}", "COL1", 2900)
        cash_in(b, 30, f"SQ{i}", 3000)
        b.add(35, f"SQ{i}", "COL2", 2900)
    # fan-in / fan-out: eight counterparties within days; seven (+1 much later) is not
    # enough; a shop's eight customers paying very different amounts is not a fan-in
    b.add(49, "SRC_FO", "FOUT1", 7000)  # the fan-out is funded just before
    b.add(49, "SRC_FO2", "FOUT2", 7000)
    for i in range(8):
        b.add(40 + i // 3, f"A{i}", "FIN1", 800 + 10 * i)
        b.add(50 + i // 3, "FOUT1", f"B{i}", 800)
        b.add(40 + i // 3, f"SC{i}", "SHOP1", 30 * 3**i)
    for i in range(7):
        b.add(40 + i // 3, f"AA{i}", "FIN2", 800)
        b.add(50 + i // 3, "FOUT2", f"BB{i}", 800)
    b.add(85, "AA9", "FIN2", 800)
    b.add(85, "FOUT2", "BB9", 800)
    # payroll: the same eight employees paid the same salaries a month apart
    b.add(45, "SRC_PAY", "PAY1", 7000)
    for month in (0, 1):
        for i in range(8):
            b.add(46 + 30 * month, "PAY1", f"EMP{i}", 800 + 40 * i)
    # pass-through: 97.5 % out the next day; 75 % is a near miss
    b.add(60, "SRC_PT", "PT1", 20000)
    b.add(61, "PT1", "DST_PT", 19500)
    b.add(60, "SRC_PT2", "PT2", 20000)
    b.add(61, "PT2", "DST_PT2", 15000)
    # high-risk jurisdiction: 15,000 to Iran; 9,000 to Iran and 50,000 to Germany do not count
    b.add(70, "HR1", "IRX1", 15000, to_country="IR")
    b.add(70, "HR2", "IRX2", 9000, to_country="IR")
    b.add(70, "HR3", "DEX3", 50000, to_country="DE")
    # sanctioned party: the sending party is on the hit list (see SANCTIONED)
    b.add(80, "SP1", "SP2", 1000, from_party="PARTY-BAD")
    b.add(80, "SP3", "SP4", 1000, from_party="PARTY-OK")
    # cash, then a transfer to a high-risk country within days; three weeks later is too late
    cash_in(b, 90, "CHR1", 5000)
    b.add(92, "CHR1", "SYX1", 4000, to_country="SY")
    cash_in(b, 90, "CHR2", 5000)
    b.add(112, "CHR2", "SYX2", 4000, to_country="SY")
    # conflict cash-out: small transfers from five senders abroad, cash withdrawn in
    # Somalia; the near misses withdraw at home in the US, or collect from neighbours
    for i in range(5):
        b.add(110 + i // 2, f"C{i}", "CC1", 300, from_country="GB", to_country="SO")
        b.add(110 + i // 2, f"CQ{i}", "CC2", 300, from_country="GB")
        b.add(110 + i // 2, f"CL{i}", "CC3", 300, from_country="SO", to_country="SO")
    b.add(113, "CC1", None, 1400, "cash", from_country="SO", to_country="SO")
    b.add(113, "CC2", None, 1400, "cash", from_country="US", to_country="US")  # not a conflict zone
    b.add(113, "CC3", None, 1400, "cash", from_country="SO", to_country="SO")
    # NPO diversion: three donations, 56 % sent on to two people in conflict zones; the
    # near miss sends it all to one recipient
    for i in range(3):
        b.add(120 + i, f"D{i}", "NPO1", 3000, narrative="donation")
        b.add(120 + i, f"DQ{i}", "NPO2", 3000, narrative="donation")
    b.add(126, "NPO1", "AFX1", 2500, "money_transfer", to_country="AF")
    b.add(126, "NPO1", "SYX9", 2500, to_country="SY")
    b.add(126, "NPO2", "AFX2", 5000, to_country="AF")
    # crypto off-ramp: crypto in, 80 % out in cash the next day; a month later is too late
    # (from two wallets); a customer cashing out coins from their one wallet is no alert
    b.add(140, "WALLET1", "CR1", 6000, "crypto")
    b.add(140, "WALLET3", "CR1", 4000, "crypto")
    b.add(141, "CR1", None, 8000, "cash")
    b.add(140, "WALLET2", "CR2", 6000, "crypto")
    b.add(140, "WALLET4", "CR2", 4000, "crypto")
    b.add(170, "CR2", None, 8000, "cash")
    b.add(140, "WALLET5", "CR3", 10000, "crypto")
    b.add(141, "CR3", None, 8000, "cash")
    # cycle: three hops back to the origin; the near miss comes back with half the amount
    b.add(150, "CY1", "CY2", 4000)
    b.add(151, "CY2", "CY3", 3900)
    b.add(152, "CY3", "CY1", 3800)
    b.add(150, "CN1", "CN2", 4000)
    b.add(151, "CN2", "CN3", 3900)
    b.add(152, "CN3", "CN1", 2000)
    # scatter-gather: one source, three intermediaries, one sink; two intermediaries miss
    for i in range(3):
        b.add(160, "SG_S", f"M{i}", 1000)
        b.add(162, f"M{i}", "SG_T", 990)
    for i in range(2):
        b.add(160, "SN_S", f"N{i}", 1000)
        b.add(162, f"N{i}", "SN_T", 990)
    # gather-scatter: four sources into a hub, then out to four sinks
    for i in range(4):
        b.add(170, f"G{i}", "GS_H", 1500)
        b.add(172, "GS_H", f"H{i}", 1275)  # 85 %: not a pass-through
    for i in range(3):
        b.add(170, f"GQ{i}", "GN_H", 2000)
        b.add(172, "GN_H", f"HQ{i}", 1700)
    # layering chain: four hops each forwarding ~97 %; the near miss forwards half
    for i, amount in enumerate((3000, 2900, 2800, 2700)):
        b.add(180 + i, f"L{i}", f"L{i + 1}", amount)
    for i, amount in enumerate((3000, 1500, 1400)):
        b.add(180 + i, f"K{i}", f"K{i + 1}", amount)
    return b


#: Focus account of every alert each rule must raise on :func:`build_scenarios` data.
EXPECTED: dict[str, set[str]] = {
    "structuring": {"STR1"},
    "smurfing": {"SMF1", "COL1"},
    "fan_in": {"FIN1"},
    "fan_out": {"FOUT1"},
    "pass_through": {"PT1"},
    "high_risk_jurisdiction": {"HR1"},
    "sanctioned_party": {"SP1"},
    "cash_to_high_risk": {"CHR1"},
    "conflict_cashout": {"CC1"},
    "npo_diversion": {"NPO1"},
    "crypto_offramp": {"CR1"},
    "cycle": {"CY1"},
    "scatter_gather": {"SG_S"},
    "gather_scatter": {"GS_H"},
    "layering_chain": {"L0"},
}

SANCTIONED = pa.table(
    {"party_id": ["PARTY-BAD"], "reference": ["TEST.001"], "score": [0.93]},
)


@pytest.fixture(scope="session")
def scenarios_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scenarios") / "transactions.parquet"
    pq.write_table(build_scenarios().table(), path)
    return path


@pytest.fixture(scope="session")
def amlsim_canonical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared AMLSim file in canonical form (until the loader is used here)."""
    if not AMLSIM.is_file():
        pytest.skip(f"shared AMLSim data not found at {AMLSIM}")
    import duckdb

    path = tmp_path_factory.mktemp("amlsim") / "transactions.parquet"
    duckdb.sql(
        f"""COPY (SELECT CAST(tx_id AS VARCHAR) AS tx_id,
                        CAST("timestamp" AS TIMESTAMPTZ) AS "timestamp",
                        from_account, to_account, amount, currency, amount AS amount_base,
                        'wire' AS channel, CAST(NULL AS VARCHAR) AS from_bank,
                        CAST(NULL AS VARCHAR) AS to_bank, 'US' AS from_country,
                        'US' AS to_country, CAST(NULL AS VARCHAR) AS narrative,
                        CAST(NULL AS VARCHAR) AS from_party, CAST(NULL AS VARCHAR) AS to_party,
                        is_laundering, typology
                 FROM '{AMLSIM}') TO '{path}' (FORMAT parquet)"""
    )
    return path


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    """One local Spark session for the whole test run (skipped without pyspark/Java).

    Tuned for tiny data: one core and one shuffle partition, no adaptive re-planning and
    no whole-stage code generation (compiling code costs more than it saves here).
    """
    from openfiu.monitoring.engines.spark import make_session, spark_available

    reason = spark_available()
    if reason:
        pytest.skip(reason)
    session = make_session(
        "local[1]",
        {
            "spark.sql.shuffle.partitions": "1",
            "spark.sql.adaptive.enabled": "false",
            "spark.sql.codegen.wholeStage": "false",
        },
    )
    yield session
    session.stop()
