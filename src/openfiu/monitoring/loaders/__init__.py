"""Transaction loaders: CSV or Parquet in any known layout -> canonical Parquet.

The public API is small::

    from openfiu.monitoring.loaders import prepare_transactions

    data = prepare_transactions(Path("transactions.csv"), mapping="amlworld", work_dir=Path("work"))
    print(data.summary())          # rows kept, rows set aside and why
    engine.use_transactions(data.paths)

``PRESETS`` holds the known layouts (``canonical``, ``amlsim``, ``amlworld``),
``detect_preset`` picks one from column names, ``load_mapping`` reads a user's JSON/TOML
mapping. Every rejected row lands in a rejects file with its row number and reason;
``docs/monitoring-data.md`` lists the schema, presets and reason codes.
"""

from openfiu.monitoring.loaders.fx import RATES_DATE, USD_PER_UNIT
from openfiu.monitoring.loaders.mapping import (
    PRESETS,
    ColumnMapping,
    detect_preset,
    load_mapping,
)
from openfiu.monitoring.loaders.prepare import PreparedData, prepare_transactions

__all__ = [
    "PRESETS",
    "RATES_DATE",
    "USD_PER_UNIT",
    "ColumnMapping",
    "PreparedData",
    "detect_preset",
    "load_mapping",
    "prepare_transactions",
]
