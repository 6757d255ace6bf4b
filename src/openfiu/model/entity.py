"""Domain types for listed parties: plain dataclasses, no I/O.

Every list format (UN XML, OFAC XML and CSV, FollowTheMoney JSON lines, plain CSV) is read
into these types, and the screening index is built from them. They are deliberately close to
the UN Consolidated List's own fields, which are the richest of the sources we read, and to
FollowTheMoney's Person/Organization/Vessel/CryptoWallet schemata, so that both map cleanly.

Example::

    person = Entity(
        id="un-sc:QDi.999",
        reference="QDi.999",
        source="un-sc",
        kind="person",
        names=[Name("Jumakhon Halimov", quality="primary")],
        birth_dates=[BirthDate(year_from=1971, year_to=1971)],
        nationalities=["TJ"],
    )
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

EntityKind = Literal["person", "organization", "vessel", "wallet"]
"""What a list entry is. Aircraft and other assets are read as ``organization``."""

NameQuality = Literal["primary", "good", "low", "original_script", "weak"]
"""How a list states a name: the primary name, a good-quality alias, a low-quality alias
(UN ``QUALITY`` Low, OFAC "weak" a.k.a.), or the name in its original script."""

ENTITY_KINDS: tuple[EntityKind, ...] = ("person", "organization", "vessel", "wallet")


@dataclass(frozen=True, slots=True)
class Name:
    """One name of an entity as the list writes it.

    ``full`` is the whole name in list order; ``parts`` keeps the list's own split
    (UN FIRST_NAME … FOURTH_NAME, OFAC firstName/lastName) when it has one.
    """

    full: str
    quality: NameQuality = "primary"
    parts: tuple[str, ...] = ()
    language: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A date of birth with its precision.

    An exact date sets ``date`` (and both years to its year). A year alone sets
    ``year_from == year_to``. A range (UN ``BETWEEN``) sets ``year_from < year_to``.
    ``approximate`` marks UN ``APPROXIMATELY`` and OFAC "circa" dates.
    """

    year_from: int
    year_to: int
    date: dt.date | None = None
    approximate: bool = False
    text: str | None = None

    @classmethod
    def exact(cls, value: dt.date) -> BirthDate:
        return cls(year_from=value.year, year_to=value.year, date=value)

    @classmethod
    def year(cls, year: int, approximate: bool = False) -> BirthDate:
        return cls(year_from=year, year_to=year, approximate=approximate)

    def describe(self) -> str:
        if self.date is not None:
            out = self.date.isoformat()
        elif self.year_from == self.year_to:
            out = str(self.year_from)
        else:
            out = f"{self.year_from}–{self.year_to}"
        return f"about {out}" if self.approximate else out


@dataclass(frozen=True, slots=True)
class Identifier:
    """A document or other identifier: passport, national ID, tax number, IMO number,
    crypto address (``type="crypto"``, ``note`` the currency), SWIFT/BIC …"""

    type: str
    number: str
    country: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Address:
    text: str
    country: str | None = None
    city: str | None = None


@dataclass(slots=True)
class Entity:
    """A listed party: person, organization, vessel or wallet.

    ``id`` is unique across sources (``"<source>:<reference>"``); ``reference`` is the list's
    own permanent reference (UN ``QDi.299``, OFAC uid). Country fields hold ISO 3166-1 alpha-2
    codes where the source's country could be recognised, and the source's text otherwise.
    """

    id: str
    reference: str
    source: str
    kind: EntityKind
    names: list[Name]
    birth_dates: list[BirthDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    gender: Literal["male", "female"] | None = None
    identifiers: list[Identifier] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    list_type: str | None = None
    programs: list[str] = field(default_factory=list)
    listed_on: dt.date | None = None
    designations: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    comments: str | None = None
    last_updated: list[dt.date] = field(default_factory=list)

    @property
    def primary_name(self) -> str:
        for name in self.names:
            if name.quality == "primary":
                return name.full
        return self.names[0].full if self.names else ""

    def fingerprint(self) -> tuple[object, ...]:
        """Everything that a list amendment can change, for version diffs."""
        return (
            self.kind,
            tuple(sorted((n.full, n.quality) for n in self.names)),
            tuple(sorted(b.describe() for b in self.birth_dates)),
            tuple(sorted(self.birth_places)),
            tuple(sorted(self.nationalities)),
            self.gender,
            tuple(sorted((i.type, i.number, i.country or "") for i in self.identifiers)),
            tuple(sorted(a.text for a in self.addresses)),
            self.list_type,
            tuple(sorted(self.programs)),
            self.listed_on,
            tuple(sorted(self.designations)),
            tuple(sorted(self.titles)),
            self.comments,
        )


@dataclass(frozen=True, slots=True)
class RecordIssue:
    """A problem with one record of a list file: where it is and what is wrong.

    Loaders skip the record (or the field) and carry on; the issue is kept with the
    list version so that nothing is dropped silently.
    """

    source_file: str
    record: str
    problem: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source_file}:{self.line}" if self.line else self.source_file
        return f"{where}: record {self.record}: {self.problem}"
