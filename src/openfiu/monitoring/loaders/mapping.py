"""How a source layout maps onto the canonical transaction schema.

A :class:`ColumnMapping` says, for each canonical column (``openfiu.monitoring.schema``),
where its value comes from:

* ``columns``: a source column name — matched without regard to case, and ``Account_1``
  also matches ``Account.1`` (the names that DuckDB and pandas give a repeated header) — or,
  when the value starts with ``=``, a DuckDB SQL expression over the source columns
  (quote names with spaces: ``="Amount Paid" / 100``);
* ``constants``: one value for every row (``currency = "USD"``, ``channel = "wire"``).

Three presets ship in :data:`PRESETS`: ``canonical`` (already in our schema), ``amlsim``
(the layout of ``../shared/data/amlsim/dev``) and ``amlworld`` (IBM's AMLworld CSV).
:func:`detect_preset` picks one from the column names when exactly one fits;
:func:`load_mapping` reads a user mapping from a small JSON or TOML file.

Example::

    >>> detect_preset(["Timestamp", "From Bank", "Account", "To Bank", "Account_1",
    ...                "Amount Received", "Receiving Currency", "Amount Paid",
    ...                "Payment Currency", "Payment Format", "Is Laundering"])
    'amlworld'
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from openfiu.errors import TransactionDataError
from openfiu.monitoring.loaders.fx import AMLWORLD_CURRENCIES
from openfiu.monitoring.schema import CHANNELS, LABEL_SCHEMA, REQUIRED_COLUMNS, TRANSACTION_COLUMNS

LABEL_COLUMNS: Final = tuple(LABEL_SCHEMA.names)
KNOWN_COLUMNS: Final = (*TRANSACTION_COLUMNS, *LABEL_COLUMNS)
#: Encodings a CSV source may declare (those DuckDB reads natively).
ENCODINGS: Final = ("utf-8", "latin-1", "utf-16")

#: Channel words understood in every source (after lower-casing, spaces and hyphens -> ``_``).
#: A mapping's own ``channel_values`` take precedence.
CHANNEL_SYNONYMS: Final[dict[str, str]] = {
    **{c: c for c in CHANNELS},
    "transfer": "wire",
    "wire_transfer": "wire",
    "bank_transfer": "wire",
    "swift": "wire",
    "sepa": "wire",
    "ach": "wire",
    "cheque": "wire",
    "check": "wire",
    "cash_in": "cash",
    "cash_out": "cash",
    "deposit": "cash",
    "withdrawal": "cash",
    "credit_card": "card",
    "debit_card": "card",
    "hawala": "money_transfer",
    "mto": "money_transfer",
    "remittance": "money_transfer",
    "bitcoin": "crypto",
    "virtual_asset": "crypto",
}


@dataclass(frozen=True)
class ColumnMapping:
    """How one source layout maps onto the canonical schema (see the module docstring).

    ``optional`` names canonical columns whose source may be absent (they become null);
    every other entry of ``columns`` is required and its absence is an error that lists
    the columns found. ``timestamp_formats`` are ``strptime`` formats tried in order (none:
    ISO 8601, or the source's own timestamp/date type, or epoch seconds for numbers);
    times without an offset are read in ``timezone``. ``channel_values`` maps source
    channel words onto :data:`~openfiu.monitoring.schema.CHANNELS` and
    ``currency_names`` source currency names onto ISO codes. ``tx_id_from_row`` makes the
    1-based data row number the transaction id (for sources without one).
    ``csv_delimiter`` (None: guessed from the header line) and ``encoding`` apply to CSV.
    """

    name: str
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    optional: frozenset[str] = frozenset()
    timestamp_formats: tuple[str, ...] = ()
    timezone: str = "UTC"
    channel_values: dict[str, str] = field(default_factory=dict)
    currency_names: dict[str, str] = field(default_factory=dict)
    tx_id_from_row: bool = False
    csv_delimiter: str | None = None
    encoding: str = "utf-8"

    def __post_init__(self) -> None:
        where = f"column mapping {self.name!r}"
        unknown = sorted((set(self.columns) | set(self.constants)) - set(KNOWN_COLUMNS))
        if unknown:
            raise TransactionDataError(
                f"{where}: unknown canonical column(s) {', '.join(unknown)}; "
                f"known: {', '.join(KNOWN_COLUMNS)}"
            )
        covered = (
            set(self.columns) | set(self.constants) | ({"tx_id"} if self.tx_id_from_row else set())
        )
        uncovered = [c for c in REQUIRED_COLUMNS if c not in covered]
        if uncovered:
            raise TransactionDataError(
                f"{where}: says nothing about required column(s) {', '.join(uncovered)}; "
                "map each to a source column or give it a constant"
            )
        bad = sorted({v for v in self.channel_values.values() if v not in CHANNELS})
        if bad:
            raise TransactionDataError(
                f"{where}: channel_values maps onto {', '.join(bad)}, not channels "
                f"({', '.join(CHANNELS)})"
            )
        if self.encoding not in ENCODINGS:
            raise TransactionDataError(
                f"{where}: encoding {self.encoding!r} is not one of {', '.join(ENCODINGS)}"
            )
        if self.csv_delimiter is not None and len(self.csv_delimiter) != 1:
            raise TransactionDataError(f"{where}: csv_delimiter must be one character")

    def required_source_columns(self) -> list[str]:
        """Source columns (not expressions) that must exist for this mapping to apply."""
        return [
            src
            for canon, src in self.columns.items()
            if not src.startswith("=") and canon not in self.optional
        ]


def column_key(name: str) -> str:
    """Comparison key of a column name: case-folded, ``Account.1`` equal to ``Account_1``."""
    return re.sub(r"[._](\d+)$", r"#\1", name.strip().casefold())


def resolve_column(name: str, available: Sequence[str]) -> str | None:
    """The column of ``available`` that ``name`` designates (see :func:`column_key`)."""
    if name in available:
        return name
    key = column_key(name)
    return next((col for col in available if column_key(col) == key), None)


def _canonical_preset() -> ColumnMapping:
    required = {*REQUIRED_COLUMNS, "from_account", "to_account"}
    return ColumnMapping(
        name="canonical",
        columns={c: c for c in KNOWN_COLUMNS},
        optional=frozenset(c for c in KNOWN_COLUMNS if c not in required),
    )


_AMLSIM_LAUNDERING = "TRY_CAST(trim(CAST(is_laundering AS VARCHAR)) AS BOOLEAN)"

PRESETS: Final[dict[str, ColumnMapping]] = {
    "canonical": _canonical_preset(),
    "amlsim": ColumnMapping(
        name="amlsim",
        columns={
            "tx_id": "tx_id",
            "timestamp": "timestamp",
            "from_account": "from_account",
            "to_account": "to_account",
            "amount": "amount",
            "currency": "currency",
            "channel": "payment_type",
            "is_laundering": "is_laundering",
            # Typology and alert id only for SAR (laundering) rows: false-alert rows are
            # hard negatives and carry no typology.
            "typology": f"=CASE WHEN {_AMLSIM_LAUNDERING} THEN typology END",
            "pattern_id": (
                f"=CASE WHEN {_AMLSIM_LAUNDERING} AND TRY_CAST(alert_id AS BIGINT) >= 0 "
                "THEN CAST(TRY_CAST(alert_id AS BIGINT) AS VARCHAR) END"
            ),
        },
        optional=frozenset(LABEL_COLUMNS),
        channel_values={"transfer": "wire"},
    ),
    "amlworld": ColumnMapping(
        name="amlworld",
        columns={
            "timestamp": "Timestamp",
            "from_bank": "From Bank",
            "from_account": "Account",
            "to_bank": "To Bank",
            "to_account": "Account_1",
            "amount": "Amount Paid",
            "currency": "Payment Currency",
            "channel": "Payment Format",
            "is_laundering": "Is Laundering",
        },
        optional=frozenset({"is_laundering"}),
        timestamp_formats=("%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S"),
        channel_values={
            "cash": "cash",
            "wire": "wire",
            "ach": "wire",
            "cheque": "wire",
            "credit_card": "card",
            "bitcoin": "crypto",
            "reinvestment": "wire",
        },
        currency_names=dict(AMLWORLD_CURRENCIES),
        tx_id_from_row=True,
    ),
}


def detect_preset(columns: Sequence[str]) -> str | None:
    """The preset whose required source columns are all in ``columns``, if exactly one is.

    Returns None when no preset fits or when several do (ambiguous: pass a mapping).
    """
    fits = [name for name, missing in missing_by_preset(columns).items() if not missing]
    return fits[0] if len(fits) == 1 else None


def missing_by_preset(columns: Sequence[str]) -> dict[str, list[str]]:
    """For each preset, its required source columns absent from ``columns``."""
    return {
        name: [c for c in preset.required_source_columns() if resolve_column(c, columns) is None]
        for name, preset in PRESETS.items()
    }


_LIST_FIELDS = ("optional", "timestamp_formats")
_DICT_FIELDS = ("columns", "constants", "channel_values", "currency_names")
_STR_FIELDS = ("name", "timezone", "encoding", "csv_delimiter", "timestamp_format", "preset")


def load_mapping(path: Path) -> ColumnMapping:
    """Read a user mapping from a JSON (``.json``) or TOML (``.toml``) file.

    Keys are the fields of :class:`ColumnMapping`; ``preset = "amlworld"`` starts from a
    preset and overrides only what the file gives; ``timestamp_format`` (one format) is
    accepted for ``timestamp_formats``. Example (TOML)::

        name = "mybank"
        timestamp_format = "%d.%m.%Y %H:%M"
        [columns]
        tx_id = "Reference"
        timestamp = "Booked"
        from_account = "Debit IBAN"
        to_account = "Credit IBAN"
        amount = "Amount"
        currency = "Ccy"
        [constants]
        channel = "wire"
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except FileNotFoundError as exc:
        raise TransactionDataError(f"mapping file {path} does not exist") from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise TransactionDataError(
            f"mapping file {path} is not valid {'TOML' if path.suffix == '.toml' else 'JSON'}: {exc}"
        ) from exc
    if not isinstance(data, dict):
        raise TransactionDataError(f"mapping file {path}: expected an object of settings")
    return mapping_from_dict(data, default_name=path.stem, where=str(path))


def mapping_from_dict(data: Mapping[str, Any], *, default_name: str, where: str) -> ColumnMapping:
    """Build a :class:`ColumnMapping` from plain settings (see :func:`load_mapping`)."""
    known = {*_LIST_FIELDS, *_DICT_FIELDS, *_STR_FIELDS, "tx_id_from_row"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise TransactionDataError(
            f"mapping {where}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    fields: dict[str, Any] = {}
    base_name = data.get("preset")
    if base_name is not None:
        if base_name not in PRESETS:
            raise TransactionDataError(
                f"mapping {where}: unknown preset {base_name!r}; presets: {', '.join(PRESETS)}"
            )
        base = PRESETS[base_name]
        fields = {k: getattr(base, k) for k in base.__dataclass_fields__}
    fields["name"] = _str(data.get("name", default_name), "name", where)
    for key in _DICT_FIELDS:
        if key in data:
            value = data[key]
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                raise TransactionDataError(f"mapping {where}: {key} must map names to strings")
            fields[key] = {**fields.get(key, {}), **value}
    if "timestamp_format" in data:
        fields["timestamp_formats"] = (_str(data["timestamp_format"], "timestamp_format", where),)
    for key in _LIST_FIELDS:
        if key in data:
            items = data[key]
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise TransactionDataError(f"mapping {where}: {key} must be a list of strings")
            fields[key] = frozenset(items) if key == "optional" else tuple(items)
    for key in ("timezone", "encoding", "csv_delimiter"):
        if key in data:
            fields[key] = _str(data[key], key, where)
    if "tx_id_from_row" in data:
        if not isinstance(data["tx_id_from_row"], bool):
            raise TransactionDataError(f"mapping {where}: tx_id_from_row must be true or false")
        fields["tx_id_from_row"] = data["tx_id_from_row"]
    return ColumnMapping(**fields)


def norm_channel(word: str) -> str:
    """Normal form of a channel word: lower case, spaces and hyphens turned into ``_``."""
    return word.strip().lower().replace(" ", "_").replace("-", "_")


def _str(value: object, key: str, where: str) -> str:
    if not isinstance(value, str):
        raise TransactionDataError(f"mapping {where}: {key} must be a string")
    return value
