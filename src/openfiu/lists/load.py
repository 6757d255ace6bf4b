"""Load any supported list file into a :class:`ListVersion`.

Example::

    version = load_list("un_consolidated_2026-02-27.xml")
    version.version, len(version.entities)      # ('2026-02-27T00:00:09.554Z', 1003)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openfiu.errors import ListFormatError
from openfiu.lists._common import DEFAULT_MAX_BYTES, ParsedList
from openfiu.lists.csv_list import read_csv
from openfiu.lists.detect import FORMATS, detect_format
from openfiu.lists.ftm import read_ftm
from openfiu.lists.ofac_csv import read_ofac_csv, sibling_files
from openfiu.lists.ofac_xml import read_ofac_xml
from openfiu.lists.un_sc import read_un_sc
from openfiu.model import Entity, RecordIssue

DEFAULT_SOURCES = {
    "un-sc": "un-sc",
    "ofac-xml": "ofac",
    "ofac-csv": "ofac",
    "ftm": "ftm",
    "csv": "csv",
}


@dataclass
class ListVersion:
    """One loaded version of a list, with where it came from and what went wrong."""

    source: str
    """"un-sc", "ofac", "ftm", "csv", or user-given."""
    version: str
    """dateGenerated (UN), Publish_Date (OFAC XML), or the file's mtime (ISO)."""
    path: str
    sha256: str
    format: str
    entities: list[Entity]
    issues: list[RecordIssue] = field(default_factory=list)
    """Records skipped or fields dropped, each with file, record id / line and problem."""
    loaded_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def by_reference(self) -> dict[str, Entity]:
        """Entities keyed by their list reference."""
        return {e.reference: e for e in self.entities}


def load_list(
    path: str | Path,
    format: str | None = None,
    *,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
) -> ListVersion:
    """Load a list file (or an OFAC legacy CSV folder) completely.

    ``format`` is detected from the content when not given. ``source`` overrides the
    source name (and entity ids) for ``ftm`` and ``csv`` lists. ``encoding`` forces a
    text encoding for the CSV/JSON formats (XML follows its BOM and declaration).
    Raises ListFormatError naming the file when it cannot be read at all; problems with
    single records are in ``issues``.

    >>> load_list("tests/lists/fixtures/un_small.xml").source  # doctest: +SKIP
    'un-sc'
    """
    path = Path(path)
    fmt = format or detect_format(path)
    if fmt not in FORMATS:
        raise ListFormatError(f"{path}: unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    name = source or DEFAULT_SOURCES[fmt]
    readers: dict[str, Callable[[], ParsedList]] = {
        "un-sc": lambda: read_un_sc(path, max_bytes),
        "ofac-xml": lambda: read_ofac_xml(path, max_bytes),
        "ofac-csv": lambda: read_ofac_csv(path, max_bytes, encoding),
        "ftm": lambda: read_ftm(path, max_bytes, name, encoding),
        "csv": lambda: read_csv(path, max_bytes, name, encoding),
    }
    parsed = readers[fmt]()
    files = _files_of(path, fmt)
    return ListVersion(
        source=name,
        version=parsed.version or _mtime(files[0]),
        path=str(path),
        sha256=_sha256(files),
        format=fmt,
        entities=parsed.entities,
        issues=parsed.issues,
    )


def _files_of(path: Path, fmt: str) -> list[Path]:
    if fmt == "ofac-csv":
        return [p for p in sibling_files(path) if p is not None]
    return [path]


def _mtime(path: Path) -> str:
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    return stamp.isoformat(timespec="seconds")


def _sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()
