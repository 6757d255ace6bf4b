"""Terrorist-financing typologies: small transfers cashed out near conflict zones, and NPO
funds diverted.

Legitimate look-alikes: diaspora remittances along the same corridors (Germany → Syria and
Iraq, the UK → Somalia, the Gulf → Afghanistan) that families withdraw in cash the same
day, and humanitarian NPOs paying beneficiaries in conflict zones.
"""

from __future__ import annotations

import numpy as np

from openfiu.synth.transactions.reference import (
    BORDER_OF,
    CASH,
    COUNTRY_INDEX,
    MONEY_TRANSFER,
    WIRE,
    N,
)
from openfiu.synth.transactions.sampling import round_to
from openfiu.synth.transactions.typologies._base import DAY, HOUR, Draft, Typology, spread

#: Small transfers of the conflict cash-out: 100–900 USD each.
SMALL_TRANSFER = (100.0, 900.0)


def conflict_cashout(d: Draft, rng: np.random.Generator) -> None:
    """10–40 senders in diaspora countries send 1–2 small transfers each (100–900 USD,
    80 % by money transfer) to 1–3 collectors over 3–14 days. Collectors live in a
    conflict zone (AF, SY, SO, YE, IQ) or, 30 % of them, next to one (PK, TR, JO), and then
    withdraw in cash *in the zone*: every 1–3 days they take out 90–100 % of what arrived
    since their last withdrawal, rounded to 50."""
    m = int(rng.integers(1, 4))
    near = rng.random() < 0.3
    collectors = d.take("border" if near else "conflict", m, "collector")
    k = int(rng.integers(10, 41))
    senders = d.take("diaspora", k, "sender")
    src = np.concatenate([senders, senders[rng.random(k) < 0.3]])
    n = len(src)
    window = int(rng.integers(3, 15)) * DAY
    at = rng.integers(0, window, n)
    dst = spread(rng, collectors, n)
    amounts = rng.uniform(*SMALL_TRANSFER, n)
    channel = np.where(rng.random(n) < 0.8, MONEY_TRANSFER, WIRE)
    d.tx(
        at,
        src,
        dst,
        amounts,
        channel,
        rng.choice([N["family support"], N["gift"], N["transfer"]], n),
    )
    for collector in collectors:
        mine = dst == collector
        times, received = at[mine], amounts[mine]
        order = np.argsort(times)
        times, received = times[order], received[order]
        t, last = 0, 0
        while last < len(times):
            t = max(t, int(times[last])) + int(rng.integers(DAY, 3 * DAY))
            upto = int(np.searchsorted(times, t))
            if upto == last:
                continue
            cash = round_to(received[last:upto].sum() * rng.uniform(0.9, 1.0, 1), 50.0)
            loc = _zone_of(d, collector) if near else -1
            d.tx(
                t + int(rng.integers(0, 6 * HOUR)),
                collector,
                -1,
                cash,
                CASH,
                N["cash withdrawal"],
                loc=loc,
            )
            last = upto


def _zone_of(d: Draft, account: int) -> int:
    """The conflict zone next to a border account's country."""
    country = int(d.pools.country[account])
    for border, zone in BORDER_OF.items():
        if COUNTRY_INDEX[border] == country:
            return COUNTRY_INDEX[zone]
    return -1


def npo_diversion(d: Draft, rng: np.random.Generator) -> None:
    """3–8 controlled donors give an NPO 1,000–9,000 USD each over 1–10 days; 2–10 days
    later the NPO sends 70–95 % of it to 2–8 unrelated individuals in conflict zones, next
    to them or in FATF call-for-action jurisdictions (money transfer or wire), and in
    40 % of cases withdraws most of the rest in cash."""
    (npo,) = d.take("npo", 1, "npo")
    k, m = int(rng.integers(3, 9)), int(rng.integers(2, 9))
    donors = d.take("person" if rng.random() < 0.6 else "business", k, "donor")
    pool = "conflict_area" if rng.random() < 0.75 else "high_risk"
    recipients = d.take(pool, m, "recipient")
    window = int(rng.integers(1, 11)) * DAY
    at = rng.integers(0, window, k)
    gifts = rng.uniform(1000, 9000, k)
    d.tx(at, donors, npo, gifts, WIRE, N["donation"])
    total = gifts.sum()
    diverted = total * rng.uniform(0.70, 0.95)
    out_at = window + rng.integers(2 * DAY, 10 * DAY, m)
    split = rng.dirichlet(np.full(m, 4.0)) * diverted
    channel = np.where(rng.random(m) < 0.6, MONEY_TRANSFER, WIRE)
    narr = rng.choice([N["beneficiary support"], N["program expenses"]], m)
    d.tx(out_at, npo, recipients, split, channel, narr)
    if rng.random() < 0.4:
        cash = round_to(np.array([(total - diverted) * rng.uniform(0.6, 0.95)]), 100.0)
        d.tx(out_at.max() + int(rng.integers(HOUR, DAY)), npo, -1, cash, CASH, N["cash withdrawal"])


TYPOLOGIES = (
    Typology("conflict_cashout", conflict_cashout, 38.0, conflict_cashout.__doc__ or ""),
    Typology("npo_diversion", npo_diversion, 10.5, npo_diversion.__doc__ or ""),
)
