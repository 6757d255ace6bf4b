"""Alerts: what a rule found, in one Arrow schema shared by every engine.

An alert names its rule, the accounts and transactions involved (sorted lists of ids), the
values that crossed the rule's thresholds, a score in [0, 1] and one sentence that explains
it. ``alert_id`` is a deterministic hash of rule, accounts and window, so the same data
gives the same ids on every engine.
"""

from __future__ import annotations

from typing import Final

import pyarrow as pa

ALERT_SCHEMA: Final = pa.schema(
    [
        pa.field("alert_id", pa.string(), nullable=False),
        pa.field("rule", pa.string(), nullable=False),
        pa.field("typology", pa.string(), nullable=False),
        pa.field("score", pa.float64(), nullable=False),
        pa.field("accounts", pa.list_(pa.string()), nullable=False),
        pa.field("transactions", pa.list_(pa.string()), nullable=False),
        pa.field("window_start", pa.timestamp("us", tz="UTC")),
        pa.field("window_end", pa.timestamp("us", tz="UTC")),
        pa.field("amount_base", pa.float64()),
        pa.field("values", pa.string()),  # JSON object: the values that crossed thresholds
        pa.field("explanation", pa.string(), nullable=False),
    ]
)
