"""Synthetic customer records to screen, optionally with planted hits on a list.

Each record is a query dict as :meth:`openfiu.screening.Screener.screen` takes it. With
``listed`` entities, a fraction ``hit_rate`` of the records are variants of a listed
person's name (Russian or Tajik Cyrillic, another romanisation, a typo, a token swap) and
carry ``expected_reference`` and ``variant``; the others are invented persons whose name
never equals a listed name (same normalised token set). Their given names are the frequent
ones, their surnames mostly rare (:mod:`openfiu.synth.diverse`, drawn from a random stream
of their own), so against a large synthetic list only chance namesakes alert — a few per
cent of customers, as in a real customer base — rather than everyone called Karimov.

Example::

    >>> from openfiu.synth.customers import synthetic_customers
    >>> first = next(synthetic_customers(1, seed=5))
    >>> first["id"], first["kind"]
    ('C0000001', 'person')
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Final

from openfiu.model.entity import BirthDate, Entity, Name
from openfiu.synth.diverse import make_diverse_person
from openfiu.synth.people import SynthPerson
from openfiu.synth.variants import (
    passport_spelling,
    swap_tokens,
    to_russian_cyrillic,
    to_tajik_cyrillic,
    typo,
)

__all__ = ["CUSTOMER_HEAD_SHARE", "PLANTED_VARIANTS", "name_token_set", "synthetic_customers"]

CUSTOMER_HEAD_SHARE: Final = 0.01
"""Share of customers whose surname comes from the common-surname tables; the others carry
invented long-tail surnames."""

_TOKEN = re.compile(r"\w+")


def _russian(name: str, _rng: random.Random) -> str:
    return to_russian_cyrillic(name)


def _tajik(name: str, _rng: random.Random) -> str:
    return to_tajik_cyrillic(name)


PLANTED_VARIANTS: dict[str, Callable[[str, random.Random], str]] = {
    "russian_cyrillic": _russian,
    "tajik_cyrillic": _tajik,
    "passport_latin": passport_spelling,
    "typo": typo,
    "token_swap": swap_tokens,
}
"""How planted hits are written, by name."""


def name_token_set(name: str) -> frozenset[str]:
    """The case- and accent-free set of a name's word tokens, for "same name" checks.

    Example::

        >>> name_token_set("HALIMOV Jumakhon") == name_token_set("Jumakhon Halimov")
        True
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return frozenset(_TOKEN.findall(plain))


def _is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 for ch in text)


def _base_names(entity: Entity) -> list[Name]:
    names = [n for n in entity.names if n.quality in ("primary", "good") and _is_latin(n.full)]
    return names or entity.names[:1]


def _birth_iso(birth_dates: Sequence[BirthDate], rng: random.Random, fallback: dt.date) -> str:
    if not birth_dates:
        return fallback.isoformat()
    birth = birth_dates[0]
    if birth.date is not None:
        return birth.date.isoformat()
    year = rng.randint(birth.year_from, birth.year_to)
    start = dt.date(year, 1, 1).toordinal()
    return dt.date.fromordinal(start + rng.randrange(365)).isoformat()


def _planted(
    index: int, entity: Entity, person: SynthPerson, rng: random.Random
) -> dict[str, object]:
    base = rng.choice(_base_names(entity)).full
    variant = rng.choice(tuple(PLANTED_VARIANTS))
    return {
        "id": f"C{index:07d}",
        "name": PLANTED_VARIANTS[variant](base, rng),
        "birth_date": _birth_iso(entity.birth_dates, rng, person.birth_date),
        "nationality": entity.nationalities[0] if entity.nationalities else person.nationality,
        "gender": entity.gender or person.gender,
        "kind": "person",
        "expected_reference": entity.reference,
        "variant": variant,
    }


def _customer_name(person: SynthPerson, rng: random.Random) -> str:
    x = rng.random()
    if x < 0.1 and person.cyrillic is not None:
        return person.cyrillic
    if x < 0.15 and person.arabic is not None:
        return person.arabic
    if person.culture == "arabic" and x < 0.6:
        return f"{person.given} {person.surname}"  # many records keep first and last name only
    return person.full


def synthetic_customers(
    n: int, seed: int = 0, listed: Sequence[Entity] = (), hit_rate: float = 0.01
) -> Iterator[dict[str, object]]:
    """Yield ``n`` customer query dicts (``id`` C0000001 …, ``name``, ``birth_date`` ISO,
    ``nationality`` ISO2, ``gender``, ``kind`` "person"), the same ones for the same seed.

    With ``listed``, about ``hit_rate`` of them are planted variants of listed persons and
    carry ``expected_reference`` and ``variant``. Other names are invented, mostly Latin,
    some in Cyrillic or Arabic script as local records write them.

    Example::

        >>> from openfiu.synth.lists import synthetic_entities
        >>> listed = list(synthetic_entities(20, seed=1))
        >>> rows = list(synthetic_customers(200, seed=1, listed=listed, hit_rate=0.5))
        >>> 50 < sum("expected_reference" in r for r in rows) < 150
        True
    """
    if not 0.0 <= hit_rate <= 1.0:
        raise ValueError(f"hit_rate must be between 0 and 1, not {hit_rate}")
    rng = random.Random(f"customers:{seed}")
    persons = [e for e in listed if e.kind == "person" and e.names]
    taken = {name_token_set(n.full) for e in persons for n in e.names}
    for index in range(1, n + 1):
        person = make_diverse_person(rng, head_share=CUSTOMER_HEAD_SHARE)
        if persons and rng.random() < hit_rate:
            yield _planted(index, rng.choice(persons), person, rng)
            continue
        name = _customer_name(person, rng)
        for _ in range(20):
            if name_token_set(name) not in taken:
                break
            person = make_diverse_person(rng, head_share=CUSTOMER_HEAD_SHARE)
            name = _customer_name(person, rng)
        else:  # pragma: no cover - would need a list made of every synthetic name
            raise RuntimeError("could not draw a customer name that is not on the list")
        yield {
            "id": f"C{index:07d}",
            "name": name,
            "birth_date": person.birth_date.isoformat(),
            "nationality": person.nationality,
            "gender": person.gender,
            "kind": "person",
        }
