"""From integer-coded rows to canonical Arrow tables and Parquet files.

Strings are made here only: identifiers are written digit by digit into one byte buffer
(no Python string per row), and every other string column is an Arrow ``take`` from a
small dictionary (country codes, bank codes, channel names …) or from the per-account
arrays (account and party ids). Index -1 becomes null.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from openfiu.monitoring.schema import (
    ACCOUNT_LABEL_SCHEMA,
    CHANNELS,
    LABEL_SCHEMA,
    TRANSACTION_SCHEMA,
)
from openfiu.synth.transactions.population import Population
from openfiu.synth.transactions.reference import (
    COUNTRIES,
    CURRENCIES,
    KINDS,
    NARRATIVES,
    SEGMENTS,
    TYPOLOGIES,
    bank_codes,
)
from openfiu.synth.transactions.sampling import Batch, IntArray, to_currency
from openfiu.synth.transactions.typologies import ROLES

#: Canonical transaction columns followed by the label columns, as written.
OUTPUT_SCHEMA = pa.schema([*TRANSACTION_SCHEMA, *LABEL_SCHEMA])
ID_WIDTH = 12
#: Columns worth dictionary-encoding in Parquet (repeated values; not ids or amounts).
DICTIONARY_COLUMNS = [
    name
    for name in OUTPUT_SCHEMA.names
    if name not in ("tx_id", "timestamp", "amount", "amount_base", "is_laundering")
]


_DIGITS = np.array([list(f"{i:04d}".encode()) for i in range(10_000)], dtype=np.uint8)


def fixed_width_ids(prefix: str, numbers: IntArray, width: int = ID_WIDTH) -> pa.Array:
    """Strings ``prefix`` + ``numbers`` zero-padded to ``width`` digits, built in one buffer
    from a table of four-digit groups (no Python string per row).

    Example::

        fixed_width_ids("T", np.arange(3), 4)   # ["T0000", "T0001", "T0002"]
    """
    rest = np.asarray(numbers, dtype=np.int64)
    n, groups = len(rest), -(-width // 4)
    digits = np.empty((n, groups * 4), dtype=np.uint8)
    for g in range(groups - 1, -1, -1):
        digits[:, g * 4 : g * 4 + 4] = _DIGITS[rest % 10_000]
        rest = rest // 10_000
    head = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    rows = np.empty((n, len(head) + width), dtype=np.uint8)
    rows[:, : len(head)] = head
    rows[:, len(head) :] = digits[:, groups * 4 - width :]
    size = rows.shape[1]
    offsets = np.arange(0, (n + 1) * size, size, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(rows)])


def pick(dictionary: pa.Array, index: IntArray) -> pa.Array:
    """``dictionary[index]`` as an Arrow array; -1 gives null."""
    return pc.take(dictionary, pa.array(index, mask=index < 0))


class Strings:
    """The string dictionaries of one run (population ids and fixed vocabularies)."""

    def __init__(self, pop: Population, pattern_names: Sequence[str]) -> None:
        self.pop = pop
        self.accounts = fixed_width_ids("A", np.arange(pop.n), 9)
        self.parties = fixed_width_ids("P", np.arange(pop.n), 9)
        self.banks = pa.array(bank_codes())
        self.countries = pa.array(COUNTRIES)
        self.currencies = pa.array(CURRENCIES)
        self.channels = pa.array(CHANNELS)
        self.narratives = pa.array(NARRATIVES)
        self.typologies = pa.array(TYPOLOGIES)
        self.patterns = pa.array(list(pattern_names) or [""], type=pa.string())


def _side(values: IntArray, accounts: IntArray) -> IntArray:
    """Attribute ``values`` of ``accounts``; -1 where the account is -1 (the cash side)."""
    return np.where(accounts >= 0, values[np.maximum(accounts, 0)], -1)


def transactions_table(rows: Batch, strings: Strings, first_id: int) -> pa.Table:
    """The canonical table (plus labels) of ``rows``; tx ids count up from ``first_id``."""
    pop = strings.pop
    src, dst = rows.src, rows.dst
    own = np.where(src >= 0, _side(pop.currency, src), _side(pop.currency, dst))
    cur = np.where(rows.cur >= 0, rows.cur, own)
    amount, amount_base = to_currency(rows.base, cur)
    cash_here = np.where(rows.loc >= 0, rows.loc, -2)
    from_country = np.where(src >= 0, _side(pop.country, src), cash_here)
    from_country = np.where(from_country == -2, _side(pop.country, dst), from_country)
    to_country = np.where(dst >= 0, _side(pop.country, dst), cash_here)
    to_country = np.where(to_country == -2, _side(pop.country, src), to_country)
    columns = [
        fixed_width_ids("T", np.arange(first_id, first_id + len(rows))),
        pa.array(rows.t, type=pa.timestamp("us", tz="UTC")),
        pick(strings.accounts, src),
        pick(strings.accounts, dst),
        pa.array(amount, type=pa.float64()),
        pick(strings.currencies, cur),
        pa.array(amount_base, type=pa.float64()),
        pick(strings.channels, rows.channel),
        pick(strings.banks, _side(pop.bank, src)),
        pick(strings.banks, _side(pop.bank, dst)),
        pick(strings.countries, from_country),
        pick(strings.countries, to_country),
        pick(strings.narratives, rows.narr),
        pick(strings.parties, src),
        pick(strings.parties, dst),
        pa.array(rows.typ >= 0),
        pick(strings.typologies, rows.typ),
        pick(strings.patterns, rows.pat),
    ]
    return pa.Table.from_arrays(columns, schema=OUTPUT_SCHEMA)


def accounts_table(
    pop: Population,
    strings: Strings,
    typology: IntArray,
    pattern: IntArray,
    role: IntArray,
    start: dt.date,
) -> pa.Table:
    """``accounts.parquet``: the label columns of ``ACCOUNT_LABEL_SCHEMA`` then attributes."""
    opened = (start - dt.date(1970, 1, 1)).days - pop.opened_days_before
    columns = {
        "account_id": strings.accounts,
        "is_laundering": pa.array(typology >= 0),
        "typology": pick(strings.typologies, typology),
        "pattern_id": pick(strings.patterns, pattern),
        "pattern_role": pick(pa.array(ROLES), role),
        "kind": pick(pa.array(KINDS), pop.kind),
        "segment": pick(pa.array(SEGMENTS), pop.segment),
        "country": pick(strings.countries, pop.country),
        "bank": pick(strings.banks, pop.bank),
        "currency": pick(strings.currencies, pop.currency),
        "party_id": strings.parties,
        "opened": pa.array(opened.astype(np.int32), type=pa.int32()).cast(pa.date32()),
    }
    fields = [*ACCOUNT_LABEL_SCHEMA]
    fields += [pa.field(name, columns[name].type) for name in list(columns)[len(fields) :]]
    return pa.Table.from_arrays(list(columns.values()), schema=pa.schema(fields))
