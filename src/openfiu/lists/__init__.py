"""Sanctions lists: read every supported format into :class:`openfiu.model.Entity`,
keep versions, diff them, and download updates atomically.

Public API::

    from openfiu.lists import load_list, diff_versions, update_list, detect_format

    old = load_list("un_consolidated_2025-04-19.xml")
    new = load_list("un_consolidated_2026-02-27.xml")
    print(diff_versions(old, new).to_text())
"""

from openfiu.lists.csv_list import read_csv, write_csv
from openfiu.lists.detect import FORMATS, detect_format
from openfiu.lists.diff import AmendedEntry, DiffEntry, ListDiff, diff_versions
from openfiu.lists.ftm import read_ftm, write_ftm
from openfiu.lists.load import ListVersion, load_list
from openfiu.lists.update import UpdateResult, current_list_path, list_versions, update_list

__all__ = [
    "FORMATS",
    "AmendedEntry",
    "DiffEntry",
    "ListDiff",
    "ListVersion",
    "UpdateResult",
    "current_list_path",
    "detect_format",
    "diff_versions",
    "list_versions",
    "load_list",
    "read_csv",
    "read_ftm",
    "update_list",
    "write_csv",
    "write_ftm",
]
