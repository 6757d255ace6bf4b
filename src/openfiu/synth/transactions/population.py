"""The account population: who holds accounts where, who works for whom, who sends home.

:func:`make_population` draws every account attribute once, from its own random stream,
before any transaction is generated. The relations it fixes are what makes the
background realistic and the detection non-trivial:

* individuals work for employers of their country (monthly payroll: a legitimate fan-out);
* migrant workers in Russia, Kazakhstan, the Gulf, Türkiye, Germany, the UK and China have
  one family account in a corridor country and send money home every month (legitimate
  money-transfer fan-in to accounts that then withdraw cash);
* crypto users trade through personal or exchange "hot" wallets (hot wallets fan in and out);
* some businesses belong to a group that sweeps money around in a ring every month
  (legitimate cycles);
* humanitarian NPOs pay beneficiaries in conflict zones and next to them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from openfiu.synth.transactions.reference import (
    BANKS_PER_COUNTRY,
    BORDER_OF,
    CONFLICT_ZONES,
    CORRIDORS,
    COUNTRIES,
    COUNTRY_INDEX,
    COUNTRY_TABLE,
    CURRENCY_INDEX,
    INDIVIDUAL,
    KINDS,
    SEG,
    SEGMENT_TABLE,
    SEGMENTS,
    WALLET,
)
from openfiu.synth.transactions.sampling import FloatArray, IntArray, Picker

#: Fewest accounts of each special segment, whatever the population size.
MIN_SEGMENT: dict[str, int] = {
    "online_seller": 5,
    "crypto_user": 10,
    "employer": 8,
    "merchant": 8,
    "wholesaler": 6,
    "cash_intensive": 4,
    "charity": 4,
    "humanitarian": 3,
    "mto": 3,
    "exchange_house": 2,
    "personal_wallet": 20,
    "exchange_hot_wallet": 2,
}
EMPLOYMENT_RATE = 0.65
PAYDAYS = np.array([1, 15, 25, 28])
PAYDAY_SHARES = np.array([0.2, 0.15, 0.4, 0.25])
RING_SHARE = 0.12  # share of wholesalers and employers in a cash-pooling ring


@dataclass
class Population:
    """Account attributes as numpy columns, indexed by account number (0 … n-1)."""

    n: int
    kind: IntArray
    segment: IntArray
    country: IntArray  # -1 for wallets (no jurisdiction)
    bank: IntArray  # -1 for wallets
    currency: IntArray
    opened_days_before: IntArray
    activity: FloatArray
    salary: FloatArray  # monthly salary in USD of employed individuals, else 0
    employer: IntArray  # per account; -1 when none
    payday: IntArray  # per employer: day of month; 0 otherwise
    family: IntArray  # per migrant: the family account at home; -1 otherwise
    send_dom: IntArray  # per migrant: day of month of the regular transfer
    wallet: IntArray  # per crypto user: the wallet they trade through; -1 otherwise
    ring_members: IntArray  # cash-pooling rings, concatenated
    ring_starts: IntArray  # CSR offsets into ring_members (len = rings + 1)
    ring_dom: IntArray  # day of month of each ring's sweep

    def ids_of(self, *segments: str) -> IntArray:
        """Account indexes of the given segments."""
        codes = [SEG[s] for s in segments]
        return np.flatnonzero(np.isin(self.segment, codes)).astype(np.int64)

    def picker(self, ids: IntArray, weights: FloatArray | None = None) -> Picker:
        """A :class:`Picker` over ``ids`` (weighted by activity unless ``weights``)."""
        w = self.activity[ids] if weights is None else weights
        return Picker(ids, w, self.country[ids], len(COUNTRIES))


def _segments(rng: np.random.Generator, n: int) -> IntArray:
    counts = {
        name: max(MIN_SEGMENT.get(name, 0), round(share * n))
        for name, (_, share) in SEGMENT_TABLE.items()
        if name != "person"
    }
    counts["person"] = n - sum(counts.values())
    seg = np.concatenate([np.full(counts[name], SEG[name]) for name in SEGMENTS])
    return rng.permutation(seg).astype(np.int64)


def _countries(rng: np.random.Generator, kind: IntArray) -> IntArray:
    shares = np.array([COUNTRY_TABLE[c][0] for c in COUNTRIES])
    country = rng.choice(len(COUNTRIES), size=len(kind), p=shares / shares.sum())
    return np.where(kind == WALLET, -1, country).astype(np.int64)


def _employment(
    rng: np.random.Generator, pop_seg: IntArray, country: IntArray
) -> tuple[IntArray, FloatArray, IntArray]:
    n = len(pop_seg)
    employers = np.flatnonzero(pop_seg == SEG["employer"]).astype(np.int64)
    size = 1.0 / (1.0 + np.arange(len(employers))) ** 0.9  # a few large employers
    picker = Picker(employers, rng.permutation(size), country[employers], len(COUNTRIES))
    workers = np.flatnonzero(
        np.isin(pop_seg, [SEG["person"], SEG["crypto_user"], SEG["online_seller"]])
        & (rng.random(n) < EMPLOYMENT_RATE)
    )
    employer = np.full(n, -1, dtype=np.int64)
    employer[workers] = picker.in_country(rng, country[workers])
    # an employer abroad (no local one) is fine: cross-border payroll exists
    medians = np.array([COUNTRY_TABLE[c][2] for c in COUNTRIES])
    salary = np.zeros(n)
    salary[workers] = medians[country[workers]] * np.exp(0.45 * rng.standard_normal(len(workers)))
    payday = np.zeros(n, dtype=np.int64)
    payday[employers] = rng.choice(PAYDAYS, size=len(employers), p=PAYDAY_SHARES)
    return employer, salary, payday


def _migrants(
    rng: np.random.Generator, seg: IntArray, country: IntArray, individuals: Picker
) -> tuple[IntArray, IntArray]:
    n = len(seg)
    family = np.full(n, -1, dtype=np.int64)
    is_person = np.isin(seg, [SEG["person"], SEG["crypto_user"]])
    for code, (share, homes) in CORRIDORS.items():
        senders = np.flatnonzero(is_person & (country == COUNTRY_INDEX[code]))
        senders = senders[rng.random(len(senders)) < share]
        home_codes = np.array([COUNTRY_INDEX[h] for h in homes])
        p = np.array(list(homes.values()))
        home = rng.choice(home_codes, size=len(senders), p=p / p.sum())
        family[senders] = individuals.in_country(rng, home)
    family[family == np.arange(n)] = -1
    send_dom = np.where(family >= 0, rng.integers(1, 29, n), 0).astype(np.int64)
    return family, send_dom


def _rings(rng: np.random.Generator, seg: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    pool = np.flatnonzero(np.isin(seg, [SEG["wholesaler"], SEG["employer"]]))
    chosen = rng.permutation(pool[rng.random(len(pool)) < RING_SHARE])
    sizes: list[int] = []
    left = len(chosen)
    while left >= 3:
        size = min(int(rng.integers(3, 6)), left)
        sizes.append(size)
        left -= size
    starts = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64)
    members = chosen[: starts[-1]].astype(np.int64)
    dom = rng.integers(1, 29, len(sizes)).astype(np.int64)
    return members, starts, dom


def make_population(n: int, rng: np.random.Generator) -> Population:
    """Draw ``n`` accounts and their relations (see the module docstring).

    Example::

        pop = make_population(10_000, np.random.Generator(np.random.PCG64(1)))
    """
    seg = _segments(rng, n)
    kind = np.array([SEGMENT_TABLE[s][0] for s in SEGMENTS])[seg]
    country = _countries(rng, kind)
    bank_in_country = rng.choice(BANKS_PER_COUNTRY, size=n, p=[0.5, 0.3, 0.2])
    bank = np.where(country < 0, -1, country * BANKS_PER_COUNTRY + bank_in_country)
    local = np.array([CURRENCY_INDEX[COUNTRY_TABLE[c][1]] for c in COUNTRIES])
    crypto_cur = np.where(
        rng.random(n) < 0.8, CURRENCY_INDEX["USDT"], CURRENCY_INDEX["BTC"]
    ).astype(np.int64)
    currency = np.where(country < 0, crypto_cur, local[np.maximum(country, 0)])
    activity = np.exp(0.8 * rng.standard_normal(n))
    activity /= activity.mean()
    opened = rng.integers(30, 3650, n).astype(np.int64)
    employer, salary, payday = _employment(rng, seg, country)
    people = np.flatnonzero(kind == INDIVIDUAL).astype(np.int64)
    individuals = Picker(people, np.ones(len(people)), country[people], len(COUNTRIES))
    family, send_dom = _migrants(rng, seg, country, individuals)
    wallets = np.flatnonzero(seg == SEG["personal_wallet"]).astype(np.int64)
    hot = np.flatnonzero(seg == SEG["exchange_hot_wallet"]).astype(np.int64)
    wallet = np.full(n, -1, dtype=np.int64)
    users = np.flatnonzero(seg == SEG["crypto_user"])
    own = rng.random(len(users)) < 0.3
    wallet[users] = np.where(own, rng.choice(wallets, len(users)), rng.choice(hot, len(users)))
    members, starts, dom = _rings(rng, seg)
    return Population(
        n=n,
        kind=kind.astype(np.int64),
        segment=seg,
        country=country,
        bank=bank.astype(np.int64),
        currency=currency.astype(np.int64),
        opened_days_before=opened,
        activity=activity,
        salary=salary,
        employer=employer,
        payday=payday,
        family=family,
        send_dom=send_dom,
        wallet=wallet,
        ring_members=members,
        ring_starts=starts,
        ring_dom=dom,
    )


def conflict_area_ids(pop: Population) -> IntArray:
    """Individuals in conflict zones or in the neighbouring countries listed in BORDER_OF."""
    codes = [COUNTRY_INDEX[c] for c in (*CONFLICT_ZONES, *BORDER_OF)]
    return np.flatnonzero((pop.kind == INDIVIDUAL) & np.isin(pop.country, codes)).astype(np.int64)


__all__ = ["KINDS", "Population", "conflict_area_ids", "make_population"]
