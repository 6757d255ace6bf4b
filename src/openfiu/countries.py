"""Country names and codes → ISO 3166-1 alpha-2, one function for the whole package."""

from __future__ import annotations

from functools import lru_cache

import countrynames

NO_COUNTRY = frozenset({"", "na", "n/a", "none", "unknown", "-0-", "not known", "stateless"})


@lru_cache(maxsize=8192)
def country_code(value: str) -> str | None:
    """ISO 3166-1 alpha-2 code for a country name or code; the text itself when unknown;
    None when the value says "no country".

    >>> country_code("Iran (Islamic Republic of)"), country_code("tj"), country_code("na")
    ('IR', 'TJ', None)
    >>> country_code("former Soviet Union")
    'former Soviet Union'
    """
    text = " ".join(value.split())
    if text.lower() in NO_COUNTRY:
        return None
    if len(text) == 2 and text.isalpha() and text.isascii():
        return text.upper()
    code = countrynames.to_code(text)
    return str(code) if code else text
