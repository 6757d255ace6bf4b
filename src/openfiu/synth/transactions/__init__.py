"""Synthetic transactions with labelled money-laundering and terrorist-financing typologies.

A realistic background (card payments, payroll, business wires, cash, remittances along
real corridors, crypto, NPOs, money-service settlement) in which thirteen typologies are
injected and labelled per transaction and per account. Deterministic by seed, vectorised
(numpy ``PCG64``), written part by part so that tens of millions of rows fit in little
memory. Example::

    from pathlib import Path
    from openfiu.synth.transactions import generate_transactions

    summary = generate_transactions(accounts=10_000, days=60, seed=7, out=Path("synth"))
    print(summary.transactions, summary.laundering_transactions, summary.patterns)

See ``docs/synthetic-transactions.md`` for the model and every typology's parameters.
"""

from openfiu.synth.transactions.generate import (
    DEFAULT_LAUNDERING_SHARE,
    SynthSummary,
    generate_transactions,
)
from openfiu.synth.transactions.reference import (
    CONFLICT_ZONES,
    HIGH_RISK,
    REPORTING_THRESHOLD_USD,
    TYPOLOGIES,
)
from openfiu.synth.transactions.writer import OUTPUT_SCHEMA

__all__ = [
    "CONFLICT_ZONES",
    "DEFAULT_LAUNDERING_SHARE",
    "HIGH_RISK",
    "OUTPUT_SCHEMA",
    "REPORTING_THRESHOLD_USD",
    "TYPOLOGIES",
    "SynthSummary",
    "generate_transactions",
]
