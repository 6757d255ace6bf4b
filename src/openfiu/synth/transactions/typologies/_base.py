"""What every typology builder uses: account pools, a pattern draft, labels.

A builder is a small function ``build(draft, rng)`` that takes accounts from named pools
(each account joins at most one pattern, so per-account labels are unambiguous) and adds
transactions at times *relative to the pattern's start* (seconds). :class:`Patterns`
then places the pattern in the simulated period and records the labels::

    def build(d: Draft, rng: np.random.Generator) -> None:
        a, b = d.take("person", 2, "member")
        d.tx(0, a, b, 5000.0, WIRE, N["loan"])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

from openfiu.synth.transactions.population import Population, conflict_area_ids
from openfiu.synth.transactions.reference import (
    BORDER_OF,
    BUSINESS,
    CONFLICT_ZONES,
    CORRIDORS,
    COUNTRY_INDEX,
    HIGH_RISK,
    INDIVIDUAL,
    NPO,
    REPORTING_THRESHOLD_USD,
    SEG,
    TYPOLOGIES,
)
from openfiu.synth.transactions.sampling import SECONDS_PER_DAY, US_PER_SECOND, Batch, IntArray

HOUR: Final = 3600
DAY: Final = SECONDS_PER_DAY

#: Roles of accounts in a pattern (``pattern_role`` of accounts.parquet).
ROLES: Final = (
    "structurer",
    "beneficiary",
    "smurf",
    "collector",
    "depositor",
    "recipient",
    "hub",
    "sender",
    "receiver",
    "source",
    "intermediate",
    "sink",
    "member",
    "mule",
    "npo",
    "donor",
    "wallet",
)
ROLE: Final = {name: i for i, name in enumerate(ROLES)}
#: A pool may give at most this share of its accounts to patterns, so that laundering
#: accounts stay a minority everywhere (even among accounts in conflict zones).
POOL_CAP: Final = 0.4
#: A pattern recurs once more for every this many simulated days (see :class:`Patterns`).
REPLAY_EVERY_DAYS: Final = 17
THRESHOLD: Final = REPORTING_THRESHOLD_USD


class PoolExhausted(Exception):
    """A pool has no free account left (within its cap) for one more pattern."""

    def __init__(self, pool: str) -> None:
        super().__init__(pool)
        self.pool = pool


def pool_members(pop: Population) -> dict[str, IntArray]:
    """Candidate accounts of each pool, by name."""
    kind, country = pop.kind, pop.country

    def where(mask: Any) -> IntArray:
        return np.flatnonzero(mask).astype(np.int64)

    diaspora = [COUNTRY_INDEX[c] for c in CORRIDORS]
    return {
        "person": where(kind == INDIVIDUAL),
        "business": where((kind == BUSINESS) & (pop.segment != SEG["employer"])),
        "npo": where(kind == NPO),
        "conflict": where(
            (kind == INDIVIDUAL) & np.isin(country, [COUNTRY_INDEX[c] for c in CONFLICT_ZONES])
        ),
        "border": where(
            (kind == INDIVIDUAL) & np.isin(country, [COUNTRY_INDEX[c] for c in BORDER_OF])
        ),
        "conflict_area": conflict_area_ids(pop),
        "high_risk": where(
            np.isin(kind, [INDIVIDUAL, BUSINESS])
            & np.isin(country, [COUNTRY_INDEX[c] for c in HIGH_RISK])
        ),
        "diaspora": where((kind == INDIVIDUAL) & np.isin(country, diaspora)),
        "wallet": where(pop.segment == SEG["personal_wallet"]),
    }


class AccountPools:
    """Shuffled pools of candidate accounts; each account is handed out once at most."""

    def __init__(self, pop: Population, rng: np.random.Generator) -> None:
        self.used = np.zeros(pop.n, dtype=bool)
        self.country = pop.country
        self.pools = {name: rng.permutation(ids) for name, ids in pool_members(pop).items()}
        self.pos = dict.fromkeys(self.pools, 0)
        self.given = dict.fromkeys(self.pools, 0)

    def take(self, pool: str, k: int) -> IntArray:
        """``k`` free accounts of ``pool``; raises :class:`PoolExhausted` when there are none."""
        members = self.pools[pool]
        if self.given[pool] + k > POOL_CAP * len(members):
            raise PoolExhausted(pool)
        start, window = self.pos[pool], max(8 * k, 64)
        while True:
            seen = members[start : start + window]
            free = np.flatnonzero(~self.used[seen])
            if len(free) >= k or start + window >= len(members):
                break
            window *= 4
        if len(free) < k:
            raise PoolExhausted(pool)
        chosen = seen[free[:k]]
        self.used[chosen] = True
        self.pos[pool] = start + int(free[k - 1]) + 1
        self.given[pool] += k
        return chosen


@dataclass
class Draft:
    """One pattern being built: its accounts (with roles) and relative transactions."""

    pools: AccountPools
    typology: int
    rows: list[Batch] = field(default_factory=list)
    members: list[tuple[IntArray, int]] = field(default_factory=list)

    def take(self, pool: str, k: int, role: str) -> IntArray:
        """``k`` accounts from ``pool`` that join this pattern in ``role``."""
        chosen = self.pools.take(pool, k)
        self.members.append((chosen, ROLE[role]))
        return chosen

    def tx(
        self, at: Any, src: Any, dst: Any, base: Any, channel: Any, narr: Any, **rest: Any
    ) -> None:
        """Transactions at ``at`` seconds after the pattern's start (arrays or scalars)."""
        self.rows.append(Batch.make(at, src, dst, base, channel, narr, **rest))


def spread(rng: np.random.Generator, members: IntArray, k: int) -> IntArray:
    """``k`` draws from ``members`` in which every member occurs at least once (k ≥ members),
    so that every account of a pattern really takes part in it."""
    if k < len(members):
        raise ValueError(f"cannot spread {len(members)} accounts over {k} transactions")
    return rng.permutation(np.concatenate([members, rng.choice(members, k - len(members))]))


Builder = Callable[[Draft, np.random.Generator], None]


@dataclass(frozen=True)
class Typology:
    """A typology: its name (one of ``reference.TYPOLOGIES``), builder and average rows."""

    name: str
    build: Builder
    rows: float
    description: str

    @property
    def code(self) -> int:
        return TYPOLOGIES.index(self.name)


class Patterns:
    """Places drafts in time and collects rows and labels of all patterns of a run.

    Schemes recur: a pattern is run ``replays`` times (one more every
    ``REPLAY_EVERY_DAYS`` simulated days) by the same accounts, each time at a new random
    start, with amounts ×0.85–1.15 and delays ×0.8–1.2. Without this, long periods would
    need ever more laundering accounts for the same share of laundering rows.
    """

    def __init__(self, pop: Population, rng: np.random.Generator, days: int, start_us: int) -> None:
        self.rng = rng
        self.pools = AccountPools(pop, rng)
        self.total_s = days * DAY
        self.start_us = start_us
        self.replays = max(1, round(days / REPLAY_EVERY_DAYS))
        self.batches: list[Batch] = []
        self.names: list[str] = []
        self.per_typology = dict.fromkeys(TYPOLOGIES, 0)
        self.account_typ = np.full(pop.n, -1, dtype=np.int64)
        self.account_pat = np.full(pop.n, -1, dtype=np.int64)
        self.account_role = np.full(pop.n, -1, dtype=np.int64)

    def add(self, typology: Typology) -> None:
        """Build one pattern of ``typology``; raises :class:`PoolExhausted` when it cannot."""
        draft = Draft(self.pools, typology.code)
        typology.build(draft, self.rng)
        scheme = Batch.concat(draft.rows)
        pattern = len(self.names)
        self.per_typology[typology.name] += 1
        self.names.append(f"{typology.name}-{self.per_typology[typology.name]:05d}")
        for replay in range(self.replays):
            batch = self._replay(scheme, first=replay == 0)
            batch.typ[:] = typology.code
            batch.pat[:] = pattern
            self.batches.append(batch)
        for accounts, role in draft.members:
            self.account_typ[accounts] = typology.code
            self.account_pat[accounts] = pattern
            self.account_role[accounts] = role

    def _replay(self, scheme: Batch, *, first: bool) -> Batch:
        """The scheme placed at a random start (varied unless ``first``)."""
        batch = scheme.take(slice(None))
        seconds = batch.t.astype(np.float64)  # Draft.tx times are whole seconds
        if not first:
            seconds *= self.rng.uniform(0.8, 1.2)
            factor = self.rng.uniform(0.85, 1.15)
            cash = (batch.src < 0) | (batch.dst < 0)
            below = cash & (batch.base < THRESHOLD)  # cash under the threshold stays under
            base = batch.base * factor
            base = np.where(below, np.minimum(base, 0.99 * THRESHOLD), base)
            floor = np.where(below & (batch.base >= 0.8 * THRESHOLD), 0.8 * THRESHOLD, 0.0)
            batch.base = np.maximum(base, floor)
        span = float(seconds.max())
        room = 0.95 * self.total_s
        if span > room:  # squeeze a long pattern into a short period, keeping its order
            seconds = seconds * (room / span)
            span = room
        start = int(self.rng.integers(0, max(1, int(self.total_s - span))))
        batch.t = self.start_us + (start + seconds.astype(np.int64)) * US_PER_SECOND
        return batch

    def rows(self) -> Batch:
        """All laundering rows, sorted by time."""
        rows = Batch.concat(self.batches)
        return rows.take(np.argsort(rows.t, kind="stable"))
