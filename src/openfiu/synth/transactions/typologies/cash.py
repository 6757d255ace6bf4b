"""Cash typologies: structuring, smurfing, cash deposits sent to high-risk jurisdictions.

All three place cash below the reporting threshold (``REPORTING_THRESHOLD_USD``, 10,000
USD) and then move it by wire. The legitimate look-alikes in the background are
cash-intensive businesses, whose daily deposits (median 3,500 USD) are often just under the
threshold too, and remittances to Iran and Myanmar along real corridors.
"""

from __future__ import annotations

import numpy as np

from openfiu.synth.transactions.reference import (
    CASH,
    MONEY_TRANSFER,
    REPORTING_THRESHOLD_USD,
    USD,
    WIRE,
    N,
)
from openfiu.synth.transactions.typologies._base import DAY, HOUR, Draft, Typology

THRESHOLD = REPORTING_THRESHOLD_USD
#: Structuring deposits: 80–99 % of the threshold (8,000–9,900 USD).
STRUCTURING_BAND = (0.80, 0.99)
#: Smurf deposits and cash deposits before a transfer to a high-risk place: 20–95 %.
SMURF_BAND = (0.20, 0.95)
OUT_NARRATIVES = (N["loan"], N["consulting services"], N["invoice payment"], N["goods"])


def _business_hours(rng: np.random.Generator, days: np.ndarray) -> np.ndarray:
    """Times (seconds) on the given day offsets, between 09:00 and 17:00."""
    return days * DAY + rng.integers(9 * HOUR, 17 * HOUR, len(days))


def structuring(d: Draft, rng: np.random.Generator) -> None:
    """4–12 cash deposits of 8,000–9,900 USD into one account over 2–10 days (several a
    day at times, at different branches), then 85–98 % of the total wired out 1–3 days
    after the last deposit."""
    pool = "person" if rng.random() < 0.7 else "business"
    (account,) = d.take(pool, 1, "structurer")
    (beneficiary,) = d.take("business" if rng.random() < 0.5 else "person", 1, "beneficiary")
    k = int(rng.integers(4, 13))
    at = np.sort(_business_hours(rng, rng.integers(0, int(rng.integers(2, 11)), k)))
    amounts = rng.uniform(*STRUCTURING_BAND, k) * THRESHOLD
    d.tx(at, -1, account, amounts, CASH, N["cash deposit"])
    out_at = at[-1] + rng.integers(DAY, 3 * DAY)
    out = amounts.sum() * rng.uniform(0.85, 0.98)
    d.tx(out_at, account, beneficiary, out, WIRE, rng.choice(OUT_NARRATIVES))


def smurfing(d: Draft, rng: np.random.Generator) -> None:
    """5–15 smurfs each deposit cash (2,000–9,500 USD) into their own account within 1–5
    days and pass 95–100 % of it to one collector 2–48 h later; the collector wires
    90–98 % of the sum to a business 6–72 h after the last transfer."""
    k = int(rng.integers(5, 16))
    smurfs = d.take("person", k, "smurf")
    (collector,) = d.take("person", 1, "collector")
    (beneficiary,) = d.take("business", 1, "beneficiary")
    dep_at = _business_hours(rng, rng.integers(0, int(rng.integers(1, 6)), k))
    deposits = rng.uniform(*SMURF_BAND, k) * THRESHOLD
    d.tx(dep_at, -1, smurfs, deposits, CASH, N["cash deposit"])
    pass_at = dep_at + rng.integers(2 * HOUR, 48 * HOUR, k)
    passed = deposits * rng.uniform(0.95, 1.0, k)
    channel = np.where(rng.random(k) < 0.7, WIRE, MONEY_TRANSFER)
    narr = rng.choice([N["transfer"], N["loan repayment"], N["gift"]], k)
    d.tx(pass_at, smurfs, collector, passed, channel, narr)
    out_at = pass_at.max() + rng.integers(6 * HOUR, 72 * HOUR)
    d.tx(out_at, collector, beneficiary, passed.sum() * rng.uniform(0.90, 0.98), WIRE, N["goods"])


def cash_to_high_risk(d: Draft, rng: np.random.Generator) -> None:
    """3–8 cash deposits (2,000–9,500 USD) over 1–7 days, then 80–100 % of the sum wired in
    USD to one or two accounts in a FATF call-for-action jurisdiction (KP, IR, MM) 1–5 days
    after the last deposit."""
    (account,) = d.take("person" if rng.random() < 0.6 else "business", 1, "depositor")
    m = int(rng.integers(1, 3))
    recipients = d.take("high_risk", m, "recipient")
    k = int(rng.integers(3, 9))
    at = np.sort(_business_hours(rng, rng.integers(0, int(rng.integers(1, 8)), k)))
    amounts = rng.uniform(*SMURF_BAND, k) * THRESHOLD
    d.tx(at, -1, account, amounts, CASH, N["cash deposit"])
    share = rng.dirichlet(np.full(m, 3.0)) * amounts.sum() * rng.uniform(0.8, 1.0)
    out_at = at[-1] + np.sort(rng.integers(DAY, 5 * DAY, m))
    narr = rng.choice([N["goods"], N["services"], N["invoice payment"]], m)
    d.tx(out_at, account, recipients, share, WIRE, narr, cur=USD)


TYPOLOGIES = (
    Typology("structuring", structuring, 9.5, structuring.__doc__ or ""),
    Typology("smurfing", smurfing, 21.0, smurfing.__doc__ or ""),
    Typology("cash_to_high_risk", cash_to_high_risk, 7.0, cash_to_high_risk.__doc__ or ""),
)
