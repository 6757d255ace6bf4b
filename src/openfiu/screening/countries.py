"""Country names and codes to ISO 3166-1 alpha-2, for comparing nationalities."""

from __future__ import annotations

from functools import lru_cache

import countrynames


@lru_cache(maxsize=4096)
def country_code(value: str) -> str:
    """'Iraq', 'IQ', 'iq', 'Republic of Iraq' → 'IQ'. Unknown text is returned upper-cased."""
    text = value.strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    code = countrynames.to_code(text, fuzzy=False)
    return str(code).upper() if code else text.upper()
