"""Network typologies: fan-in, fan-out, scatter-gather, gather-scatter and cycles.

Their legitimate look-alikes in the background: merchants and online sellers (fan-in),
payroll (fan-out), exchange hot wallets and money-service settlement (both), and business
groups that sweep money around a ring every month (cycles).
"""

from __future__ import annotations

import numpy as np

from openfiu.synth.transactions.reference import MONEY_TRANSFER, WIRE, N
from openfiu.synth.transactions.typologies._base import DAY, HOUR, Draft, Typology

NARRATIVES = (N["transfer"], N["loan"], N["services"], N["consulting services"], N["gift"])


def _similar(rng: np.random.Generator, k: int, low: float, high: float) -> np.ndarray:
    """``k`` amounts around one level drawn in [low, high] (±25 %): the senders of a
    pattern are told roughly how much to send."""
    return rng.uniform(low, high) * np.exp(0.25 * rng.standard_normal(k))


def _channels(rng: np.random.Generator, k: int, p_wire: float = 0.7) -> np.ndarray:
    return np.where(rng.random(k) < p_wire, WIRE, MONEY_TRANSFER)


def fan_in(d: Draft, rng: np.random.Generator) -> None:
    """8–25 senders each send 500–5,000 USD to one hub within 1–7 days."""
    k = int(rng.integers(8, 26))
    (hub,) = d.take("person" if rng.random() < 0.7 else "business", 1, "hub")
    senders = d.take("person", k, "sender")
    at = rng.integers(0, int(rng.integers(1, 8)) * DAY, k)
    d.tx(
        at, senders, hub, _similar(rng, k, 500, 5000), _channels(rng, k), rng.choice(NARRATIVES, k)
    )


def fan_out(d: Draft, rng: np.random.Generator) -> None:
    """One source wires 10,000–150,000 USD to a hub, which splits 90–99 % of it over
    8–25 receivers within 1–3 days."""
    k = int(rng.integers(8, 26))
    (hub,) = d.take("person" if rng.random() < 0.5 else "business", 1, "hub")
    (source,) = d.take("business", 1, "source")
    receivers = d.take("person", k, "receiver")
    total = rng.uniform(10_000, 150_000)
    d.tx(0, source, hub, total, WIRE, N["invoice payment"])
    at = rng.integers(HOUR, int(rng.integers(1, 4)) * DAY, k)
    split = rng.dirichlet(np.full(k, 8.0)) * total * rng.uniform(0.90, 0.99)
    d.tx(at, hub, receivers, split, _channels(rng, k), rng.choice(NARRATIVES, k))


def scatter_gather(d: Draft, rng: np.random.Generator) -> None:
    """A source splits 20,000–200,000 USD over 5–15 intermediates within a day; each
    forwards 90–98 % of its share to one sink 2–72 h later."""
    k = int(rng.integers(5, 16))
    (source,) = d.take("business", 1, "source")
    middle = d.take("person", k, "intermediate")
    (sink,) = d.take("person" if rng.random() < 0.5 else "business", 1, "sink")
    split = rng.dirichlet(np.full(k, 10.0)) * rng.uniform(20_000, 200_000)
    at = rng.integers(0, DAY, k)
    d.tx(at, source, middle, split, WIRE, rng.choice(NARRATIVES, k))
    later = at + rng.integers(2 * HOUR, 72 * HOUR, k)
    d.tx(
        later,
        middle,
        sink,
        split * rng.uniform(0.90, 0.98, k),
        _channels(rng, k),
        rng.choice(NARRATIVES, k),
    )


def gather_scatter(d: Draft, rng: np.random.Generator) -> None:
    """5–15 senders pay a hub within 1–4 days (1,000–8,000 USD each); 1–4 days later the
    hub pays 90–98 % of the sum out to 5–15 receivers."""
    k, m = int(rng.integers(5, 16)), int(rng.integers(5, 16))
    (hub,) = d.take("person" if rng.random() < 0.5 else "business", 1, "hub")
    senders = d.take("person", k, "sender")
    receivers = d.take("person", m, "receiver")
    gathered_by = int(rng.integers(1, 5)) * DAY
    at = rng.integers(0, gathered_by, k)
    amounts = _similar(rng, k, 1000, 8000)
    d.tx(at, senders, hub, amounts, _channels(rng, k), rng.choice(NARRATIVES, k))
    out_at = gathered_by + rng.integers(0, int(rng.integers(1, 5)) * DAY, m)
    split = rng.dirichlet(np.full(m, 6.0)) * amounts.sum() * rng.uniform(0.90, 0.98)
    d.tx(out_at, hub, receivers, split, _channels(rng, m), rng.choice(NARRATIVES, m))


def cycle(d: Draft, rng: np.random.Generator) -> None:
    """A ring of 3–8 accounts passes 5,000–100,000 USD around and back to its origin,
    one hop every 1–48 h, each keeping 1–5 %; 30 % of rings go round twice."""
    k = int(rng.integers(3, 9))
    n_business = int(rng.integers(0, k // 2 + 1))
    ring = np.concatenate(
        [d.take("business", n_business, "member"), d.take("person", k - n_business, "member")]
        if n_business
        else [d.take("person", k, "member")]
    )
    ring = rng.permutation(ring)
    rounds = 2 if rng.random() < 0.3 else 1
    hops = k * rounds
    src = np.tile(ring, rounds)
    dst = np.roll(src, -1)
    amounts = rng.uniform(5_000, 100_000) * np.cumprod(1.0 - rng.uniform(0.01, 0.05, hops))
    at = np.cumsum(rng.integers(HOUR, 48 * HOUR, hops))
    d.tx(at, src, dst, amounts, _channels(rng, hops, 0.85), rng.choice(NARRATIVES, hops))


TYPOLOGIES = (
    Typology("fan_in", fan_in, 16.5, fan_in.__doc__ or ""),
    Typology("fan_out", fan_out, 17.5, fan_out.__doc__ or ""),
    Typology("scatter_gather", scatter_gather, 20.0, scatter_gather.__doc__ or ""),
    Typology("gather_scatter", gather_scatter, 20.0, gather_scatter.__doc__ or ""),
    Typology("cycle", cycle, 7.2, cycle.__doc__ or ""),
)
