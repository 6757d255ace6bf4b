"""Recognise a list file's format from its content (the extension is only a hint).

Formats: ``"un-sc"`` (XML, root CONSOLIDATED_LIST), ``"ofac-xml"`` (XML, root sdnList),
``"ofac-csv"`` (legacy headerless sdn.csv, or a folder holding one), ``"ftm"``
(FollowTheMoney JSON lines) and ``"csv"`` (our plain CSV with a ``reference,…`` header).

Example::

    >>> detect_format(Path("un_consolidated_2026-02-27.xml"))  # doctest: +SKIP
    'un-sc'
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from pathlib import Path

from openfiu.errors import ListFormatError

FORMATS = ("un-sc", "ofac-xml", "ofac-csv", "ftm", "csv")
SNIFF_BYTES = 64 * 1024
_ROOT_FORMATS = {"consolidated_list": "un-sc", "sdnlist": "ofac-xml"}
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (unpack it first)",
    b"\x1f\x8b": "a gzip archive (unpack it first)",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
}
_XML_START = re.compile(r"<(?![?!])([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def detect_format(path: str | Path) -> str:
    """Return the format name of the list at ``path``; raise ListFormatError naming the
    file when no format fits."""
    path = Path(path)
    if path.is_dir():
        if any(
            p.name.lower().startswith("sdn") and p.suffix.lower() == ".csv" for p in path.iterdir()
        ):
            return "ofac-csv"
        raise ListFormatError(
            f"{path}: folder holds no sdn*.csv (OFAC legacy CSV); no list format fits"
        )
    if not path.exists():
        raise ListFormatError(f"{path}: file not found")
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise ListFormatError(f"{path}: file is empty")
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise ListFormatError(f"{path}: this is {what}, not a sanctions list")
    text = _decode_head(head).lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        return _xml_format(path, text)
    if text.startswith(("{", "[")):
        return _json_format(path, text)
    return _csv_format(path, text)


def _decode_head(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8", errors="replace")


def _xml_format(path: Path, text: str) -> str:
    body = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    match = _XML_START.search(body)
    root = match.group(2) if match else ""
    if root.lower() == "html":
        raise ListFormatError(
            f"{path}: this is an HTML page, not a sanctions list (an error page from the server?)"
        )
    if root.lower() in _ROOT_FORMATS:
        return _ROOT_FORMATS[root.lower()]
    raise ListFormatError(
        f"{path}: XML with root <{root or '?'}> is not a known list format "
        "(expected CONSOLIDATED_LIST for the UN list or sdnList for OFAC)"
    )


def _json_format(path: Path, text: str) -> str:
    first = text.splitlines()[0] if text else ""
    try:
        data = json.loads(first)
    except json.JSONDecodeError:
        data = None
    if isinstance(data, dict) and "schema" in data and "id" in data:
        return "ftm"
    raise ListFormatError(
        f"{path}: JSON, but not FollowTheMoney JSON lines (one object with 'id' and 'schema' per line)"
    )


def _csv_format(path: Path, text: str) -> str:
    lines = text.splitlines()
    first = lines[0] if lines else ""
    try:
        row = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        row = []
    header = [c.strip().lower() for c in row]
    if "reference" in header and "name" in header:
        return "csv"
    if len(row) == 12 and row[0].strip().isdigit():
        return "ofac-csv"
    if (
        path.name.lower().startswith(("alt", "add"))
        and len(row) in (5, 6)
        and row[0].strip().isdigit()
    ):
        raise ListFormatError(
            f"{path}: an OFAC legacy alt/add CSV file; load the sdn*.csv beside it or the folder"
        )
    if "\x00" in text:
        raise ListFormatError(f"{path}: binary content; not a sanctions list")
    raise ListFormatError(
        f"{path}: no list format fits (not UN or OFAC XML, not FollowTheMoney JSON lines, "
        "not OFAC legacy sdn.csv, not a CSV with a 'reference,…,name' header)"
    )
