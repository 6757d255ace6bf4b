"""Flow-through typologies: rapid pass-through / funnel accounts and layering chains.

Legitimate look-alikes: families who withdraw a remittance the same day, money-service
businesses settling with each other, crypto users selling and spending.
"""

from __future__ import annotations

import numpy as np

from openfiu.synth.transactions.reference import (
    CASH,
    COUNTRIES,
    MONEY_TRANSFER,
    USD,
    WIRE,
    N,
)
from openfiu.synth.transactions.typologies._base import DAY, HOUR, Draft, Typology, spread

NARRATIVES = (N["transfer"], N["loan"], N["services"], N["consulting services"], N["goods"])


def pass_through(d: Draft, rng: np.random.Generator) -> None:
    """A mule (or funnel) account goes through 3–6 rounds, 1–5 days apart: 1–4 inflows of
    1,000–9,000 USD, then 90–99 % of the round's total leaves within 1–36 h to one of 1–2
    recipients. In the *funnel* variant (30 %) the inflows are cash deposits made in
    other countries than the account's."""
    (mule,) = d.take("person", 1, "mule")
    funnel = rng.random() < 0.3
    inflows = rng.integers(1, 5, int(rng.integers(3, 7)))  # inflows per round
    n_out = min(int(rng.integers(1, 3)), len(inflows))
    recipients = d.take("person" if rng.random() < 0.6 else "business", n_out, "recipient")
    to = spread(rng, recipients, len(inflows))
    src = np.full(inflows.sum(), -1)
    if not funnel:
        senders = d.take("person", min(int(rng.integers(2, 6)), int(inflows.sum())), "sender")
        src = spread(rng, senders, int(inflows.sum()))
    start, used = 0, 0
    for round_, k in enumerate(inflows):
        at = start + np.sort(rng.integers(0, 12 * HOUR, k))
        amounts = rng.uniform(1000, 9000, k)
        if funnel:
            loc = rng.integers(0, len(COUNTRIES), k)
            d.tx(at, -1, mule, amounts, CASH, N["cash deposit"], loc=loc)
        else:
            channel = np.where(rng.random(k) < 0.6, WIRE, MONEY_TRANSFER)
            d.tx(at, src[used : used + k], mule, amounts, channel, rng.choice(NARRATIVES, k))
        used += k
        out_at = at[-1] + rng.integers(HOUR, 36 * HOUR)
        out = amounts.sum() * rng.uniform(0.90, 0.99)
        d.tx(out_at, mule, to[round_], out, WIRE, rng.choice(NARRATIVES), cur=USD)
        start = int(out_at) + int(rng.integers(DAY, 5 * DAY))


def layering_chain(d: Draft, rng: np.random.Generator) -> None:
    """10,000–250,000 USD moves down a chain of 4–8 accounts (people and businesses, in
    several countries and banks), one hop every 2–72 h, each hop keeping 0–3 %; hops are
    wires in USD or money transfers."""
    k = int(rng.integers(4, 9))
    n_business = int(rng.integers(1, k // 2 + 1))
    chain = rng.permutation(
        np.concatenate(
            [d.take("business", n_business, "member"), d.take("person", k - n_business, "member")]
        )
    )
    hops = k - 1
    amounts = rng.uniform(10_000, 250_000) * np.cumprod(1.0 - rng.uniform(0.0, 0.03, hops))
    at = np.cumsum(rng.integers(2 * HOUR, 72 * HOUR, hops))
    channel = np.where(rng.random(hops) < 0.75, WIRE, MONEY_TRANSFER)
    d.tx(at, chain[:-1], chain[1:], amounts, channel, rng.choice(NARRATIVES, hops), cur=USD)


TYPOLOGIES = (
    Typology("pass_through", pass_through, 16.0, pass_through.__doc__ or ""),
    Typology("layering_chain", layering_chain, 4.5, layering_chain.__doc__ or ""),
)
