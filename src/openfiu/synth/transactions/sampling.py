"""Vectorised building blocks: a columnar batch of rows, weighted pickers, amounts, times.

Every generator in this package produces :class:`Batch` objects: plain numpy columns with
integer codes (account index, channel code, narrative code …) instead of strings. Strings
are made only once, when a part is written (``writer.py``), with Arrow ``take``; that is
what keeps generation above a million rows a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import numpy.typing as npt

from openfiu.synth.transactions.reference import DECIMALS, RATES

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

US_PER_SECOND = 1_000_000
SECONDS_PER_DAY = 86_400


@dataclass
class Batch:
    """Rows of transactions as numpy columns (one element per row).

    ``t`` is microseconds since 1970 (UTC); ``src``/``dst`` account indexes, -1 for the
    cash side; ``base`` the amount in USD; ``cur`` a currency code or -1 for "the sender's
    currency (the receiver's for a cash deposit)"; ``loc`` the country of the cash side or
    -1 for "the account's country"; ``typ``/``pat`` typology and pattern codes, -1 when
    the row is legitimate.
    """

    t: IntArray
    src: IntArray
    dst: IntArray
    base: FloatArray
    cur: IntArray
    channel: IntArray
    narr: IntArray
    loc: IntArray
    typ: IntArray
    pat: IntArray

    def __len__(self) -> int:
        return len(self.t)

    @classmethod
    def make(
        cls, t: Any, src: Any, dst: Any, base: Any, channel: Any, narr: Any, **rest: Any
    ) -> Batch:
        """A batch from arrays or scalars (scalars are broadcast); missing columns get -1.

        Example::

            Batch.make(t, src, -1, amounts, CASH, N["ATM withdrawal"])
        """
        cols = {"t": t, "src": src, "dst": dst, "base": base, "channel": channel, "narr": narr}
        cols.update(rest)
        n = max((np.size(v) for v in cols.values() if np.ndim(v) > 0), default=1)
        out: dict[str, Any] = {}
        for f in fields(cls):
            value = cols.get(f.name, -1)
            dtype = np.float64 if f.name == "base" else np.int64
            out[f.name] = np.broadcast_to(np.asarray(value, dtype=dtype), (n,)).copy()
        return cls(**out)

    @classmethod
    def concat(cls, batches: Sequence[Batch]) -> Batch:
        """One batch holding the rows of ``batches`` in order."""
        if not batches:
            return cls.make(np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0), 0, 0)
        return cls(
            **{f.name: np.concatenate([getattr(b, f.name) for b in batches]) for f in fields(cls)}
        )

    def take(self, index: npt.NDArray[np.intp] | npt.NDArray[np.bool_] | slice) -> Batch:
        """The rows selected by an index or mask, in that order."""
        return Batch(**{f.name: getattr(self, f.name)[index] for f in fields(self)})


class Picker:
    """Draws members of a set of accounts with given weights, optionally within a country.

    Members are sorted by country and their weights accumulated, so that a draw within
    country ``c`` is one ``searchsorted`` into that country's block of the cumulative
    weights. Countries without members fall back to a draw from the whole set.

    Example::

        merchants = Picker(ids, popularity, country_of[ids], n_countries)
        payees = merchants.in_country(rng, payer_countries)
    """

    def __init__(
        self, ids: IntArray, weights: FloatArray, countries: IntArray, n_countries: int
    ) -> None:
        if len(ids) == 0:
            raise ValueError("a Picker needs at least one member")
        bucket = np.where(countries < 0, n_countries, countries)
        order = np.lexsort((ids, bucket))
        self.ids = ids[order]
        self.cum = np.cumsum(weights[order].astype(np.float64))
        self.total = float(self.cum[-1])
        counts = np.bincount(bucket[order], minlength=n_countries + 1)
        self.hi = np.cumsum(counts)
        self.lo = self.hi - counts
        starts = np.concatenate([[0.0], self.cum])
        self.cum_lo = starts[self.lo]
        self.cum_hi = starts[self.hi]

    def __len__(self) -> int:
        return len(self.ids)

    def any(self, rng: np.random.Generator, n: int) -> IntArray:
        """``n`` members drawn with replacement, proportionally to their weights."""
        pos = np.searchsorted(self.cum, rng.random(n) * self.total, side="right")
        return self.ids[np.minimum(pos, len(self.ids) - 1)]

    def in_country(self, rng: np.random.Generator, countries: IntArray) -> IntArray:
        """One member per element of ``countries``, from that country when it has any."""
        c = np.where(countries < 0, len(self.lo) - 1, countries)
        lo, hi = self.cum_lo[c], self.cum_hi[c]
        empty = hi <= lo
        u = rng.random(len(c))
        x = np.where(empty, u * self.total, lo + u * (hi - lo))
        pos = np.searchsorted(self.cum, x, side="right")
        pos = np.where(empty, pos, np.clip(pos, self.lo[c], self.hi[c] - 1))
        return self.ids[np.minimum(pos, len(self.ids) - 1)]


def heavy_tailed(
    rng: np.random.Generator,
    n: int,
    median: float | FloatArray,
    sigma: float,
    *,
    tail_share: float = 0.02,
    alpha: float = 1.5,
) -> FloatArray:
    """Amounts in USD: log-normal around ``median`` with a Pareto tail on ``tail_share``.

    The Pareto part (shape ``alpha``, scale three times the median) gives the rare very
    large payments real ledgers have. Never below one dollar.
    """
    amounts = median * np.exp(sigma * rng.standard_normal(n))
    tail = rng.random(n) < tail_share
    pareto = 3.0 * np.broadcast_to(median, (n,)) * (1.0 + rng.pareto(alpha, n))
    return np.maximum(np.where(tail, pareto, amounts), 1.0)


def round_to(amounts: FloatArray, step: float) -> FloatArray:
    """Amounts rounded to a multiple of ``step`` (ATM notes, round "loans"), at least one step."""
    return np.maximum(np.round(amounts / step), 1.0) * step


def seconds_in_day(
    rng: np.random.Generator, n: int, peak_hour: float, spread_hours: float
) -> IntArray:
    """Times of day (seconds) around ``peak_hour``, clipped to the day."""
    hours = rng.normal(peak_hour, spread_hours, n)
    return np.clip((hours * 3600).astype(np.int64), 0, SECONDS_PER_DAY - 1)


def to_currency(base: FloatArray, cur: IntArray) -> tuple[FloatArray, FloatArray]:
    """``(amount, amount_base)``: USD ``base`` in currency ``cur``, rounded to its decimals,
    and the USD value of that rounded amount, rounded to cents."""
    rate = RATES[cur]
    scale = 10.0 ** DECIMALS[cur]
    amount = np.maximum(np.round(base / rate * scale), 1.0) / scale
    return amount, np.round(amount * rate * 100.0) / 100.0
