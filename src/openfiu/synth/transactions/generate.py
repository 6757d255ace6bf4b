"""``generate_transactions``: the whole run, written part by part with bounded memory.

Order of work:

1. draw the account population (random stream 0);
2. plan every laundering pattern of the period (stream 1) — they are small (≈0.4 % of the
   rows) and are held in memory, sorted by time;
3. for each day, draw the legitimate rows from that day's own stream (``(seed, 2, day)``),
   add the day's laundering rows and sort by time; days are grouped into parts of about
   ``rows_per_part`` rows, converted to Arrow and written one at a time.

Because each day has its own stream and transaction ids count up across days, the rows do
not depend on ``rows_per_part``: parts only cut the same sequence at other places.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq

from openfiu.errors import SynthParameterError
from openfiu.synth.transactions.background import Background
from openfiu.synth.transactions.population import make_population
from openfiu.synth.transactions.reference import CURRENCY_TABLE, TYPOLOGIES
from openfiu.synth.transactions.sampling import SECONDS_PER_DAY, US_PER_SECOND, Batch
from openfiu.synth.transactions.typologies import Patterns, plan_patterns
from openfiu.synth.transactions.writer import (
    DICTIONARY_COLUMNS,
    Strings,
    accounts_table,
    transactions_table,
)

GENERATOR_VERSION = 1
MIN_ACCOUNTS = 1000
DEFAULT_LAUNDERING_SHARE = 0.004
DAY_US = SECONDS_PER_DAY * US_PER_SECOND


@dataclass(frozen=True)
class SynthSummary:
    """What a run wrote: where, how many accounts and rows, patterns per typology, time."""

    out: Path
    accounts: int
    transactions: int
    laundering_transactions: int
    patterns: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _rng(seed: int, *key: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def _check(accounts: int, days: int, seed: int, share: float, rows_per_part: int) -> None:
    if accounts < MIN_ACCOUNTS:
        raise SynthParameterError(
            f"accounts={accounts}: at least {MIN_ACCOUNTS} are needed to hide every typology "
            "among legitimate accounts"
        )
    if not 1 <= days <= 3660:
        raise SynthParameterError(f"days={days}: give between 1 and 3660 days")
    if seed < 0:
        raise SynthParameterError(f"seed={seed}: the seed must be a non-negative integer")
    if not 0.0 < share <= 0.05:
        raise SynthParameterError(
            f"laundering_share={share}: give a share in (0, 0.05]; real data has 0.1–1 %"
        )
    if rows_per_part < 1000:
        raise SynthParameterError(f"rows_per_part={rows_per_part}: give at least 1000")


def _prepare(out: Path, overwrite: bool) -> Path:
    folder = out / "transactions"
    old = sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []
    if old and not overwrite:
        raise SynthParameterError(
            f"{folder}: already holds {len(old)} part file(s); choose an empty folder "
            "or pass overwrite (--overwrite)"
        )
    for path in old:
        path.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def generate_transactions(
    accounts: int,
    days: int,
    seed: int,
    out: Path,
    *,
    start: dt.date = dt.date(2025, 1, 1),
    laundering_share: float = DEFAULT_LAUNDERING_SHARE,
    progress: Callable[[int, int], None] | None = None,
    rows_per_part: int = 500_000,
    overwrite: bool = False,
) -> SynthSummary:
    """Generate labelled transactions of ``accounts`` accounts over ``days`` days into ``out``.

    Writes ``out/transactions/part-NNNNN.parquet`` (canonical schema plus the label
    columns, sorted by time), ``out/accounts.parquet`` and ``out/manifest.json``. About
    0.9 transactions per account per day; ``laundering_share`` of them belong to injected
    patterns. ``progress(days_done, days)`` is called after each part.

    Example::

        summary = generate_transactions(10_000, 30, seed=7, out=Path("synth"))
        summary.transactions, summary.patterns["cycle"]
    """
    _check(accounts, days, seed, laundering_share, rows_per_part)
    started = time.perf_counter()
    folder = _prepare(out, overwrite)
    run = _Run(accounts, days, seed, start, laundering_share)
    days_per_part = max(1, int(rows_per_part // max(run.per_day, 1.0)))
    written, counts, parts = 0, np.zeros(len(TYPOLOGIES), dtype=np.int64), []
    with ThreadPoolExecutor(max_workers=1) as writer:  # write part k while drawing k + 1
        pending: Future[None] | None = None
        for part, first in enumerate(range(0, days, days_per_part)):
            rows = run.days(range(first, min(days, first + days_per_part)))
            table = transactions_table(rows, run.strings, written)
            name = f"part-{part:05d}.parquet"
            if pending is not None:
                pending.result()
            pending = writer.submit(_write, table, folder / name)
            counts += np.bincount(rows.typ[rows.typ >= 0], minlength=len(TYPOLOGIES))
            written += len(rows)
            parts.append({"file": f"transactions/{name}", "rows": len(rows)})
            del rows, table
            if progress is not None:
                progress(min(days, first + days_per_part), days)
        if pending is not None:
            pending.result()
    patterns = run.patterns
    labels = (patterns.account_typ, patterns.account_pat, patterns.account_role)
    accounts_out = accounts_table(run.pop, run.strings, *labels, start)
    pq.write_table(accounts_out, out / "accounts.parquet", compression="zstd")
    parameters = {
        "accounts": accounts,
        "days": days,
        "start": start.isoformat(),
        "laundering_share": laundering_share,
        "rows_per_part": rows_per_part,
    }
    _write_manifest(out, seed, parameters, written, counts, patterns, parts)
    return SynthSummary(
        out=out,
        accounts=accounts,
        transactions=written,
        laundering_transactions=int(counts.sum()),
        patterns=dict(patterns.per_typology),
        seconds=time.perf_counter() - started,
    )


class _Run:
    """The population, the planned patterns and the strings of one run."""

    def __init__(self, accounts: int, days: int, seed: int, start: dt.date, share: float) -> None:
        self.seed, self.start = seed, start
        self.start_us = (start - dt.date(1970, 1, 1)).days * DAY_US
        self.pop = make_population(accounts, _rng(seed, 0))
        self.background = Background(self.pop)
        self.per_day = self.background.expected_per_day()
        budget = share / (1.0 - share) * self.per_day * days
        self.patterns = plan_patterns(self.pop, _rng(seed, 1), days, self.start_us, budget)
        self.laundering = self.patterns.rows()
        self.bounds = np.searchsorted(
            self.laundering.t, self.start_us + DAY_US * np.arange(days + 1)
        )
        self.strings = Strings(self.pop, self.patterns.names)

    def days(self, days: range) -> Batch:
        """The rows (legitimate and laundering) of ``days``, sorted by time.

        One stable sort of the whole range gives the same order as sorting each day on its
        own (days do not overlap in time), so rows do not depend on how days are grouped.
        """
        batches = []
        for day in days:
            batches.append(
                self.background.day(
                    _rng(self.seed, 2, day),
                    self.start_us + day * DAY_US,
                    self.start + dt.timedelta(day),
                )
            )
            batches.append(self.laundering.take(slice(self.bounds[day], self.bounds[day + 1])))
        rows = Batch.concat(batches)
        return rows.take(np.argsort(rows.t, kind="stable"))


def _write(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd", use_dictionary=DICTIONARY_COLUMNS)


def _write_manifest(
    out: Path,
    seed: int,
    parameters: dict[str, Any],
    written: int,
    counts: npt.NDArray[np.int64],
    patterns: Patterns,
    parts: list[dict[str, Any]],
) -> None:
    """``manifest.json``: seed, parameters, counts per typology, parts, exchange rates.
    Nothing time-dependent, so the same seed gives the same file."""
    accounts_per = np.bincount(
        patterns.account_typ[patterns.account_typ >= 0], minlength=len(TYPOLOGIES)
    )
    manifest = {
        "generator": "openfiu.synth.transactions",
        "version": GENERATOR_VERSION,
        "seed": seed,
        "parameters": parameters,
        "transactions": written,
        "laundering_transactions": int(counts.sum()),
        "typologies": {
            name: {
                "patterns": patterns.per_typology[name],
                "transactions": int(counts[i]),
                "accounts": int(accounts_per[i]),
            }
            for i, name in enumerate(TYPOLOGIES)
        },
        "parts": parts,
        "rates_usd": {code: rate for code, (rate, _) in CURRENCY_TABLE.items()},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
