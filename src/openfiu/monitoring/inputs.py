"""Rule inputs: the reference tables rules join with, registered on an engine.

* ``high_risk_countries(country, list_name, as_of)`` — FATF "high-risk jurisdictions subject
  to a call for action" (``call_for_action``) and "jurisdictions under increased
  monitoring" (``increased_monitoring``), ISO 3166 alpha-2 codes;
* ``conflict_countries(country)`` — countries with active armed conflict where terrorist
  groups operate, for the cash-out and NPO rules;
* ``sanctioned_parties(party_id, reference, score)`` — parties of the transactions whose
  names match a sanctions list, computed through :class:`openfiu.screening.Screener`.

The built-in lists are a dated snapshot, not a feed: pass your own (your FIU's national
list, the latest FATF statement) to :class:`RuleInputs`. Example::

    inputs = RuleInputs(conflict_zones=("SO", "ML"))
    inputs = inputs.with_sanctions(screen_parties(screener, parties))
    register_inputs(engine, inputs)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final

import pyarrow as pa

from openfiu.errors import OpenFIUError
from openfiu.monitoring.engines.base import Engine

if TYPE_CHECKING:
    from openfiu.screening import Screener

#: Date of the FATF plenary outcome the built-in lists follow.
FATF_AS_OF: Final = "2025-06-13"

#: FATF black list: high-risk jurisdictions subject to a call for action.
FATF_CALL_FOR_ACTION: Final = ("KP", "IR", "MM")

#: FATF grey list: jurisdictions under increased monitoring.
FATF_INCREASED_MONITORING: Final = (
    "DZ", "AO", "BO", "BG", "BF", "CM", "CI", "CD", "HT", "KE", "LA", "LB", "MC", "MZ",
    "NA", "NP", "NG", "ZA", "SS", "SY", "VE", "VN", "VG", "YE",
)  # fmt: skip

#: Countries with active armed conflict where terrorist groups raise or move funds
#: (illustrative default; replace with your FIU's list).
CONFLICT_ZONES: Final = (
    "AF", "SY", "IQ", "YE", "SO", "ML", "BF", "NE", "NG", "SD", "SS", "LY", "CF", "CD",
    "MZ", "PS", "MM", "HT",
)  # fmt: skip

HIGH_RISK_SCHEMA: Final = pa.schema(
    [("country", pa.string()), ("list_name", pa.string()), ("as_of", pa.string())]
)
CONFLICT_SCHEMA: Final = pa.schema([("country", pa.string())])
SANCTIONED_SCHEMA: Final = pa.schema(
    [("party_id", pa.string()), ("reference", pa.string()), ("score", pa.float64())]
)


class RuleInputError(OpenFIUError):
    """A rule input (country list, parties table) is malformed."""


def _default_high_risk() -> dict[str, str]:
    lists = {code: "increased_monitoring" for code in FATF_INCREASED_MONITORING}
    lists.update({code: "call_for_action" for code in FATF_CALL_FOR_ACTION})
    return lists


@dataclass(frozen=True)
class RuleInputs:
    """Country lists and sanctions hits the rules read.

    ``high_risk`` maps a country code to its list (``call_for_action`` or
    ``increased_monitoring``); ``conflict_zones`` lists country codes; ``sanctioned`` is a
    table with :data:`SANCTIONED_SCHEMA` (empty by default, so ``sanctioned_party`` finds
    nothing until parties are screened).
    """

    high_risk: Mapping[str, str] = field(default_factory=_default_high_risk)
    high_risk_as_of: str = FATF_AS_OF
    conflict_zones: Iterable[str] = CONFLICT_ZONES
    sanctioned: pa.Table = field(default_factory=SANCTIONED_SCHEMA.empty_table)

    def with_sanctions(self, sanctioned: pa.Table) -> RuleInputs:
        """A copy using ``sanctioned`` (e.g. from :func:`screen_parties`)."""
        return replace(self, sanctioned=sanctioned)

    def tables(self) -> dict[str, pa.Table]:
        """The tables to register, checked: codes are two upper-case letters."""
        codes = sorted(self.high_risk)
        lists = [self.high_risk[c] for c in codes]
        for code, name in zip(codes, lists, strict=True):
            _check_code(code, "high-risk")
            if name not in ("call_for_action", "increased_monitoring"):
                raise RuleInputError(
                    f"high-risk country {code}: list {name!r} is not "
                    "'call_for_action' or 'increased_monitoring'"
                )
        zones = sorted(set(self.conflict_zones))
        for code in zones:
            _check_code(code, "conflict-zone")
        return {
            "high_risk_countries": pa.table(
                [codes, lists, [self.high_risk_as_of] * len(codes)], schema=HIGH_RISK_SCHEMA
            ),
            "conflict_countries": pa.table([zones], schema=CONFLICT_SCHEMA),
            "sanctioned_parties": _checked_sanctions(self.sanctioned),
        }


def _check_code(code: str, what: str) -> None:
    if len(code) != 2 or not code.isascii() or not code.isalpha() or not code.isupper():
        raise RuleInputError(f"{what} country {code!r}: not an ISO 3166 alpha-2 code like 'IR'")


def _checked_sanctions(table: pa.Table) -> pa.Table:
    missing = [n for n in SANCTIONED_SCHEMA.names if n not in table.column_names]
    if missing:
        raise RuleInputError(
            f"sanctioned parties table lacks column(s) {', '.join(missing)}; "
            f"expected {', '.join(SANCTIONED_SCHEMA.names)}"
        )
    return table.select(SANCTIONED_SCHEMA.names).cast(SANCTIONED_SCHEMA)


def register_inputs(engine: Engine, inputs: RuleInputs | None = None) -> None:
    """Register the input tables of ``inputs`` (the built-in lists by default)."""
    for name, table in (inputs or RuleInputs()).tables().items():
        engine.register(name, table)


def screen_parties(screener: Screener, parties: pa.Table | Iterable[Mapping[str, Any]]) -> pa.Table:
    """Screen the parties of the transactions; one row per party with its best hit.

    ``parties`` has a ``party_id`` and a ``name`` and may carry what a screening query
    takes (``kind``, ``birth_date``, ``nationality`` …). Parties without a match at the
    screener's threshold are left out. Example::

        hits = screen_parties(screener, [{"party_id": "P1", "name": "Ivan Sidorenko"}])
    """
    rows = parties.to_pylist() if isinstance(parties, pa.Table) else list(parties)
    queries = []
    for number, row in enumerate(rows, start=1):
        if not row.get("party_id") or not row.get("name"):
            raise RuleInputError(f"parties row {number}: needs a party_id and a name, got {row}")
        queries.append({k: v for k, v in row.items() if k != "party_id" and v is not None})
    results = screener.screen_many(queries) if queries else []
    for position, message in getattr(screener, "last_batch_errors", []) if queries else []:
        raise RuleInputError(f"parties row {position + 1}: {message}")
    ids, refs, scores = [], [], []
    for row, matches in zip(rows, results, strict=True):
        if matches:
            ids.append(str(row["party_id"]))
            refs.append(matches[0].reference)
            scores.append(float(matches[0].score))
    return pa.table([ids, refs, scores], schema=SANCTIONED_SCHEMA)
