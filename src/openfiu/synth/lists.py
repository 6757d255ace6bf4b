"""Synthetic sanctions lists: invented persons and organisations as :class:`Entity` records.

Used for demos, tests of list readers, and speed benchmarks at sizes the real lists never
reach (a million entries). Persons (about 45 %) come from :mod:`openfiu.synth.diverse`
(frequent given names, long-tail surnames), organisations from
:mod:`openfiu.synth.companies`; persons carry aliases in another romanisation, Cyrillic and Arabic-script original names, birth dates of
every precision the UN list uses, nationalities and passport numbers.

Example::

    >>> from openfiu.synth.lists import synthetic_entities
    >>> [e.reference for e in synthetic_entities(2)]
    ['SYN.000001', 'SYN.000002']
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from openfiu.model.entity import Address, BirthDate, Entity, Identifier, Name
from openfiu.synth import name_tables as t
from openfiu.synth.companies import company_name
from openfiu.synth.countries import CITIES, UN_COUNTRY_NAMES, country_name
from openfiu.synth.diverse import make_diverse_person
from openfiu.synth.people import SynthPerson
from openfiu.synth.un_xml import write_un_xml
from openfiu.synth.variants import passport_spelling, to_russian_cyrillic

__all__ = ["synthetic_entities", "synthetic_un_list", "write_un_xml"]

SOURCE = "synthetic"
LIST_TYPE = "SYNTHETIC"
_COUNTRY_CODES = tuple(UN_COUNTRY_NAMES)
_LISTED_DAY0 = dt.date(2001, 1, 1).toordinal()
_TITLES = ("Haji", "Mullah", "Mawlawi", "Qari", "Sheikh")
_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")

PERSON_SHARE: Final = 0.45
"""Share of persons among generated entries; the rest are organisations, roughly the mix of
a large consolidated sanctions and PEP dataset such as OpenSanctions'."""


def _passport_number(rng: random.Random) -> str:
    letters = "".join(rng.choices(_LETTERS, k=rng.choice((1, 2))))
    return letters + "".join(rng.choices(_DIGITS, k=7))


def _birth_dates(person: SynthPerson, rng: random.Random) -> list[BirthDate]:
    x = rng.random()
    year = person.birth_date.year
    if x < 0.45:
        return [BirthDate.exact(person.birth_date)]
    if x < 0.7:
        return [BirthDate.year(year)]
    if x < 0.8:
        return [BirthDate.year(year, approximate=True)]
    if x < 0.88:
        spread = rng.choice((1, 2))
        return [BirthDate(year_from=year - spread, year_to=year + spread)]
    if x < 0.95:
        return [BirthDate.exact(person.birth_date), BirthDate.year(year + rng.choice((-1, 1)))]
    return []


def _person_names(person: SynthPerson, rng: random.Random) -> list[Name]:
    full = person.full
    middle = full[len(person.given) : len(full) - len(person.surname)].strip()
    parts = tuple(p for p in (person.given, middle, person.surname) if p)
    upper = rng.random() < 0.5
    names = [
        Name(
            full.upper() if upper else full,
            "primary",
            tuple(p.upper() for p in parts) if upper else parts,
        )
    ]
    if rng.random() < 0.45:
        variant = passport_spelling(full, rng)
        if variant != full:
            names.append(Name(variant, "good"))
    if middle and rng.random() < 0.3:
        names.append(Name(f"{person.given} {person.surname}", "good"))
    if person.arabic is not None and rng.random() < 0.6:
        names.append(Name(person.arabic, "original_script", language="ar"))
    elif person.cyrillic is not None and rng.random() < 0.5:
        names.append(Name(person.cyrillic, "original_script", language="ru"))
    elif person.cyrillic is None and rng.random() < 0.1:
        names.append(Name(to_russian_cyrillic(full), "good", language="ru"))
    if rng.random() < 0.25:
        if person.culture in ("arabic", "afghan") and person.gender == "male":
            low = f"Abu {rng.choice(t.ARABIC_MALE)[0]}"
        else:
            low = person.given
        names.append(Name(low, "low"))
    return names


def _person_entity(rng: random.Random, reference: str, person: SynthPerson) -> Entity:
    nationalities = [person.nationality]
    if rng.random() < 0.08:
        nationalities.append(rng.choice([c for c in _COUNTRY_CODES if c != person.nationality]))
    elif rng.random() < 0.05:
        nationalities = []
    identifiers: list[Identifier] = []
    if rng.random() < 0.4:
        identifiers.append(Identifier("passport", _passport_number(rng), person.nationality))
    if rng.random() < 0.15:
        number = "".join(rng.choices(_DIGITS, k=rng.choice((9, 10, 12))))
        identifiers.append(Identifier("national_id", number, person.nationality))
    birth_places: list[str] = []
    addresses: list[Address] = []
    if rng.random() < 0.6:
        city = rng.choice(CITIES[person.nationality])
        birth_places.append(f"{city}, {country_name(person.nationality)}")
    if rng.random() < 0.3:
        code = rng.choice(_COUNTRY_CODES)
        city = rng.choice(CITIES[code])
        addresses.append(Address(f"{city}, {country_name(code)}", country=code, city=city))
    titles = [rng.choice(_TITLES)] if person.culture == "afghan" and rng.random() < 0.1 else []
    return Entity(
        id=f"{SOURCE}:{reference}",
        reference=reference,
        source=SOURCE,
        kind="person",
        names=_person_names(person, rng),
        birth_dates=_birth_dates(person, rng),
        birth_places=birth_places,
        nationalities=nationalities,
        gender=person.gender if rng.random() < 0.9 else None,
        identifiers=identifiers,
        addresses=addresses,
        list_type=LIST_TYPE,
        listed_on=dt.date.fromordinal(_LISTED_DAY0 + rng.randrange(9000)),
        titles=titles,
    )


def _org_entity(rng: random.Random, reference: str) -> Entity:
    name, other = company_name(rng)
    if name.isascii() and rng.random() < 0.4:
        name = name.upper()
    names = [Name(name, "primary")]
    if other is not None and _ARABIC_LETTER.search(other):
        names.append(Name(other, "original_script", language="ar"))
    elif other is not None:
        language = None if other.isascii() else "ru"
        names.append(Name(other, "good", language=language, note="a.k.a."))
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if name.isascii() and len(words) >= 3 and rng.random() < 0.3:
        names.append(Name("".join(w[0] for w in words).upper(), "good", note="a.k.a."))
    if other is None and rng.random() < 0.2:
        names.append(Name(to_russian_cyrillic(name), "good", language="ru", note="a.k.a."))
    if rng.random() < 0.15:
        names.append(Name(company_name(rng)[0], "good", note="f.k.a."))
    code = rng.choice(_COUNTRY_CODES)
    addresses = []
    if rng.random() < 0.7:
        city = rng.choice(CITIES[code])
        addresses.append(Address(f"{city}, {country_name(code)}", country=code, city=city))
    identifiers = []
    if rng.random() < 0.3:
        number = "".join(rng.choices(_DIGITS, k=10))
        identifiers.append(Identifier("registration", number, code))
    return Entity(
        id=f"{SOURCE}:{reference}",
        reference=reference,
        source=SOURCE,
        kind="organization",
        names=names,
        nationalities=[code] if rng.random() < 0.5 else [],
        identifiers=identifiers,
        addresses=addresses,
        list_type=LIST_TYPE,
        listed_on=dt.date.fromordinal(_LISTED_DAY0 + rng.randrange(9000)),
    )


def synthetic_entities(n: int, seed: int = 0, start_reference: int = 1) -> Iterator[Entity]:
    """Yield ``n`` synthetic list entries (≈45 % persons, the rest organisations),
    referenced ``SYN.000001`` … from ``start_reference``; the same entries for the same seed.

    Names are as diverse as a large real list's: frequent given names but mostly rare
    surnames (:mod:`openfiu.synth.diverse`) and invented company names
    (:mod:`openfiu.synth.companies`), so a million entries hold over 90 % distinct names.
    A generator: a million entries take under a minute and little memory.

    Example::

        >>> kinds = {e.kind for e in synthetic_entities(50, seed=1)}
        >>> sorted(kinds)
        ['organization', 'person']
    """
    rng = random.Random(seed)
    for number in range(start_reference, start_reference + n):
        reference = f"SYN.{number:06d}"
        if rng.random() < PERSON_SHARE:
            yield _person_entity(rng, reference, make_diverse_person(rng))
        else:
            yield _org_entity(rng, reference)


def _fixed_kinds(n_individuals: int, n_entities: int, seed: int) -> Iterator[Entity]:
    rng = random.Random(seed)
    for number in range(1, n_individuals + 1):
        yield _person_entity(rng, f"SYN.{number:06d}", make_diverse_person(rng))
    for number in range(n_individuals + 1, n_individuals + n_entities + 1):
        yield _org_entity(rng, f"SYN.{number:06d}")


def synthetic_un_list(
    path: Path, n_individuals: int = 300, n_entities: int = 100, seed: int = 0
) -> Path:
    """Write a synthetic list in the UN Consolidated List XML format with exactly
    ``n_individuals`` persons and ``n_entities`` organisations; return the path.

    Example::

        >>> import tempfile
        >>> p = synthetic_un_list(Path(tempfile.mkdtemp()) / "syn.xml", 3, 1)
        >>> p.read_bytes().count(b"<INDIVIDUAL>"), p.read_bytes().count(b"<ENTITY>")
        (3, 1)
    """
    entities = _fixed_kinds(n_individuals, n_entities, seed)
    return write_un_xml(entities, Path(path), date_generated="2026-01-01T00:00:00.000Z")
