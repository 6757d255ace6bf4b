"""The canonical transaction schema every loader produces and every engine reads.

One row is one movement of money. Cash deposits have no ``from_account`` and cash
withdrawals no ``to_account`` (the column is null). Amounts are positive; ``amount`` is in
``currency`` and ``amount_base`` in the base currency (USD unless configured).

Label columns (``is_laundering``, ``typology``, ``pattern_id``) are optional: generated and
benchmark data carry them, engines ignore them, ``openfiu monitor evaluate`` reads them.
"""

from __future__ import annotations

from typing import Final

import pyarrow as pa

#: Channels a transaction can take. ``money_transfer`` covers money-transfer operators and
#: hawala-type informal value transfer.
CHANNELS: Final = ("cash", "wire", "card", "money_transfer", "crypto")

#: Base currency of ``amount_base`` unless a loader is told otherwise.
BASE_CURRENCY: Final = "USD"

TRANSACTION_SCHEMA: Final = pa.schema(
    [
        pa.field("tx_id", pa.string(), nullable=False),
        pa.field("timestamp", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("from_account", pa.string()),
        pa.field("to_account", pa.string()),
        pa.field("amount", pa.float64(), nullable=False),
        pa.field("currency", pa.string(), nullable=False),
        pa.field("amount_base", pa.float64(), nullable=False),
        pa.field("channel", pa.string(), nullable=False),
        pa.field("from_bank", pa.string()),
        pa.field("to_bank", pa.string()),
        pa.field("from_country", pa.string()),
        pa.field("to_country", pa.string()),
        pa.field("narrative", pa.string()),
        pa.field("from_party", pa.string()),
        pa.field("to_party", pa.string()),
    ]
)

#: Optional label columns of benchmark and generated data (per transaction).
LABEL_SCHEMA: Final = pa.schema(
    [
        pa.field("is_laundering", pa.bool_()),
        pa.field("typology", pa.string()),
        pa.field("pattern_id", pa.string()),
    ]
)

#: Per-account labels (``accounts.parquet`` of generated data).
ACCOUNT_LABEL_SCHEMA: Final = pa.schema(
    [
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("is_laundering", pa.bool_(), nullable=False),
        pa.field("typology", pa.string()),
        pa.field("pattern_id", pa.string()),
    ]
)

TRANSACTION_COLUMNS: Final = tuple(TRANSACTION_SCHEMA.names)
REQUIRED_COLUMNS: Final = ("tx_id", "timestamp", "amount", "currency", "channel")
