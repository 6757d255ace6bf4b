"""Download the current version of a list and install it atomically.

Store layout::

    <store_dir>/<source>/<version>.xml     one file per downloaded version
    <store_dir>/<source>/current           the file name of the version in force

A download is streamed (size-capped) into a temporary file in the same folder, parsed and
validated completely (right format, non-empty, not shrunk below ``min_fraction`` of the
version in force unless ``force``), then renamed into place; the ``current`` pointer is
replaced by write-then-rename. Any failure removes the temporary file, leaves the version
in force untouched and raises :class:`ListUpdateError` saying why.

Example::

    result = update_list("un-sc", store_dir=Path("/var/lib/openfiu/lists"))
    print(result.version, result.entity_count, result.diff.to_text() if result.diff else "")
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from openfiu.errors import ListFormatError, ListUpdateError
from openfiu.lists.detect import detect_format
from openfiu.lists.diff import ListDiff, diff_versions
from openfiu.lists.load import ListVersion, load_list

OFFICIAL_URLS = {
    "un-sc": "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
    "ofac": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML",
}
FORMATS = {"un-sc": "un-sc", "ofac": "ofac-xml"}
DEFAULT_MAX_DOWNLOAD = 200 * 1024 * 1024
POINTER = "current"


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """Outcome of :func:`update_list`."""

    source: str
    version: str
    path: Path
    sha256: str
    entity_count: int
    changed: bool
    """False when the download was identical to the version in force."""
    previous_version: str | None
    previous_count: int | None
    diff: ListDiff | None
    issue_count: int


def current_list_path(store_dir: Path, source: str) -> Path | None:
    """Path of the version in force for ``source``, or None when there is none.

    >>> current_list_path(Path("/nonexistent"), "un-sc") is None
    True
    """
    folder = Path(store_dir) / source
    try:
        name = (folder / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = folder / name
    return path if path.is_file() else None


def list_versions(store_dir: Path, source: str) -> list[Path]:
    """Stored versions of ``source``, oldest first (by file name, i.e. version label).

    >>> list_versions(Path("/nonexistent"), "un-sc")
    []
    """
    folder = Path(store_dir) / source
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.xml") if not p.name.startswith("."))


def safe_version_name(version: str) -> str:
    """A version label as a file name.

    >>> safe_version_name("2026-02-27T00:00:09.554Z")
    '2026-02-27T00-00-09.554Z'
    """
    return re.sub(r"[^0-9A-Za-z._+-]", "-", version).strip(".-") or "unknown"


def update_list(
    source: str = "un-sc",
    *,
    store_dir: Path,
    url: str | None = None,
    timeout: float = 60,
    force: bool = False,
    min_fraction: float = 0.5,
    max_bytes: int = DEFAULT_MAX_DOWNLOAD,
    client: httpx.Client | None = None,
) -> UpdateResult:
    """Download ``source`` (from ``url`` or its official URL), validate and install it.

    Raises ListUpdateError (previous version stays in force) on HTTP errors, oversize or
    truncated downloads, unreadable or wrong-format content, an empty list, or a list
    with fewer than ``min_fraction`` × the entities of the version in force (unless
    ``force``).
    """
    if source not in FORMATS:
        raise ListUpdateError(f"unknown source {source!r}; known: {', '.join(FORMATS)}")
    target = url or OFFICIAL_URLS[source]
    folder = Path(store_dir) / source
    folder.mkdir(parents=True, exist_ok=True)
    previous_path = current_list_path(store_dir, source)
    previous = load_list(previous_path, FORMATS[source]) if previous_path else None
    handle, tmp_name = tempfile.mkstemp(prefix=".download-", suffix=".xml", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            digest = _download(target, out, timeout, max_bytes, client)
        new = _validate(tmp, source, previous, force, min_fraction)
        if previous is not None and previous_path is not None and previous.sha256 == digest:
            tmp.unlink()
            return _result(new, previous_path, previous, changed=False)
        final = folder / f"{safe_version_name(new.version)}.xml"
        if final.exists() and final != previous_path:
            final = folder / f"{safe_version_name(new.version)}-{digest[:8]}.xml"
        os.replace(tmp, final)
        _write_pointer(folder, final.name)
        return _result(new, final, previous, changed=True)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _download(
    url: str, out: object, timeout: float, max_bytes: int, client: httpx.Client | None
) -> str:
    digest = hashlib.sha256()
    own = client is None
    http = client or httpx.Client(timeout=timeout, follow_redirects=True)
    received = 0
    try:
        with http.stream("GET", url, timeout=timeout) as response:
            if response.status_code != 200:
                raise ListUpdateError(
                    f"{url}: HTTP {response.status_code} {response.reason_phrase}; "
                    "previous version stays in force"
                )
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ListUpdateError(
                    f"{url}: announces {int(declared):,} bytes, over the {max_bytes:,}-byte cap"
                )
            for chunk in response.iter_bytes():
                received += len(chunk)
                if received > max_bytes:
                    raise ListUpdateError(
                        f"{url}: download exceeds the {max_bytes:,}-byte cap; aborted"
                    )
                digest.update(chunk)
                out.write(chunk)  # type: ignore[attr-defined]
            if declared and declared.isdigit() and received != int(declared):
                raise ListUpdateError(
                    f"{url}: truncated download ({received:,} of {int(declared):,} bytes)"
                )
    except httpx.HTTPError as exc:
        raise ListUpdateError(
            f"{url}: download failed after {received:,} bytes ({type(exc).__name__}: {exc}); "
            "previous version stays in force"
        ) from exc
    finally:
        if own:
            http.close()
    return digest.hexdigest()


def _validate(
    tmp: Path, source: str, previous: ListVersion | None, force: bool, min_fraction: float
) -> ListVersion:
    try:
        detected = detect_format(tmp)
        if detected != FORMATS[source]:
            raise ListFormatError(
                f"content is in format {detected!r}, expected {FORMATS[source]!r}"
            )
        new = load_list(tmp, FORMATS[source])
    except ListFormatError as exc:
        raise ListUpdateError(
            f"downloaded {source} list is not usable: {exc}; previous version stays in force"
        ) from exc
    if not new.entities:
        raise ListUpdateError(
            f"downloaded {source} list has no entries; previous version stays in force"
        )
    if previous is not None and previous.entities and not force:
        floor = min_fraction * len(previous.entities)
        if len(new.entities) < floor:
            raise ListUpdateError(
                f"downloaded {source} list has {len(new.entities)} entries, fewer than "
                f"{min_fraction:.0%} of the {len(previous.entities)} in force; refused "
                "(pass force=True if the shrink is genuine)"
            )
    return new


def _write_pointer(folder: Path, name: str) -> None:
    handle, tmp_name = tempfile.mkstemp(prefix=".current-", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(name + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, folder / POINTER)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _result(
    new: ListVersion, path: Path, previous: ListVersion | None, changed: bool
) -> UpdateResult:
    return UpdateResult(
        source=new.source,
        version=new.version,
        path=path,
        sha256=new.sha256,
        entity_count=len(new.entities),
        changed=changed,
        previous_version=previous.version if previous else None,
        previous_count=len(previous.entities) if previous else None,
        diff=diff_versions(previous, new) if previous is not None and changed else None,
        issue_count=len(new.issues),
    )
