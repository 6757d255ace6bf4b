"""Invented company names: brand stems, word combinations, founders' surnames, legal forms.

Names are drawn from several styles found on sanctions lists — an invented brand with an
activity and a legal form (``Tekmirion Logistics FZE``), descriptive words
(``Golden Crescent Shipping Co. Ltd``), a family name (``Nurqulzoda Trading LLC``), a
Russian-style name in Cyrillic with its Latin form (``ООО «Стройтехинвест»`` /
``OOO "Stroitekhinvest"``), an Arabic-style name with its Arabic-script form — so a million
organisations have almost as many different names. All of them are invented.

Example::

    >>> import random
    >>> name, other = company_name(random.Random(5))
    >>> bool(name), other is None or other != name
    (True, True)
"""

from __future__ import annotations

import random

from openfiu.synth import morphemes as m
from openfiu.synth import name_tables as t
from openfiu.synth.people import CULTURES
from openfiu.synth.surnames import invented_surname
from openfiu.synth.variants import cyrillic_to_latin, to_russian_cyrillic

__all__ = ["brand", "company_name"]

_CULTURE_NAMES = tuple(c for c, _ in CULTURES)


def brand(rng: random.Random) -> str:
    """An invented brand stem such as ``Zarvonex`` or ``Tekmira``.

    Example::

        >>> brand(random.Random(1))[:1].isupper()
        True
    """
    head = rng.choice(m.BRAND_HEADS)
    mid = rng.choice(m.BRAND_MIDS) if rng.random() < 0.5 else ""
    tail = rng.choice(m.BRAND_TAILS)
    if not mid and head[-1] == tail[0]:
        tail = tail[1:] or tail
    return head + mid + tail


def _latin_company(rng: random.Random) -> str:
    x = rng.random()
    if x < 0.45:
        head = brand(rng)
    elif x < 0.65:
        head = f"{rng.choice(m.ORG_WORDS)} {brand(rng) if rng.random() < 0.5 else rng.choice(m.ORG_WORDS)}"
    elif x < 0.85:
        culture = rng.choice(_CULTURE_NAMES)
        surname = invented_surname(rng, culture, "male")[0]
        head = surname if rng.random() < 0.8 else f"{surname} Brothers"
    else:
        head = f"{rng.choice(t.ORG_PREFIXES)} {brand(rng)}"
    activity = rng.choice(m.ORG_ACTIVITIES) if rng.random() < 0.85 else ""
    return " ".join(p for p in (head, activity, rng.choice(m.ORG_FORMS)) if p)


def _russian_company(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.6:
        stems = rng.sample(m.RUSSIAN_ORG_STEMS, rng.choice((2, 2, 3)))
        word = "".join(s if i == 0 else s.lower() for i, s in enumerate(stems))
    else:
        word = to_russian_cyrillic(brand(rng))
    form = rng.choice(m.RUSSIAN_ORG_FORMS)
    cyrillic = f"{form} «{word}»"
    return cyrillic, f'{cyrillic_to_latin(form)} "{cyrillic_to_latin(word)}"'


def _arabic_company(rng: random.Random) -> tuple[str, str]:
    kind, kind_ar = rng.choice(m.ARABIC_ORG_KINDS)
    if rng.random() < 0.2:
        word, word_ar = rng.choice(m.ARABIC_ORG_WORDS)
        word = f"Al-{word}"
    else:
        surname, script = invented_surname(rng, "arabic", "male")
        word, word_ar = surname[:1].upper() + surname[1:], script or ""
    return f"{word} {kind}", f"{kind_ar} {word_ar}"


def company_name(rng: random.Random) -> tuple[str, str | None]:
    """An invented company name and, for Russian- and Arabic-style names, its other form
    (the Latin one for a Cyrillic name, the Arabic-script one for an Arabic-style name).

    Example::

        >>> names = {company_name(random.Random(s))[0] for s in range(200)}
        >>> len(names) > 195
        True
    """
    x = rng.random()
    if x < 0.15:
        cyrillic, latin = _russian_company(rng)
        return (cyrillic, latin) if rng.random() < 0.5 else (latin, cyrillic)
    if x < 0.25:
        return _arabic_company(rng)
    return _latin_company(rng), None
