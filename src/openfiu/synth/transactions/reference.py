"""Reference tables of the synthetic transactions: countries, currencies, corridors, codes.

Everything the generator treats as "the world" is declared here, as data, so that the
documentation (``docs/synthetic-transactions.md``) and the code cannot drift apart.

* Countries are ISO 3166-1 alpha-2 codes with a share of the account population, a local
  currency and a median monthly salary in USD (synthetic, rounded; they only set scales).
* Exchange rates are **fixed synthetic rates** (USD per unit, close to 2025 market rates);
  ``amount_base = amount × rate`` rounded to cents. They are not for real conversion.
* Remittance corridors follow real migration routes: Russia/Kazakhstan → Tajikistan,
  Uzbekistan, Kyrgyzstan; Gulf (AE, SA, QA) → Afghanistan, Pakistan; Europe → Türkiye,
  Syria, Iraq, Somalia; they are legitimate flows that look like the cash-out typologies.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from openfiu.monitoring.schema import CHANNELS

# --- countries -------------------------------------------------------------------------

#: code → (share of accounts, currency, median monthly salary in USD)
COUNTRY_TABLE: Final[dict[str, tuple[float, str, float]]] = {
    "US": (0.12, "USD", 4500.0),
    "GB": (0.04, "GBP", 3500.0),
    "DE": (0.05, "EUR", 3800.0),
    "TR": (0.05, "TRY", 700.0),
    "CN": (0.02, "CNY", 1100.0),
    "RU": (0.14, "RUB", 900.0),
    "KZ": (0.07, "KZT", 650.0),
    "TJ": (0.07, "TJS", 180.0),
    "UZ": (0.07, "UZS", 300.0),
    "KG": (0.05, "KGS", 280.0),
    "AE": (0.06, "AED", 3000.0),
    "SA": (0.04, "SAR", 2500.0),
    "QA": (0.02, "QAR", 3500.0),
    "AF": (0.04, "AFN", 120.0),
    "PK": (0.05, "PKR", 200.0),
    "IQ": (0.015, "IQD", 600.0),
    "SY": (0.01, "SYP", 60.0),
    "YE": (0.01, "YER", 100.0),
    "SO": (0.01, "SOS", 100.0),
    "JO": (0.01, "JOD", 700.0),
    "IR": (0.015, "IRR", 250.0),
    "MM": (0.01, "MMK", 150.0),
    "KP": (0.003, "KPW", 100.0),
}
COUNTRIES: Final = tuple(COUNTRY_TABLE)
COUNTRY_INDEX: Final = {code: i for i, code in enumerate(COUNTRIES)}

#: Conflict zones of the ``conflict_cashout`` typology (and of humanitarian NPO work).
CONFLICT_ZONES: Final = ("AF", "SY", "SO", "YE", "IQ")
#: Neighbours whose accounts may cash out across the border: account country → zone.
BORDER_OF: Final[dict[str, str]] = {"PK": "AF", "TR": "SY", "JO": "IQ"}
#: FATF "call for action" jurisdictions (high-risk), destinations of ``cash_to_high_risk``.
HIGH_RISK: Final = ("KP", "IR", "MM")

# --- currencies ------------------------------------------------------------------------

#: currency → (USD per unit, decimals). Fixed synthetic rates; USDT and BTC for crypto.
CURRENCY_TABLE: Final[dict[str, tuple[float, int]]] = {
    "USD": (1.0, 2),
    "EUR": (1.08, 2),
    "GBP": (1.27, 2),
    "TRY": (0.031, 2),
    "CNY": (0.138, 2),
    "RUB": (0.011, 2),
    "KZT": (0.0021, 2),
    "TJS": (0.092, 2),
    "UZS": (0.000079, 0),
    "KGS": (0.0115, 2),
    "AED": (0.2723, 2),
    "SAR": (0.2667, 2),
    "QAR": (0.2747, 2),
    "AFN": (0.014, 2),
    "PKR": (0.0036, 2),
    "IQD": (0.00076, 0),
    "SYP": (0.000077, 0),
    "YER": (0.004, 0),
    "SOS": (0.00175, 0),
    "JOD": (1.41, 3),
    "IRR": (0.0000238, 0),
    "MMK": (0.000476, 0),
    "KPW": (0.0011, 0),
    "USDT": (1.0, 2),
    "BTC": (60000.0, 8),
}
CURRENCIES: Final = tuple(CURRENCY_TABLE)
CURRENCY_INDEX: Final = {code: i for i, code in enumerate(CURRENCIES)}
RATES: Final = np.array([CURRENCY_TABLE[c][0] for c in CURRENCIES])
DECIMALS: Final = np.array([CURRENCY_TABLE[c][1] for c in CURRENCIES])
USD: Final = CURRENCY_INDEX["USD"]

# --- remittance corridors --------------------------------------------------------------

#: sender country → (share of its individuals who are migrant workers, {family country: p})
CORRIDORS: Final[dict[str, tuple[float, dict[str, float]]]] = {
    "RU": (0.30, {"TJ": 0.45, "UZ": 0.35, "KG": 0.20}),
    "KZ": (0.35, {"UZ": 0.5, "KG": 0.3, "TJ": 0.2}),
    "AE": (0.50, {"PK": 0.5, "AF": 0.3, "IR": 0.2}),
    "SA": (0.40, {"PK": 0.6, "AF": 0.3, "YE": 0.1}),
    "QA": (0.50, {"PK": 0.7, "AF": 0.3}),
    "TR": (0.10, {"SY": 0.4, "IR": 0.3, "AF": 0.3}),
    "DE": (0.08, {"TR": 0.5, "SY": 0.3, "IQ": 0.2}),
    "GB": (0.08, {"PK": 0.6, "SO": 0.4}),
    "CN": (0.03, {"MM": 1.0}),
}

# --- channels, banks, narratives -------------------------------------------------------

CASH: Final = CHANNELS.index("cash")
WIRE: Final = CHANNELS.index("wire")
CARD: Final = CHANNELS.index("card")
MONEY_TRANSFER: Final = CHANNELS.index("money_transfer")
CRYPTO: Final = CHANNELS.index("crypto")
BANKS_PER_COUNTRY: Final = 3


def bank_codes() -> list[str]:
    """Synthetic bank codes ``BANK-<country>-<n>``: three banks per country."""
    return [f"BANK-{c}-{k}" for c in COUNTRIES for k in range(1, BANKS_PER_COUNTRY + 1)]


#: Payment narratives; laundering rows reuse the same words as legitimate ones.
NARRATIVES: Final = (
    "card purchase",
    "online purchase",
    "salary",
    "transfer",
    "gift",
    "rent",
    "loan repayment",
    "invoice payment",
    "supplier payment",
    "cash deposit",
    "ATM withdrawal",
    "cash withdrawal",
    "family support",
    "donation",
    "program expenses",
    "beneficiary support",
    "crypto sale",
    "crypto purchase",
    "settlement",
    "intercompany transfer",
    "consulting services",
    "loan",
    "goods",
    "services",
    "marketplace sale",
)
N: Final = {text: i for i, text in enumerate(NARRATIVES)}

# --- accounts ---------------------------------------------------------------------------

KINDS: Final = ("individual", "business", "npo", "money_service", "crypto_wallet")
INDIVIDUAL, BUSINESS, NPO, MONEY_SERVICE, WALLET = 0, 1, 2, 3, 4

#: segment → (kind, share of all accounts)
SEGMENT_TABLE: Final[dict[str, tuple[int, float]]] = {
    "person": (INDIVIDUAL, 0.80),
    "online_seller": (INDIVIDUAL, 0.01),
    "crypto_user": (INDIVIDUAL, 0.05),
    "employer": (BUSINESS, 0.03),
    "merchant": (BUSINESS, 0.04),
    "wholesaler": (BUSINESS, 0.03),
    "cash_intensive": (BUSINESS, 0.015),
    "charity": (NPO, 0.004),
    "humanitarian": (NPO, 0.002),
    "mto": (MONEY_SERVICE, 0.003),
    "exchange_house": (MONEY_SERVICE, 0.001),
    "personal_wallet": (WALLET, 0.013),
    "exchange_hot_wallet": (WALLET, 0.002),
}
SEGMENTS: Final = tuple(SEGMENT_TABLE)
SEG: Final = {name: i for i, name in enumerate(SEGMENTS)}

#: Reporting threshold in USD (cash transaction reports); structuring stays just under it.
REPORTING_THRESHOLD_USD: Final = 10_000.0

#: Per-transaction typology names, in the order of their integer codes.
TYPOLOGIES: Final = (
    "structuring",
    "smurfing",
    "fan_in",
    "fan_out",
    "scatter_gather",
    "gather_scatter",
    "cycle",
    "pass_through",
    "layering_chain",
    "conflict_cashout",
    "cash_to_high_risk",
    "npo_diversion",
    "crypto_offramp",
)
