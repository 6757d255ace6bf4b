"""Legitimate activity, one day at a time: the haystack the typologies hide in.

Each day is drawn from its own random stream (seeded by the run seed and the day number),
so a day's rows do not depend on how days are grouped into parts. Rates are expected
transactions per eligible account per day, scaled by each account's heavy-tailed
``activity`` (so degrees are heavy-tailed too):

========================  ======  ==============================================================
flow                      rate    notes
========================  ======  ==============================================================
card purchases            0.80    individuals → merchants of their country (10 % abroad/online),
                                  +15 % at weekends; median 35 USD — legitimate fan-in
person-to-person          0.08    median 6 % of the sender's country salary, Pareto tail
marketplace sales         2.0     per online seller: many small payers — legitimate fan-in
payroll                   monthly employers pay all employees on their payday (1st, 15th, 25th
                                  or 28th; Friday before at weekends) — legitimate fan-out
business-to-business      0.30    weekdays; median 3,000 USD, 3 % Pareto tail, 15 % cross-border
cash deposits             0.02    individuals (median 30 % of salary); cash-intensive
                          0.80    businesses and 0.2 for merchants (median 3,500 USD: many just
                                  under 10,000 USD, like structuring)
cash withdrawals          0.10    individuals, rounded to 20; 2 % abroad (some in conflict zones)
remittances               monthly migrants → family on their day (90 %) + 0.03 ad hoc;
                                  money_transfer; half the families withdraw cash the same day
crypto                    0.05    crypto users buy from / sell to their wallet
NPO                       0.004   donations per individual; per NPO 0.3 expenses to businesses,
                                  0.5 payments to beneficiaries (humanitarian NPOs: in conflict
                                  zones and next to them)
MTO settlement            1.0     weekdays, per money-service business, large USD wires
cash pooling              monthly each business ring sweeps an amount around the ring
========================  ======  ==============================================================
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from openfiu.synth.transactions.population import PAYDAYS, Population, conflict_area_ids
from openfiu.synth.transactions.reference import (
    CARD,
    CASH,
    COUNTRIES,
    COUNTRY_TABLE,
    CRYPTO,
    INDIVIDUAL,
    MONEY_TRANSFER,
    USD,
    WIRE,
    N,
)
from openfiu.synth.transactions.sampling import (
    SECONDS_PER_DAY,
    US_PER_SECOND,
    Batch,
    FloatArray,
    IntArray,
    heavy_tailed,
    round_to,
    seconds_in_day,
)

RATES_PER_DAY = {
    "card": 0.80,
    "p2p": 0.08,
    "marketplace": 2.0,
    "b2b": 0.30,
    "cash_in_person": 0.02,
    "cash_in_cash_business": 0.80,
    "cash_in_merchant": 0.20,
    "atm": 0.10,
    "remit_ad_hoc": 0.03,
    "crypto": 0.05,
    "donation": 0.004,
    "npo_expense": 0.3,
    "npo_beneficiary": 0.5,
    "settlement": 1.0,
}
SALARY = np.array([COUNTRY_TABLE[c][2] for c in COUNTRIES])


class Background:
    """Draws one day of legitimate transactions for a :class:`Population`.

    Example::

        bg = Background(pop)
        rows = bg.day(rng, day_start_us, dt.date(2025, 1, 6))
    """

    def __init__(self, pop: Population) -> None:
        self.pop = pop
        self.people = np.flatnonzero(pop.kind == INDIVIDUAL).astype(np.int64)
        self.individuals = pop.picker(self.people)
        self.merchants = pop.picker(pop.ids_of("merchant", "cash_intensive"))
        self.businesses = pop.picker(
            pop.ids_of("employer", "merchant", "wholesaler", "cash_intensive")
        )
        self.cash_business = pop.ids_of("cash_intensive")
        self.shops = pop.ids_of("merchant")
        self.sellers = pop.picker(pop.ids_of("online_seller"))
        self.npos = pop.picker(pop.ids_of("charity", "humanitarian"))
        self.humanitarian = pop.ids_of("humanitarian")
        self.beneficiaries = pop.picker(conflict_area_ids(pop))
        self.money_services = pop.picker(pop.ids_of("mto", "exchange_house"))
        self.crypto_users = pop.picker(pop.ids_of("crypto_user"))
        self.migrants = np.flatnonzero(pop.family >= 0).astype(np.int64)
        self.workers = np.flatnonzero(pop.employer >= 0).astype(np.int64)
        self.worker_payday = pop.payday[pop.employer[self.workers]]
        self.base_salary = SALARY[np.maximum(pop.country, 0)]

    def expected_per_day(self) -> float:
        """Average number of legitimate rows a day (for budgets and part sizes)."""
        r = RATES_PER_DAY
        n_people = len(self.people)
        per_day = (
            n_people * (r["card"] * 1.04 + r["p2p"] + r["cash_in_person"] + r["atm"])
            + len(self.sellers) * r["marketplace"]
            + len(self.businesses) * r["b2b"] * 5 / 7
            + len(self.cash_business) * r["cash_in_cash_business"] * 5 / 7
            + len(self.shops) * r["cash_in_merchant"] * 5 / 7
            + len(self.workers) * 12 / 365
            + len(self.migrants) * (0.9 * 12 / 365 * 1.5 + r["remit_ad_hoc"])
            + len(self.crypto_users) * r["crypto"]
            + n_people * r["donation"]
            + len(self.npos) * (r["npo_expense"] + r["npo_beneficiary"])
            + len(self.money_services) * r["settlement"] * 5 / 7
            + len(self.pop.ring_members) * 12 / 365
        )
        return float(per_day)

    def day(self, rng: np.random.Generator, day_us: int, date: dt.date) -> Batch:
        """All legitimate rows of one day, unsorted; ``day_us`` is its midnight (UTC, µs)."""
        weekday = date.weekday() < 5
        parts = [
            self._cards(rng, 1.15 if not weekday else 1.0),
            self._p2p(rng),
            self._marketplace(rng),
            self._payroll(rng, date),
            self._cash(rng, weekday),
            *self._remittances(rng, date),
            self._crypto(rng),
            *self._npo(rng),
            self._rings(rng, date),
        ]
        if weekday:
            parts += [self._b2b(rng), self._settlement(rng)]
        batch = Batch.concat(parts)
        batch.t += day_us
        return batch

    # -- flows; each returns rows with ``t`` = seconds of the day in µs ------------------

    def _n(self, rng: np.random.Generator, rate: float, members: int) -> int:
        return int(rng.poisson(rate * members))

    def _salary_of(self, accounts: IntArray) -> FloatArray:
        return np.asarray(self.base_salary[accounts], dtype=np.float64)

    def _cards(self, rng: np.random.Generator, boost: float) -> Batch:
        n = self._n(rng, RATES_PER_DAY["card"] * boost, len(self.people))
        payers = self.individuals.any(rng, n)
        abroad = rng.random(n) < 0.10
        merchants = np.where(
            abroad,
            self.merchants.any(rng, n),
            self.merchants.in_country(rng, self.pop.country[payers]),
        )
        amounts = heavy_tailed(rng, n, 35.0, 1.0, tail_share=0.005)
        narr = np.where(abroad, N["online purchase"], N["card purchase"])
        t = seconds_in_day(rng, n, 15.0, 4.0) * US_PER_SECOND
        return Batch.make(t, payers, merchants, amounts, CARD, narr)

    def _p2p(self, rng: np.random.Generator) -> Batch:
        n = self._n(rng, RATES_PER_DAY["p2p"], len(self.people))
        src = self.individuals.any(rng, n)
        abroad = rng.random(n) < 0.15
        dst = np.where(
            abroad,
            self.individuals.any(rng, n),
            self.individuals.in_country(rng, self.pop.country[src]),
        )
        amounts = heavy_tailed(rng, n, 0.06 * self._salary_of(src), 1.1, tail_share=0.02)
        narr = rng.choice([N["transfer"], N["gift"], N["rent"], N["loan repayment"]], n)
        t = seconds_in_day(rng, n, 14.0, 5.0) * US_PER_SECOND
        keep = src != dst
        return Batch.make(t, src, dst, amounts, WIRE, narr).take(keep)

    def _marketplace(self, rng: np.random.Generator) -> Batch:
        n = self._n(rng, RATES_PER_DAY["marketplace"], len(self.sellers))
        dst = self.sellers.any(rng, n)
        src = self.individuals.in_country(rng, self.pop.country[dst])
        amounts = heavy_tailed(rng, n, 40.0, 0.8, tail_share=0.0)
        t = seconds_in_day(rng, n, 16.0, 4.5) * US_PER_SECOND
        return Batch.make(t, src, dst, amounts, WIRE, N["marketplace sale"]).take(src != dst)

    def _payroll(self, rng: np.random.Generator, date: dt.date) -> Batch:
        due = [int(d) for d in PAYDAYS if _is_payday(date, int(d))]
        workers = self.workers[np.isin(self.worker_payday, due)] if due else self.workers[:0]
        n = len(workers)
        amounts = self.pop.salary[workers] * (1.0 + 0.02 * rng.standard_normal(n))
        t = seconds_in_day(rng, n, 7.5, 0.6) * US_PER_SECOND
        return Batch.make(
            t, self.pop.employer[workers], workers, np.maximum(amounts, 50.0), WIRE, N["salary"]
        )

    def _b2b(self, rng: np.random.Generator) -> Batch:
        n = self._n(rng, RATES_PER_DAY["b2b"], len(self.businesses))
        src = self.businesses.any(rng, n)
        abroad = rng.random(n) < 0.15
        dst = np.where(
            abroad,
            self.businesses.any(rng, n),
            self.businesses.in_country(rng, self.pop.country[src]),
        )
        amounts = heavy_tailed(rng, n, 3000.0, 1.4, tail_share=0.03)
        narr = rng.choice(
            [N["invoice payment"], N["supplier payment"], N["goods"], N["services"]], n
        )
        t = rng.integers(9 * 3600, 17 * 3600, n) * US_PER_SECOND
        cur = np.where(abroad, USD, -1)
        return Batch.make(t, src, dst, amounts, WIRE, narr, cur=cur).take(src != dst)

    def _cash(self, rng: np.random.Generator, weekday: bool) -> Batch:
        r = RATES_PER_DAY
        depositors = [
            self.individuals.any(rng, self._n(rng, r["cash_in_person"], len(self.people)))
        ]
        medians = [0.3 * self._salary_of(depositors[0])]
        if weekday:
            for ids, rate in (
                (self.cash_business, r["cash_in_cash_business"]),
                (self.shops, r["cash_in_merchant"]),
            ):
                chosen = rng.choice(ids, self._n(rng, rate, len(ids)))
                depositors.append(chosen)
                medians.append(np.full(len(chosen), 3500.0))
        dst = np.concatenate(depositors)
        dep_amounts = heavy_tailed(rng, len(dst), np.concatenate(medians), 0.7, tail_share=0.01)
        dep_t = seconds_in_day(rng, len(dst), 13.0, 3.0) * US_PER_SECOND
        deposits = Batch.make(dep_t, -1, dst, dep_amounts, CASH, N["cash deposit"])
        n = self._n(rng, r["atm"], len(self.people))
        src = self.individuals.any(rng, n)
        amounts = round_to(
            heavy_tailed(rng, n, np.maximum(0.1 * self._salary_of(src), 20.0), 0.8, tail_share=0.0),
            20.0,
        )
        abroad = rng.random(n) < 0.02
        loc = np.where(abroad, rng.integers(0, len(COUNTRIES), n), -1)
        t = seconds_in_day(rng, n, 14.0, 4.0) * US_PER_SECOND
        atm = Batch.make(t, src, -1, amounts, CASH, N["ATM withdrawal"], loc=loc)
        return Batch.concat([deposits, atm])

    def _remittances(self, rng: np.random.Generator, date: dt.date) -> list[Batch]:
        regular = self.migrants[(self.pop.send_dom[self.migrants] == date.day)]
        regular = regular[rng.random(len(regular)) < 0.9]
        ad_hoc = (
            rng.choice(
                self.migrants, self._n(rng, RATES_PER_DAY["remit_ad_hoc"], len(self.migrants))
            )
            if len(self.migrants)
            else self.migrants
        )
        src = np.concatenate([regular, ad_hoc])
        dst = self.pop.family[src]
        n = len(src)
        amounts = heavy_tailed(rng, n, 0.3 * self._salary_of(src), 0.5, tail_share=0.01)
        t = rng.integers(9 * 3600, 20 * 3600, n)
        sent = Batch.make(t * US_PER_SECOND, src, dst, amounts, MONEY_TRANSFER, N["family support"])
        out = rng.random(n) < 0.5
        later = np.minimum(t[out] + rng.integers(1800, 8 * 3600, out.sum()), SECONDS_PER_DAY - 1)
        cash = round_to(amounts[out] * rng.uniform(0.8, 1.0, out.sum()), 10.0)
        withdrawn = Batch.make(
            later * US_PER_SECOND, dst[out], -1, cash, CASH, N["cash withdrawal"]
        )
        return [sent, withdrawn]

    def _crypto(self, rng: np.random.Generator) -> Batch:
        n = self._n(rng, RATES_PER_DAY["crypto"], len(self.crypto_users))
        users = self.crypto_users.any(rng, n)
        wallets = self.pop.wallet[users]
        sell = rng.random(n) < 0.5
        src = np.where(sell, wallets, users)
        dst = np.where(sell, users, wallets)
        amounts = heavy_tailed(rng, n, 500.0, 1.2, tail_share=0.03)
        narr = np.where(sell, N["crypto sale"], N["crypto purchase"])
        t = rng.integers(0, SECONDS_PER_DAY, n) * US_PER_SECOND
        return Batch.make(t, src, dst, amounts, CRYPTO, narr)

    def _npo(self, rng: np.random.Generator) -> list[Batch]:
        r = RATES_PER_DAY
        n = self._n(rng, r["donation"], len(self.people))
        donors, npos = self.individuals.any(rng, n), self.npos.any(rng, n)
        channel = np.where(rng.random(n) < 0.5, CARD, WIRE)
        t = seconds_in_day(rng, n, 18.0, 4.0) * US_PER_SECOND
        donations = Batch.make(
            t, donors, npos, heavy_tailed(rng, n, 50.0, 1.0), channel, N["donation"]
        )
        n = self._n(rng, r["npo_expense"], len(self.npos))
        src = self.npos.any(rng, n)
        dst = self.businesses.in_country(rng, self.pop.country[src])
        t = rng.integers(9 * 3600, 17 * 3600, n) * US_PER_SECOND
        expenses = Batch.make(
            t, src, dst, heavy_tailed(rng, n, 1500.0, 1.0), WIRE, N["program expenses"]
        )
        n = self._n(rng, r["npo_beneficiary"], len(self.npos))
        src = self.npos.any(rng, n)
        humanitarian = np.isin(src, self.humanitarian)
        dst = np.where(
            humanitarian,
            self.beneficiaries.any(rng, n),
            self.individuals.in_country(rng, self.pop.country[src]),
        )
        channel = np.where(rng.random(n) < 0.6, WIRE, MONEY_TRANSFER)
        t = rng.integers(9 * 3600, 17 * 3600, n) * US_PER_SECOND
        aid = Batch.make(
            t, src, dst, heavy_tailed(rng, n, 250.0, 0.6), channel, N["beneficiary support"]
        )
        return [donations, expenses, aid]

    def _settlement(self, rng: np.random.Generator) -> Batch:
        n = self._n(rng, RATES_PER_DAY["settlement"], len(self.money_services))
        src, dst = self.money_services.any(rng, n), self.money_services.any(rng, n)
        t = rng.integers(10 * 3600, 18 * 3600, n) * US_PER_SECOND
        amounts = heavy_tailed(rng, n, 50_000.0, 1.0)
        return Batch.make(t, src, dst, amounts, WIRE, N["settlement"], cur=USD).take(src != dst)

    def _rings(self, rng: np.random.Generator, date: dt.date) -> Batch:
        pop = self.pop
        batches = []
        for ring in np.flatnonzero(pop.ring_dom == date.day):
            members = pop.ring_members[pop.ring_starts[ring] : pop.ring_starts[ring + 1]]
            k = len(members)
            amount = heavy_tailed(rng, 1, 40_000.0, 0.8)[0]
            amounts = amount * np.cumprod(1.0 - rng.uniform(0.0, 0.02, k))
            t = 9 * 3600 + np.cumsum(rng.integers(1800, 7200, k))
            dst = np.roll(members, -1)
            batches.append(
                Batch.make(
                    t * US_PER_SECOND, members, dst, amounts, WIRE, N["intercompany transfer"]
                )
            )
        return Batch.concat(batches)


def _is_payday(date: dt.date, dom: int) -> bool:
    """Whether ``date`` is the payday ``dom`` of its month or of the next one, a payday at a
    weekend being moved back to the Friday before."""
    following = (date.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    for month in (date.replace(day=1), following):
        day = month.replace(day=dom)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        if day == date:
            return True
    return False
