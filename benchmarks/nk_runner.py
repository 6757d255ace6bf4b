"""Score queries with nomenklatura's logic-v2 (OpenSanctions / yente) — runs in .bench-venv.

Not part of openfiu and not importable from it: ``benchmarks/screening_quality.py`` starts
it as ``.bench-venv/bin/python benchmarks/nk_runner.py`` and talks JSON lines.

Input on stdin, one JSON object a line:

* ``{"type": "config", "threshold": 0.7, "top_k": 20}``
* ``{"type": "index", "index": NAME, "entities": [{"reference", "kind", "names": [[full,
  quality], ...], "birth_dates": [...], "nationalities": [...], "gender"}]}``
* ``{"type": "query", "qid", "index", "name", "birth_date", "nationality",
  "expected_reference", "use_attributes": bool}``

For each query: candidates are the expected entity plus the ``top_k`` list persons whose ASCII
names are closest to the query's ASCII name (rapidfuzz WRatio; a cheap blocking step), each
compared with ``LogicV2.compare(query, candidate, LogicV2.default_config())``. Output on
stdout, one line per query: ``{"qid", "matches": [[reference, score], ...] (score >=
threshold, best first), "expected_score", "pairs", "seconds"}``.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy
from nomenklatura.matching import get_algorithm
from rapidfuzz import fuzz, process
from rigour.text import ascii_text

NAME_PROPS = {"primary": "name", "original_script": "name", "good": "alias", "low": "weakAlias"}


def _birth_values(value: str | None) -> list[str]:
    if not value:
        return []
    if ".." in value:
        low, high = value.split("..")
        return [str(y) for y in range(int(low), int(high) + 1)]
    return [value]


def _ascii(name: str) -> str:
    return (ascii_text(name) or "").lower()


class Index:
    """One version of the list: FtM proxies and ASCII names for blocking."""

    def __init__(self, name: str, entities: list[dict[str, Any]]) -> None:
        self.name = name
        self.records = {e["reference"]: e for e in entities if e["kind"] == "person"}
        self.proxies: dict[str, EntityProxy] = {}
        self.block_names: list[str] = []
        self.block_refs: list[str] = []
        for ref, record in self.records.items():
            for full, _quality in record["names"]:
                self.block_names.append(_ascii(full))
                self.block_refs.append(ref)

    def proxy(self, ref: str) -> EntityProxy:
        if ref not in self.proxies:
            record = self.records[ref]
            entity = model.make_entity("Person")
            entity.id = f"{self.name}:{ref}"
            for full, quality in record["names"]:
                entity.add(NAME_PROPS.get(quality, "alias"), full)
            for birth in record["birth_dates"]:
                entity.add("birthDate", _birth_values(birth))
            entity.add("nationality", [c.lower() for c in record["nationalities"]])
            if record.get("gender"):
                entity.add("gender", record["gender"])
            self.proxies[ref] = entity
        return self.proxies[ref]

    def candidates(self, name: str, top_k: int) -> list[str]:
        hits = process.extract(_ascii(name), self.block_names, scorer=fuzz.WRatio, limit=top_k * 4)
        refs: list[str] = []
        for _choice, _score, position in hits:
            ref = self.block_refs[position]
            if ref not in refs:
                refs.append(ref)
            if len(refs) == top_k:
                break
        return refs


def main() -> None:
    algorithm = get_algorithm("logic-v2")
    assert algorithm is not None, "nomenklatura has no logic-v2"
    config = algorithm.default_config()
    threshold, top_k = 0.7, 20
    indexes: dict[str, Index] = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        msg = json.loads(line)
        if msg["type"] == "config":
            threshold, top_k = float(msg["threshold"]), int(msg["top_k"])
            continue
        if msg["type"] == "index":
            indexes[msg["index"]] = Index(msg["index"], msg["entities"])
            continue
        started = time.perf_counter()
        index = indexes[msg["index"]]
        query = model.make_entity("Person")
        query.id = msg["qid"] + ("-attr" if msg.get("use_attributes") else "")
        query.add("name", msg["name"])
        if msg.get("use_attributes"):
            query.add("birthDate", _birth_values(msg.get("birth_date")))
            if msg.get("nationality"):
                query.add("nationality", str(msg["nationality"]).lower())
        refs = index.candidates(msg["name"], top_k)
        expected = msg.get("expected_reference")
        if expected and expected in index.records and expected not in refs:
            refs.append(expected)
        scored = []
        expected_score = None
        for ref in refs:
            score = float(algorithm.compare(query, index.proxy(ref), config).score)
            if ref == expected:
                expected_score = score
            if score >= threshold:
                scored.append((ref, round(score, 4)))
        scored.sort(key=lambda item: -item[1])
        out = {
            "qid": msg["qid"],
            "use_attributes": bool(msg.get("use_attributes")),
            "matches": scored,
            "expected_score": expected_score,
            "pairs": len(refs),
            "seconds": time.perf_counter() - started,
        }
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
