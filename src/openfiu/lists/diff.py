"""Differences between two versions of a list: added, removed and amended entries.

Entries are matched by ``reference``; an entry is amended when a part of
:meth:`Entity.fingerprint` differs, and the report names those parts.

Example::

    delta = diff_versions(load_list("un_2025.xml"), load_list("un_2026.xml"))
    print(delta.to_text())
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from openfiu.lists.load import ListVersion
from openfiu.model import Entity

FINGERPRINT_FIELDS: tuple[str, ...] = (
    "kind", "names", "birth_dates", "birth_places", "nationalities", "gender",
    "identifiers", "addresses", "list_type", "programs", "listed_on", "designations",
    "titles", "comments",
)  # fmt: skip
"""Names of the parts of ``Entity.fingerprint()``, in order."""


@dataclass(frozen=True, slots=True)
class DiffEntry:
    """An entry added to or removed from the list."""

    reference: str
    name: str


@dataclass(frozen=True, slots=True)
class AmendedEntry:
    """An entry present in both versions whose content changed."""

    reference: str
    name: str
    changed_fields: list[str]


@dataclass(slots=True)
class ListDiff:
    """What changed from ``old_version`` to ``new_version`` of one list."""

    source: str
    old_version: str
    new_version: str
    added: list[DiffEntry] = field(default_factory=list)
    removed: list[DiffEntry] = field(default_factory=list)
    amended: list[AmendedEntry] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.amended)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready).

        >>> ListDiff("un-sc", "a", "b").to_dict()["added"]
        []
        """
        return asdict(self)

    def to_text(self, limit: int = 50) -> str:
        """A readable report; at most ``limit`` lines per section.

        >>> print(ListDiff("un-sc", "v1", "v2", added=[DiffEntry("T.1", "Jumakhon Testov")]).to_text())
        un-sc: v1 → v2: 1 added, 0 removed, 0 amended, 0 unchanged
        Added (1):
          + T.1  Jumakhon Testov
        """
        lines = [
            f"{self.source}: {self.old_version} → {self.new_version}: {len(self.added)} added, "
            f"{len(self.removed)} removed, {len(self.amended)} amended, {self.unchanged} unchanged"
        ]
        sections: list[tuple[str, list[str]]] = [
            ("Added", [f"  + {e.reference}  {e.name}" for e in self.added]),
            ("Removed", [f"  - {e.reference}  {e.name}" for e in self.removed]),
            (
                "Amended",
                [
                    f"  ~ {e.reference}  {e.name}: {', '.join(e.changed_fields)}"
                    for e in self.amended
                ],
            ),
        ]
        for title, rows in sections:
            if rows:
                lines.append(f"{title} ({len(rows)}):")
                lines.extend(rows[:limit])
                if len(rows) > limit:
                    lines.append(f"  … and {len(rows) - limit} more")
        return "\n".join(lines)


def changed_fields(old: Entity, new: Entity) -> list[str]:
    """Names of the fingerprint parts that differ between two versions of an entry.

    >>> from openfiu.model import Name
    >>> a = Entity("x:1", "1", "x", "person", [Name("Jumakhon Testov")])
    >>> b = Entity("x:1", "1", "x", "person", [Name("Jumakhon Testov")], nationalities=["TJ"])
    >>> changed_fields(a, b)
    ['nationalities']
    """
    return [
        name
        for name, before, after in zip(
            FINGERPRINT_FIELDS, old.fingerprint(), new.fingerprint(), strict=True
        )
        if before != after
    ]


def diff_versions(old: ListVersion, new: ListVersion) -> ListDiff:
    """Compare two versions of a list by reference."""
    before, after = old.by_reference(), new.by_reference()
    result = ListDiff(source=new.source, old_version=old.version, new_version=new.version)
    for ref in sorted(after.keys() - before.keys()):
        result.added.append(DiffEntry(ref, after[ref].primary_name))
    for ref in sorted(before.keys() - after.keys()):
        result.removed.append(DiffEntry(ref, before[ref].primary_name))
    for ref in sorted(before.keys() & after.keys()):
        fields = changed_fields(before[ref], after[ref])
        if fields:
            result.amended.append(AmendedEntry(ref, after[ref].primary_name, fields))
        else:
            result.unchanged += 1
    return result
