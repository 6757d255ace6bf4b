"""Crypto off-ramp: crypto inflows converted and sent on or cashed out.

Legitimate look-alikes: crypto users who sell through their own wallet or an exchange hot
wallet (the hot wallets fan in and out to thousands of users).
"""

from __future__ import annotations

import numpy as np

from openfiu.synth.transactions.reference import (
    CASH,
    CRYPTO,
    REPORTING_THRESHOLD_USD,
    USD,
    WIRE,
    N,
)
from openfiu.synth.transactions.sampling import round_to
from openfiu.synth.transactions.typologies._base import DAY, HOUR, Draft, Typology, spread


def crypto_offramp(d: Draft, rng: np.random.Generator) -> None:
    """2–6 wallets send a bank account 3–10 crypto sales (1,000–20,000 USD each, in the
    wallets' USDT or BTC) over 1–7 days; within 1–3 days of the last one, 85–98 % of the
    total leaves: wired in USD to 1–3 recipients (60 %) or withdrawn in cash below the
    reporting threshold (40 %)."""
    (mule,) = d.take("person", 1, "mule")
    k = int(rng.integers(3, 11))
    wallets = d.take("wallet", min(int(rng.integers(2, 7)), k), "wallet")
    at = np.sort(rng.integers(0, int(rng.integers(1, 8)) * DAY, k))
    amounts = rng.uniform(1000, 20_000, k)
    d.tx(at, spread(rng, wallets, k), mule, amounts, CRYPTO, N["crypto sale"])
    out = amounts.sum() * rng.uniform(0.85, 0.98)
    start = int(at[-1]) + int(rng.integers(HOUR, 3 * DAY))
    if rng.random() < 0.6:
        m = int(rng.integers(1, 4))
        recipients = d.take("person" if rng.random() < 0.5 else "business", m, "recipient")
        split = rng.dirichlet(np.full(m, 4.0)) * out
        out_at = start + np.sort(rng.integers(0, DAY, m))
        d.tx(
            out_at,
            mule,
            recipients,
            split,
            WIRE,
            rng.choice([N["goods"], N["services"], N["loan"]], m),
            cur=USD,
        )
    else:
        pieces = int(np.ceil(out / (0.9 * REPORTING_THRESHOLD_USD)))
        cash = round_to(rng.dirichlet(np.full(pieces, 20.0)) * out, 100.0)
        cash = np.minimum(cash, 0.95 * REPORTING_THRESHOLD_USD)
        out_at = start + np.sort(rng.integers(0, 2 * DAY, pieces))
        d.tx(out_at, mule, -1, cash, CASH, N["cash withdrawal"])


TYPOLOGIES = (Typology("crypto_offramp", crypto_offramp, 9.0, crypto_offramp.__doc__ or ""),)
