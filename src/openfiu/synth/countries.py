"""Countries of the synthetic data: ISO codes, the names the UN list writes, a few cities."""

from __future__ import annotations

from typing import Final

UN_COUNTRY_NAMES: Final[dict[str, str]] = {
    "AF": "Afghanistan",
    "PK": "Pakistan",
    "IR": "Iran (Islamic Republic of)",
    "IQ": "Iraq",
    "SY": "Syrian Arab Republic",
    "SA": "Saudi Arabia",
    "YE": "Yemen",
    "EG": "Egypt",
    "JO": "Jordan",
    "LY": "Libya",
    "TN": "Tunisia",
    "DZ": "Algeria",
    "MA": "Morocco",
    "LB": "Lebanon",
    "TJ": "Tajikistan",
    "UZ": "Uzbekistan",
    "KG": "Kyrgyzstan",
    "KZ": "Kazakhstan",
    "RU": "Russian Federation",
    "TR": "Türkiye",
    "AE": "United Arab Emirates",
    "TM": "Turkmenistan",
}
"""ISO 3166-1 alpha-2 → country name as the UN Consolidated List writes it."""

CITIES: Final[dict[str, tuple[str, ...]]] = {
    "AF": ("Kabul", "Herat", "Kandahar", "Mazar-e Sharif", "Jalalabad", "Kunduz", "Ghazni"),
    "PK": ("Peshawar", "Quetta", "Karachi", "Lahore", "Rawalpindi"),
    "IR": ("Tehran", "Mashhad", "Isfahan", "Shiraz", "Tabriz", "Qom"),
    "IQ": ("Baghdad", "Mosul", "Basra", "Erbil", "Kirkuk", "Ramadi"),
    "SY": ("Damascus", "Aleppo", "Homs", "Hama", "Deir ez-Zor"),
    "SA": ("Riyadh", "Jeddah", "Dammam", "Medina"),
    "YE": ("Sana'a", "Aden", "Taiz", "Mukalla"),
    "EG": ("Cairo", "Alexandria", "Giza", "Asyut"),
    "JO": ("Amman", "Zarqa", "Irbid"),
    "LY": ("Tripoli", "Benghazi", "Misrata", "Sabha"),
    "TN": ("Tunis", "Sfax", "Sousse"),
    "DZ": ("Algiers", "Oran", "Constantine"),
    "MA": ("Casablanca", "Rabat", "Fes", "Tangier"),
    "LB": ("Beirut", "Tripoli", "Sidon"),
    "TJ": ("Dushanbe", "Khujand", "Kulob", "Bokhtar", "Istaravshan", "Khorugh", "Panjakent"),
    "UZ": ("Tashkent", "Samarkand", "Bukhara", "Namangan", "Andijan", "Fergana"),
    "KG": ("Bishkek", "Osh", "Jalal-Abad", "Karakol"),
    "KZ": ("Almaty", "Astana", "Shymkent", "Karaganda"),
    "RU": ("Moscow", "Saint Petersburg", "Kazan", "Yekaterinburg", "Novosibirsk", "Makhachkala"),
    "TR": ("Istanbul", "Ankara", "Gaziantep"),
    "AE": ("Dubai", "Abu Dhabi", "Sharjah"),
    "TM": ("Ashgabat", "Mary"),
}
"""A few cities per country, for places of birth and addresses."""

CULTURE_NATIONALITIES: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "arabic": (
        ("IQ", 0.2),
        ("SY", 0.15),
        ("SA", 0.1),
        ("YE", 0.1),
        ("EG", 0.1),
        ("JO", 0.07),
        ("LY", 0.07),
        ("TN", 0.06),
        ("DZ", 0.05),
        ("MA", 0.05),
        ("LB", 0.05),
    ),
    "afghan": (("AF", 0.8), ("PK", 0.2)),
    "persian": (("IR", 1.0),),
    "tajik": (("TJ", 0.9), ("RU", 0.07), ("UZ", 0.03)),
    "uzbek": (("UZ", 0.85), ("KG", 0.08), ("TJ", 0.07)),
    "kyrgyz_kazakh": (("KG", 0.5), ("KZ", 0.5)),
    "russian": (("RU", 0.8), ("KZ", 0.1), ("KG", 0.05), ("TJ", 0.05)),
}
"""Nationalities (ISO2) of each name culture with their weights."""


def country_name(code: str) -> str:
    """The UN list's name of a country (the code itself when unknown).

    Example::

        >>> country_name("IR")
        'Iran (Islamic Republic of)'
    """
    return UN_COUNTRY_NAMES.get(code, code)
