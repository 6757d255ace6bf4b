"""A small, static table of approximate exchange rates for ``amount_base``.

Monitoring compares amounts with thresholds ("cash deposits just under 10,000 USD"), so it
needs every amount in one base currency. When a source carries only ``amount`` and
``currency`` the loader converts with the rates below. They are **approximate mid-market
rates of 2024-06-28** (end of June 2024), rounded to three or four significant digits, and
good enough to put an amount on the right side of a threshold — not for accounting. A bank
or FIU with its own daily rates should put ``amount_base`` in the source (or map a column
onto it) and the table is not used.

A currency missing here cannot be converted: its rows go to the rejects file with the
reason ``unknown_currency``. ``XBT`` is Bitcoin (ISO 4217 style code; ``BTC`` is accepted
too).

Example::

    >>> from openfiu.monitoring.loaders.fx import rate
    >>> rate("EUR", "USD")
    1.07
    >>> round(rate("USD", "EUR"), 4)
    0.9346
"""

from __future__ import annotations

from typing import Final

#: Date of the rates in :data:`USD_PER_UNIT`.
RATES_DATE: Final = "2024-06-28"

#: US dollars for one unit of each currency, approximate, on :data:`RATES_DATE`.
USD_PER_UNIT: Final[dict[str, float]] = {
    "USD": 1.0,
    # Major and AMLworld currencies
    "EUR": 1.07,
    "GBP": 1.264,
    "CHF": 1.113,
    "JPY": 0.00622,
    "CNY": 0.1376,
    "INR": 0.01199,
    "RUB": 0.01166,
    "CAD": 0.7305,
    "AUD": 0.6670,
    "MXN": 0.0546,
    "BRL": 0.1789,
    "SAR": 0.2666,
    "ILS": 0.2655,
    "SEK": 0.0944,
    "NOK": 0.0939,
    "DKK": 0.1435,
    "PLN": 0.2483,
    "CZK": 0.0428,
    "TRY": 0.0305,
    "SGD": 0.7379,
    "HKD": 0.1281,
    "KRW": 0.000725,
    "ZAR": 0.0546,
    # Remittance corridors: Russia/Kazakhstan -> Central Asia, Gulf -> Afghanistan/Pakistan
    "KZT": 0.00212,
    "TJS": 0.0935,
    "UZS": 0.0000794,
    "KGS": 0.01156,
    "AED": 0.2723,
    "QAR": 0.2747,
    "KWD": 3.261,
    "BHD": 2.653,
    "OMR": 2.597,
    "AFN": 0.01418,
    "PKR": 0.00359,
    "UAH": 0.0247,
    "IQD": 0.000763,
    "IRR": 0.0000238,
    "EGP": 0.0208,
    "NGN": 0.000667,
    "KES": 0.00775,
    "SOS": 0.00175,
    # Crypto-assets (very volatile: the rate is only an order of magnitude)
    "XBT": 61500.0,
    "BTC": 61500.0,
    "ETH": 3400.0,
    "USDT": 1.0,
    "USDC": 1.0,
}

#: Currencies that are crypto-assets: a payment in one of them has channel ``crypto``.
CRYPTO_CURRENCIES: Final = frozenset({"XBT", "BTC", "ETH", "USDT", "USDC"})

#: Currency names used by IBM's AMLworld data, mapped onto ISO 4217 codes.
AMLWORLD_CURRENCIES: Final[dict[str, str]] = {
    "US Dollar": "USD",
    "Euro": "EUR",
    "UK Pound": "GBP",
    "Swiss Franc": "CHF",
    "Yen": "JPY",
    "Yuan": "CNY",
    "Rupee": "INR",
    "Ruble": "RUB",
    "Canadian Dollar": "CAD",
    "Australian Dollar": "AUD",
    "Mexican Peso": "MXN",
    "Brazil Real": "BRL",
    "Saudi Riyal": "SAR",
    "Shekel": "ILS",
    "Bitcoin": "XBT",
}


def rate(currency: str, base: str = "USD") -> float:
    """Units of ``base`` for one unit of ``currency``; ``KeyError`` for an unknown code."""
    return USD_PER_UNIT[currency] / USD_PER_UNIT[base]


def rates_to(base: str) -> dict[str, float]:
    """The whole table re-based on ``base``: ``{currency: units of base per unit}``."""
    return {code: rate(code, base) for code in USD_PER_UNIT}
